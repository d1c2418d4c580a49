// An explicit aws provider passed in `providers` to the component from the Python SDK (a
// NON-TypeScript program; pulumi-aws from .venv): region eu-west-1 and defaultTags. Read back from
// `pulumi stack export`: every child uses that provider, regional ARNs are in eu-west-1, tagsAll
// carries the default tags, and no default aws provider exists at all.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { awsResources, nameOf, REPO, tail } from "../src/harness";
import { scenario } from "../src/steps";

const PROGRAM = path.join(REPO, "tests", "e2e", "programs", "platform-py");
/** Types whose ARN carries a region (IAM ARNs never do). */
const REGIONAL = /^aws:(kms|codeartifact)\//;
/** Types with tags (and so tagsAll) in @pulumi/aws 7.48.0, as the component uses them. */
const TAGGABLE = new Set([
    "aws:kms/key:Key",
    "aws:codeartifact/domain:Domain",
    "aws:codeartifact/repository:Repository",
    "aws:iam/role:Role",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
]);

scenario("explicit aws provider from Python (providers=[aws.Provider(region=eu-west-1, default_tags)])", PROGRAM, "e2e-prov", (step) => {
    step("up; every child uses the explicit provider: eu-west-1 ARNs, default tags in tagsAll, no default provider", async (ws) => {
        await ws.setConfig("explicitProvider.region", "eu-west-1", { path: true });
        await ws.setConfig("explicitProvider.defaultTags.owner", "platform-team", { path: true });
        await ws.setConfig("explicitProvider.defaultTags.cost-center", "cc-42", { path: true });
        const r = await ws.run(["up", "--yes", "--skip-preview"]);
        assert.equal(r.code, 0, tail(r));

        const state = await ws.state();
        const providers = state.filter((s) => s.type === "pulumi:providers:aws");
        assert.deepEqual(
            providers.map((p) => nameOf(p.urn)),
            ["explicit"],
            "only the explicit aws provider, no default one",
        );
        const explicitRef = `${providers[0].urn}::${providers[0].id}`;
        assert.equal(providers[0].outputs?.region ?? providers[0].inputs?.region, "eu-west-1");

        const children = awsResources(state);
        assert.equal(children.length, 13, children.map((c) => nameOf(c.urn)).join(", "));
        const component = state.find((s) => s.type === "codeartifact-platform:index:CodeArtifactPlatform")!;
        for (const c of children) {
            const n = nameOf(c.urn);
            assert.equal(c.parent, component.urn, `${n} is a child of the component`);
            assert.equal(c.provider, explicitRef, `${n} uses the explicit provider`);
            if (REGIONAL.test(c.type)) {
                assert.match(String(c.outputs?.arn), /^arn:aws:(kms|codeartifact):eu-west-1:111122223333:/, n);
            }
            if (TAGGABLE.has(c.type)) {
                assert.deepEqual(
                    c.outputs?.tagsAll,
                    { "managed-by": "pulumi", suite: "e2e", owner: "platform-team", "cost-center": "cc-42" },
                    n,
                );
            }
        }
        // Invokes go through the same provider: the key policy names this region, never the default one.
        const key = children.find((c) => c.type === "aws:kms/key:Key")!;
        assert.ok(
            String(key.outputs?.policy).includes("eu-west-1") && !String(key.outputs?.policy).includes("us-east-1"),
            key.outputs?.policy,
        );
        // What the stand-in received: every create in eu-west-1.
        const creates = ws.ledger().filter((c) => c.op === "create");
        assert.equal(creates.length, 13);
        assert.deepEqual([...new Set(creates.map((c) => c.region))], ["eu-west-1"]);

        const o = await ws.outputs();
        assert.equal(o.domainArn, "arn:aws:codeartifact:eu-west-1:111122223333:domain/e2e-platform");
        assert.equal(o.endpoints.apps.npm, "https://e2e-platform-111122223333.d.codeartifact.eu-west-1.amazonaws.com/npm/apps/");
    });
});
