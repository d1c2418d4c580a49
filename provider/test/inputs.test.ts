// Reading the component's inputs: `peek` (their plain shape, before validation) and `bindInputs`
// (each leaf of the validated plan paired with the Input at its path, so dependencies and
// secrecy carry over, and checked again when it resolves).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs } from "../src/args";
import { bindInputs, peek } from "../src/inputs";
import { UNKNOWN, validatePlatform } from "../src/validate";
import { assertOnlyInputErrors, value, withUnhandledRejections } from "./harness";

/** The internal surface of an Output that carries what it depends on and whether it is secret. */
interface OutputInternals {
    isSecret: Promise<boolean>;
    allResources(): Promise<Set<pulumi.Resource>>;
}
const internals = (o: unknown) => o as OutputInternals;

/** Any resource a leaf can be computed from. */
class Source extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Source", name, {});
    }
}

async function bound(args: CodeArtifactPlatformArgs) {
    return bindInputs(validatePlatform(await peek(args)), args);
}

describe("peek", () => {
    it("resolves Outputs and Promises at any depth into plain values", async () => {
        const args = {
            domainName: pulumi.output("acme"),
            repositories: [pulumi.output({ name: Promise.resolve("app"), readers: [pulumi.secret("444455556666")] })],
        };
        assert.deepEqual(await peek(args), { domainName: "acme", repositories: [{ name: "app", readers: ["444455556666"] }] });
    });
    it("keeps a value not known yet as UNKNOWN, not as absent", async () => {
        assert.deepEqual(await peek({ kmsKeyArn: pulumi.unknown, tags: { team: pulumi.unknown } }), {
            kmsKeyArn: UNKNOWN,
            tags: { team: UNKNOWN },
        });
    });
});

describe("bindInputs", () => {
    it("passes secret leaves on as secrets, with their values", async () => {
        const plan = await bound({
            domainName: "acme",
            repositories: [{ name: "app", readers: [pulumi.secret("444455556666")] }],
            crossAccountReaders: pulumi.secret(["555566667777"]),
            ec2Access: { roleName: pulumi.secret("build-host") },
        });
        const [app] = plan.repositories;
        assert.deepEqual(await value(app.readers), ["444455556666"]);
        assert.equal(await internals(app.readers).isSecret, true, "readers");
        assert.equal(await internals(plan.crossAccountReaders).isSecret, true, "crossAccountReaders");
        assert.equal(await value(plan.ec2!.roleName), "build-host");
        assert.equal(await internals(plan.ec2!.roleName).isSecret, true, "ec2Access.roleName");
        assert.equal(await internals(app.publishers).isSecret, false, "an absent leaf is no secret");
        assert.deepEqual(await value(app.publishers), []);
    });

    it("keeps a leaf's dependency on the resource it is computed from", async () => {
        const source = new Source("bind-source");
        const arn = source.id.apply(() => "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
        const plan = await bound({
            domainName: "acme",
            repositories: [{ name: "app" }],
            githubActions: { oidcProviderArn: arn, readSubjects: [source.id.apply(() => "repo:acme/app:ref:refs/heads/main")] },
        });
        const github = plan.github!;
        assert.ok((await internals(github.oidcProviderArn).allResources()).has(source), "oidcProviderArn");
        assert.ok((await internals(github.readSubjects).allResources()).has(source), "readSubjects");
        assert.equal(await value(github.oidcProviderArn), "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
    });

    it("passes `given` leaves (descriptions, tags) on as the very Inputs given, also through an Output", async () => {
        const tags = { team: pulumi.output("platform") };
        const description = pulumi.output("shared libraries");
        const plan = await bound({ domainName: "acme", repositories: [{ name: "lib", description }, { name: "app" }], tags });
        assert.equal(plan.tags, tags);
        assert.equal(plan.repositories.find((r) => r.name === "lib")!.description, description);
        assert.equal(plan.repositories.find((r) => r.name === "app")!.description, undefined);
        const viaOutput = await bound({
            domainName: "acme",
            repositories: pulumi.output([{ name: "lib", description: "shared libraries" }]),
        });
        assert.equal(await value(viaOutput.repositories[0].description), "shared libraries");
    });

    it("leaves a key and an OIDC provider out of the plan when none is given (the component creates them)", async () => {
        const plan = await bound({
            domainName: "acme",
            repositories: [{ name: "app" }],
            githubActions: { readSubjects: ["repo:acme/app:ref:refs/heads/main"] },
        });
        assert.equal(plan.kmsKeyArn, undefined);
        assert.equal(plan.github!.oidcProviderArn, undefined);
    });

    // Validation saw UNKNOWN; the same path resolves to a bad value: each kind of leaf still refuses it.
    const late: [
        string,
        Record<string, unknown>,
        Partial<CodeArtifactPlatformArgs>,
        (p: Awaited<ReturnType<typeof bound>>) => unknown,
        string,
    ][] = [
        [
            "a value (kmsKeyArn)",
            { kmsKeyArn: UNKNOWN },
            { kmsKeyArn: "my-key" },
            (p) => p.kmsKeyArn,
            `kmsKeyArn: "my-key" is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`,
        ],
        [
            "an optional value (ec2Access.roleName)",
            { ec2Access: { roleName: UNKNOWN } },
            { ec2Access: { roleName: "has space" } },
            (p) => p.ec2!.roleName,
            `ec2Access.roleName: "has space" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
        ],
        [
            "a list (crossAccountReaders)",
            { crossAccountReaders: [UNKNOWN] },
            { crossAccountReaders: ["12345"] },
            (p) => p.crossAccountReaders,
            `crossAccountReaders[0]: "12345" is not a 12-digit AWS account ID`,
        ],
    ];
    for (const [title, peeked, given, leafOf, problem] of late) {
        it(`checks ${title} again when it resolves`, async () => {
            const base = { domainName: "acme", repositories: [{ name: "app" }] };
            const { result, unhandled } = await withUnhandledRejections(async () => {
                const plan = bindInputs(validatePlatform({ ...base, ...peeked }), { ...base, ...given });
                return value(leafOf(plan) as pulumi.Output<unknown>);
            });
            assert.equal(result.status, "rejected", "the bad value must not pass");
            assertOnlyInputErrors([(result as PromiseRejectedResult).reason], [problem]);
            // The Output's own promises reject too, unobserved: with that error and nothing else.
            assertOnlyInputErrors(unhandled, [problem]);
        });
    }
});
