import * as assert from "node:assert/strict";
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../src/policies";
import { brokenStack, compliantPlatform, policyViolationsAtPreview } from "../testing/examples";
import { runResourcePolicy, runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { HarnessResource, policyNames, runPack } from "../testing/harness";
import { res, TYPES } from "../testing/fixtures";

const WAITING = "codeartifact-checks-waiting-for-up";

describe("harness: runPack", () => {
    it("exports every policy of the pack, with unique names", () => {
        assert.equal(policies.length, 13);
        assert.equal(new Set(policyNames()).size, policies.length);
    });

    it("a well-built platform passes every rule in mandatory mode", async () => {
        assert.deepEqual(await runPack(compliantPlatform(), "mandatory"), []);
    });

    it("the same platform during preview, built the way the component builds it, gets nothing at all (every rule mandatory)", async () => {
        assert.deepEqual(await runPack(compliantPlatform("preview"), "mandatory"), []);
    });

    it("with its documents built from resource outputs: no violation, one waiting line per resource whose document is unknown", async () => {
        const stack = compliantPlatform("preview-documents-from-outputs");
        const v = await runPack(stack, "mandatory");
        assert.deepEqual([...new Set(v.map((x) => x.policyName))], [WAITING]);
        const name = (u?: string) => stack.find((r) => urnOf(r) === u)?.name;
        assert.deepEqual(
            v.map((x) => name(x.urn)),
            ["npm-internal-policy", "acme-domain-policy", "acme-ec2", "acme-gha-read", "acme-gha-publish", "acme-gha-publish-access"],
        );
        for (const x of v) {
            assert.doesNotMatch(x.message, /can't run policy/);
            assert.match(
                x.message,
                /^aws:[^ ]+ "[^"]+": codeartifact-[a-z-]+(?:(?:, | and )codeartifact-[a-z-]+)* waits? for up \(.+ (?:is|are) unknown during preview\)\. (?:It runs|They run) at up; .+ checked now\.$/,
            );
        }
        assert.equal(
            v.find((x) => name(x.urn) === "acme-gha-read")!.message,
            'aws:iam/role:Role "acme-gha-read": codeartifact-no-wildcard-publish, codeartifact-oidc-trust-subject, ' +
                "codeartifact-oidc-trust-audience, codeartifact-oidc-publish-any-branch and codeartifact-bearer-token-service-condition " +
                'wait for up (inlinePolicies[0] ("read") and assumeRolePolicy are unknown during preview). They run at up; make the ' +
                "documents known at preview (build them from names, not resource outputs) to have them checked now.",
        );
    });

    it("a hand-wired stack like examples/policy-violations fails preview with every mandatory finding (and the dependency-confusion advisory), and nothing waits", async () => {
        const v = await runPack(policyViolationsAtPreview());
        assert.deepEqual(
            v.map((x) => [x.enforcementLevel, x.policyName, x.urn?.split("::").pop()]),
            [
                ["mandatory", "codeartifact-no-wildcard-publish", "wide-publish"],
                ["mandatory", "codeartifact-no-wildcard-publish-attachment", "ci-wide-publish"],
                ["mandatory", "codeartifact-domain-cmk-encryption", "plain-domain"],
                ["mandatory", "codeartifact-no-public-connection-on-consuming-repo", "npm-direct"],
                ["mandatory", "codeartifact-oidc-trust-subject", "gha-publish"],
                ["mandatory", "codeartifact-max-upstreams", "everything"],
                // wide-publish grants publish on npm-direct, which holds public:npmjs, and no package group blocks it.
                ["advisory", "codeartifact-dependency-confusion", "plain-domain"],
            ],
        );
        assert.match(v[1].message, /^policyArn attaches aws:iam\/policy:Policy "wide-publish" to role "ci-4f2a"/);
        assert.match(v[3].message, /^repository "npm-direct" \(domain "acme-plain"\) holds public:npmjs but no repository/);
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
            "codeartifact-dependency-confusion": "advisory",
            "codeartifact-checks-waiting-for-up": "advisory",
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

describe("harness: no rule lets the framework's UnknownValueError escape", () => {
    // Every property of every resource of the example stacks made unknown, one at a time: no
    // "can't run policy" paragraph, no crash; whatever cannot be decided is a waiting line.
    const stacks: [string, HarnessResource[]][] = [
        ["the well-built platform", compliantPlatform()],
        ["the stack with one mistake per rule", brokenStack()],
    ];
    for (const [label, stack] of stacks) {
        it(label, async () => {
            let runs = 0;
            for (let i = 0; i < stack.length; i++) {
                for (const key of Object.keys(stack[i].props)) {
                    const variant = stack.map((r, j) => (j === i ? { ...r, props: { ...r.props, [key]: UNKNOWN_VALUE } } : r));
                    for (const x of await runPack(variant, "mandatory")) {
                        assert.doesNotMatch(x.message, /can't run policy/, `${stack[i].name}.${key}: ${x.message}`);
                    }
                    runs++;
                }
            }
            assert.ok(runs > 20, `${runs} variants`);
        });
    }
});

describe("harness: what the fake engine hands to policies (as server.js does)", () => {
    const key = res(TYPES.kmsKey, "k", { enableKeyRotation: true }, { computed: { arn: UNKNOWN_VALUE } });
    const domain = res(
        TYPES.domain,
        "d",
        { domain: "acme", encryptionKey: UNKNOWN_VALUE, tags: { team: "x" } },
        { propertyDependencies: { encryptionKey: [urnOf(key), "urn:pulumi:test::codeartifact::aws:kms/key:Key::elsewhere"] } },
    );

    it("resource policies get the program's inputs and no property dependencies", async () => {
        let seen: ResourceValidationArgs | undefined;
        const spy: ResourceValidationPolicy = { name: "spy", description: "spy", validateResource: (args) => void (seen = args) };
        await runResourcePolicy(spy, key);
        assert.ok(seen);
        assert.equal("propertyDependencies" in seen, false);
        assert.deepEqual(Object.keys(seen.props), ["enableKeyRotation"]);
    });

    it("stack policies get outputs (computed ones too) and one property dependency entry per input, URNs resolved", async () => {
        let seen: PolicyResource[] = [];
        const spy: StackValidationPolicy = { name: "spy", description: "spy", validateStack: (args) => void (seen = args.resources) };
        await runStackPolicy(spy, [key, domain]);
        assert.deepEqual(Object.keys(seen[0].props).sort(), ["arn", "enableKeyRotation"]);
        assert.deepEqual(seen[0].propertyDependencies, { enableKeyRotation: [] });
        assert.deepEqual(Object.keys(seen[1].propertyDependencies).sort(), ["domain", "encryptionKey", "tags"]);
        // A URN that is not a resource of the stack is dropped, as server.js does.
        assert.deepEqual(
            seen[1].propertyDependencies.encryptionKey.map((r) => r.urn),
            [urnOf(key)],
        );
        assert.equal(seen[1].propertyDependencies.encryptionKey[0], seen[0]);
    });
});
