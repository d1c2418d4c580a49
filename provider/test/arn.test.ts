// Pure ARN helpers: parsing, the package ARNs of a repository, principals from account IDs.
import { strict as assert } from "assert";
import { dnsSuffix, packagesArn, parseArn, principalArn } from "../src/arn";

const DOMAIN = "arn:aws:codeartifact:us-east-1:111122223333:domain/acme";
const REPO = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/app";
const PKGS = "arn:aws:codeartifact:us-east-1:111122223333:package/acme/app/*";

describe("arn helpers", () => {
    it("parseArn splits partition, service, region, account and resource (keeping colons in the resource)", () => {
        assert.deepEqual(parseArn("arn:aws-cn:codeartifact:cn-north-1:111122223333:repository/acme/app"), {
            partition: "aws-cn",
            service: "codeartifact",
            region: "cn-north-1",
            account: "111122223333",
            resource: "repository/acme/app",
        });
        assert.equal(parseArn("arn:aws:logs:us-east-1:111122223333:log-group:/x:*").resource, "log-group:/x:*");
        assert.throws(() => parseArn("not:an:arn"), /^Error: not an ARN: "not:an:arn"$/);
    });
    it("packagesArn turns a repository ARN into the ARN of every package in it", () => {
        assert.equal(packagesArn(REPO), PKGS);
        assert.equal(
            packagesArn("arn:aws-us-gov:codeartifact:us-gov-west-1:111122223333:repository/d/r.x"),
            "arn:aws-us-gov:codeartifact:us-gov-west-1:111122223333:package/d/r.x/*",
        );
        assert.throws(() => packagesArn(DOMAIN), /not a CodeArtifact repository ARN/);
    });
    it("principalArn turns an account ID into its root and passes ARNs through", () => {
        assert.equal(principalArn("aws", "444455556666"), "arn:aws:iam::444455556666:root");
        assert.equal(principalArn("aws-cn", "444455556666"), "arn:aws-cn:iam::444455556666:root");
        assert.equal(principalArn("aws", "arn:aws:iam::444455556666:role/ci"), "arn:aws:iam::444455556666:role/ci");
    });
    it("dnsSuffix is amazonaws.com.cn in aws-cn and amazonaws.com elsewhere", () => {
        assert.equal(dnsSuffix("aws-cn"), "amazonaws.com.cn");
        for (const p of ["aws", "aws-us-gov", "aws-iso"]) assert.equal(dnsSuffix(p), "amazonaws.com", p);
    });
});
