// examples/policy-violations: raw @pulumi/aws resources that break every mandatory rule of the
// pack. Preview with the pack (its default enforcement levels) must fail and name each rule and
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
        // Nothing else: one violation per rule, no advisory findings, no could-not-check notes.
        const findings = out.match(/^\s+- \[(mandatory|advisory|remediate)\]/gm) ?? [];
        assert.equal(findings.length, EXPECTED.length, tail(r));
        assert.match(out, /error: preview failed/);
        assert.deepEqual(ws.ledger(), [], "a preview calls no create");
        assert.deepEqual(awsResources(await ws.state()), []);
    });
});
