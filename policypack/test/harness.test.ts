import * as assert from "node:assert/strict";
import { policies } from "../src/policies";
import { brokenStack, compliantPlatform } from "../testing/examples";
import { policyNames, runPack } from "../testing/harness";

describe("harness: runPack", () => {
    it("exports every policy of the pack, with unique names", () => {
        assert.equal(policies.length, 11);
        assert.equal(new Set(policyNames()).size, policies.length);
    });

    it("a well-built platform passes every rule in mandatory mode", async () => {
        assert.deepEqual(await runPack(compliantPlatform(), "mandatory"), []);
    });

    it("the same platform during preview (ARNs unknown) gets no mandatory violation, only could-not-check notes", async () => {
        const v = await runPack(compliantPlatform(true), "mandatory");
        assert.ok(v.length > 0);
        for (const x of v) {
            assert.equal(x.enforcementLevel, "advisory", JSON.stringify(x));
            assert.match(
                x.message,
                /^can't run policy '.*' from policy pack 'codeartifact-platform-policies@v0\.1\.0' during preview: could not check /,
            );
        }
        assert.deepEqual([...new Set(v.map((x) => x.policyName))].sort(), [
            "codeartifact-bearer-token-service-condition",
            "codeartifact-domain-cmk-encryption",
            "codeartifact-no-public-read",
            "codeartifact-no-wildcard-publish",
            "codeartifact-oidc-trust-audience",
            "codeartifact-oidc-trust-subject",
        ]);
    });

    it("a stack with one mistake per rule trips every policy", async () => {
        const v = await runPack(brokenStack());
        assert.deepEqual([...new Set(v.map((x) => x.policyName))].sort(), [...policyNames()].sort());
        const levels = Object.fromEntries(v.map((x) => [x.policyName, x.enforcementLevel]));
        assert.deepEqual(levels, {
            "codeartifact-no-wildcard-publish": "mandatory",
            "codeartifact-no-wildcard-publish-attachment": "mandatory",
            "codeartifact-domain-cmk-encryption": "mandatory",
            "codeartifact-no-public-connection-on-consuming-repo": "mandatory",
            "codeartifact-oidc-trust-subject": "mandatory",
            "codeartifact-oidc-trust-audience": "advisory",
            "codeartifact-oidc-publish-any-branch": "advisory",
            "codeartifact-bearer-token-service-condition": "advisory",
            "codeartifact-max-upstreams": "mandatory",
            "codeartifact-domain-key-rotation": "advisory",
            "codeartifact-no-public-read": "advisory",
        });
        for (const x of v) {
            assert.ok(x.urn && x.urn.startsWith("urn:pulumi:test::codeartifact::"), JSON.stringify(x));
        }
    });

    it("applies a single enforcement override to every policy, or one per policy", async () => {
        const all = await runPack(brokenStack(), "mandatory");
        assert.ok(all.every((x) => x.enforcementLevel === "mandatory"));
        const some = await runPack(brokenStack(), {
            "codeartifact-domain-cmk-encryption": "disabled",
            "codeartifact-no-public-read": "mandatory",
        });
        assert.ok(!some.some((x) => x.policyName === "codeartifact-domain-cmk-encryption"));
        assert.equal(some.find((x) => x.policyName === "codeartifact-no-public-read")?.enforcementLevel, "mandatory");
    });

    it("passes per-policy config through getConfig (and enforcementLevel from config)", async () => {
        const v = await runPack(brokenStack(), undefined, {
            config: {
                "codeartifact-no-public-connection-on-consuming-repo": { exemptRepositories: ["npm-direct"] },
                "codeartifact-max-upstreams": { enforcementLevel: "advisory" },
            },
        });
        assert.ok(!v.some((x) => x.policyName === "codeartifact-no-public-connection-on-consuming-repo"));
        assert.equal(v.find((x) => x.policyName === "codeartifact-max-upstreams")?.enforcementLevel, "advisory");
    });
});
