// examples/policy-violations: raw @pulumi/aws and @pulumi/aws-native resources that break every
// mandatory rule of the pack. Preview with the pack (its default enforcement levels) must fail and name each rule and
// the resource that breaks it; nothing reaches the stand-in.
import { strict as assert } from "node:assert";
import { awsResources, exampleDir, POLICY_PACK, tail } from "../src/harness";
import { scenario } from "../src/steps";

/** rule, resource as the CLI prints it ("type: name"), and a fragment of the message naming it. */
const EXPECTED: [string, string, string][] = [
    ["codeartifact-no-wildcard-publish", "aws:iam:Policy: wide-publish", `via Action "codeartifact:*" on Resource "*"`],
    [
        "codeartifact-no-wildcard-publish-attachment",
        "aws:iam:RolePolicyAttachment: ci-wide-publish",
        `attaches aws:iam/policy:Policy "wide-publish" to role "ci-`,
    ],
    ["codeartifact-domain-cmk-encryption", "aws:codeartifact:Domain: plain-domain", `domain "acme-plain" has no encryptionKey`],
    [
        "codeartifact-no-public-connection-on-consuming-repo",
        "aws:codeartifact:Repository: npm-direct",
        `repository "npm-direct" (domain "acme-plain") holds public:npmjs but no repository in this stack lists it as an upstream`,
    ],
    ["codeartifact-oidc-trust-subject", "aws:iam:Role: gha-publish", "assumeRolePolicy statement #1 has no condition on the sub claim"],
    ["codeartifact-max-upstreams", "aws:codeartifact:Repository: everything", `repository "everything" lists 11 upstreams`],
    // The same six breaks through @pulumi/aws-native (documents as objects, upstreams as names).
    [
        "codeartifact-no-wildcard-publish",
        "aws-native:iam:ManagedPolicy: native-wide-publish",
        `policyDocument statement #1 allows codeartifact:PublishPackageVersion`,
    ],
    [
        "codeartifact-no-wildcard-publish-attachment",
        "aws-native:iam:Role: native-ci",
        `managedPolicyArns attaches aws-native:iam:ManagedPolicy "native-wide-publish" to role "native-ci"`,
    ],
    [
        "codeartifact-domain-cmk-encryption",
        "aws-native:codeartifact:Domain: native-plain-domain",
        `domain "acme-native" has no encryptionKey`,
    ],
    [
        "codeartifact-no-public-connection-on-consuming-repo",
        "aws-native:codeartifact:Repository: native-npm-direct",
        `repository "native-npm-direct" (domain "acme-native") holds public:npmjs but no repository in this stack lists it as an upstream`,
    ],
    [
        "codeartifact-oidc-trust-subject",
        "aws-native:iam:Role: native-gha-publish",
        "assumeRolePolicyDocument statement #1 has no condition on the sub claim",
    ],
    [
        "codeartifact-max-upstreams",
        "aws-native:codeartifact:Repository: native-everything",
        `repository "native-everything" lists 11 upstreams`,
    ],
];
/** Advisory findings beside them: dependency confusion on both domains (publish grants, public chains, no blocking group). */
const ADVISORY: [string, string][] = [
    ["codeartifact-dependency-confusion", "aws:codeartifact:Domain: plain-domain"],
    ["codeartifact-dependency-confusion", "aws-native:codeartifact:Domain: native-plain-domain"],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

scenario("examples/policy-violations", exampleDir("policy-violations"), "e2e-pv", (step) => {
    step("preview --policy-pack fails and names every violated mandatory rule and its resource", async (ws) => {
        const r = await ws.run(["preview", "--policy-pack", POLICY_PACK]);
        assert.notEqual(r.code, 0, tail(r));
        const out = r.stdout + r.stderr;
        for (const [rule, resource, message] of EXPECTED) {
            const line = new RegExp(
                `- \\[mandatory\\] \\[severity: \\w+\\]\\s+${escape(rule)}\\s+\\(${escape(resource)}\\)\\n\\s+.+\\n\\s+(.+)`,
            );
            const m = out.match(line);
            assert.ok(m, `no mandatory ${rule} violation on (${resource})\n${tail(r)}`);
            assert.ok(m![1].includes(message), `${rule}: "${m![1]}" does not say ${message}`);
        }
        for (const [rule, resource] of ADVISORY) {
            assert.match(out, new RegExp(`- \\[advisory\\] \\[severity: \\w+\\]\\s+${escape(rule)}\\s+\\(${escape(resource)}\\)`), tail(r));
        }
        // Nothing else mandatory: one violation per rule and provider, and no "can't run policy" paragraph.
        const mandatory = out.match(/^\s+- \[mandatory\]/gm) ?? [];
        assert.equal(mandatory.length, EXPECTED.length, tail(r));
        assert.ok(!out.includes("can't run policy"), tail(r));
        assert.match(out, /error: preview failed/);
        assert.deepEqual(ws.ledger(), [], "a preview calls no create");
        assert.deepEqual(awsResources(await ws.state()), []);
    });
});
