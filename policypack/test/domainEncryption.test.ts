import * as assert from "node:assert/strict";
import { domainCmkEncryption } from "../src/rules/domainEncryption";
import { runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { KEY_ARN, res, TYPES, ACCOUNT, REGION } from "../testing/fixtures";

const NAME = "codeartifact-domain-cmk-encryption";
const domain = (props: Record<string, unknown>, name = "acme") => res(TYPES.domain, name, { domain: "acme", ...props });

describe(NAME, () => {
    const violating: [string, Record<string, unknown>, string][] = [
        [
            "no encryptionKey",
            {},
            'domain "acme" has no encryptionKey, so CodeArtifact encrypts it with the AWS managed key aws/codeartifact. ',
        ],
        ["empty encryptionKey", { encryptionKey: "" }, 'domain "acme" has no encryptionKey'],
        [
            "AWS managed alias ARN",
            { encryptionKey: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/codeartifact` },
            `domain "acme" uses the AWS managed key "arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/codeartifact", which you cannot rotate, restrict or audit by key policy. `,
        ],
        ["AWS managed alias name", { encryptionKey: "alias/aws/codeartifact" }, 'uses the AWS managed key "alias/aws/codeartifact"'],
    ];
    for (const [label, props, expected] of violating) {
        it(`flags ${label}`, async () => {
            const r = domain(props);
            const v = await runResourcePolicy(domainCmkEncryption, r);
            assert.equal(v.length, 1);
            assert.equal(v[0].policyName, NAME);
            assert.equal(v[0].urn, urnOf(r));
            assert.equal(v[0].enforcementLevel, "mandatory");
            assert.ok(v[0].message.includes(expected), v[0].message);
            assert.match(v[0].message, /Set encryptionKey to the ARN of a customer-managed KMS key/);
        });
    }

    const compliant: [string, string][] = [
        ["customer-managed key ARN", KEY_ARN],
        ["customer alias ARN", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/codeartifact-acme`],
        ["alias that merely contains aws", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/awesome/key`],
    ];
    for (const [label, key] of compliant) {
        it(`passes ${label}`, async () => {
            assert.deepEqual(await runResourcePolicy(domainCmkEncryption, domain({ encryptionKey: key })), []);
        });
    }

    it("reports an encryptionKey unknown during preview as could-not-check", async () => {
        const v = await runResourcePolicy(domainCmkEncryption, domain({ encryptionKey: UNKNOWN_VALUE }));
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.match(
            v[0].message,
            /during preview: could not check encryptionKey \(an output of another resource, e\.g\. a KMS key created in this stack\)/,
        );
    });

    it("does not run on other types (framework fast path)", async () => {
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, res(TYPES.repository, "r", { domain: "acme", repository: "x" })), []);
    });

    it("skips domains listed in exemptDomains", async () => {
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, domain({}), { [NAME]: { exemptDomains: ["acme"] } }), []);
        assert.equal((await runResourcePolicy(domainCmkEncryption, domain({}), { [NAME]: { exemptDomains: ["other"] } })).length, 1);
    });
});
