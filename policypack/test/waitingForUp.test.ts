import * as assert from "node:assert/strict";
import { policies } from "../src/policies";
import { checksWaitingForUp, RULE_CHECKS, waitingLine } from "../src/rules/waitingForUp";
import { FakeResource, runResourcePolicy, runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { isResourcePolicy } from "../testing/policyTypes";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { brokenStack, compliantPlatform } from "../testing/examples";
import { runPack, waitingLines } from "../testing/harness";
import { doc, docObj, EC2_TRUST, KEY_ARN, repo, res, role, TYPES } from "../testing/fixtures";

const NAME = "codeartifact-checks-waiting-for-up";
const DOC_FIX = "make the document known at preview (build it from names, not resource outputs) to have it checked now.";

describe(NAME, () => {
    it("re-runs the check of every other rule of the pack, in the pack's order", () => {
        assert.deepEqual(
            RULE_CHECKS.map((c) => c.rule),
            policies.map((p) => p.name).filter((n) => n !== NAME),
        );
    });

    it("is an advisory stack rule, configurable like the others", () => {
        assert.equal(checksWaitingForUp.enforcementLevel, "advisory");
        assert.deepEqual(Object.keys(checksWaitingForUp.configSchema?.properties ?? {}).sort(), ["exemptResources", "ignoreRules"]);
    });

    it("prints one line per resource, however many rules wait on it", async () => {
        const r = role(UNKNOWN_VALUE, { inlinePolicies: [{ name: "ci", policy: UNKNOWN_VALUE }] }, "ci");
        const p = res(TYPES.policy, "later", { policy: UNKNOWN_VALUE });
        const v = await waitingLines([r, p]);
        assert.deepEqual(
            v.map((x) => x.urn),
            [urnOf(r), urnOf(p)],
        );
        assert.equal(
            v[0].message,
            'aws:iam/role:Role "ci": codeartifact-no-wildcard-publish, codeartifact-oidc-trust-subject, codeartifact-oidc-trust-audience, ' +
                "codeartifact-oidc-publish-any-branch and codeartifact-bearer-token-service-condition wait for up " +
                '(inlinePolicies[0] ("ci") and assumeRolePolicy are unknown during preview). They run at up; make the documents known ' +
                "at preview (build them from names, not resource outputs) to have them checked now.",
        );
    });

    it("words one rule, parts of a document, and several kinds of fix", () => {
        const wait = (what: string, partly = false, fix: "document" | "encryption-key" | "upstreams" | "value" = "document") => ({
            urn: "u",
            what,
            partly,
            fix,
        });
        const r = { type: "aws:iam/policy:Policy", name: "p" };
        assert.equal(
            waitingLine(r, [{ rule: "codeartifact-no-wildcard-publish", wait: wait("policy", true) }]),
            `aws:iam/policy:Policy "p": codeartifact-no-wildcard-publish waits for up (parts of policy are unknown during preview). It runs at up; ${DOC_FIX}`,
        );
        assert.equal(
            waitingLine(r, [
                { rule: "codeartifact-no-public-read", wait: wait("policyDocument", true) },
                { rule: "codeartifact-no-wildcard-publish", wait: wait("policyDocument") },
                { rule: "codeartifact-no-wildcard-publish-attachment", wait: wait("policyArn", false, "value") },
            ]),
            'aws:iam/policy:Policy "p": codeartifact-no-wildcard-publish, codeartifact-no-wildcard-publish-attachment and ' +
                "codeartifact-no-public-read wait for up (policyDocument and policyArn are unknown during preview). They run at up; " +
                `${DOC_FIX.slice(0, -1)}; pass it as a plain value or as an output of a resource of this stack to have it checked now.`,
        );
    });

    it("does not depend on the other policies having run: alone, it prints what it prints within the pack", async () => {
        const stack = compliantPlatform("preview-documents-from-outputs");
        const alone = await runStackPolicy(checksWaitingForUp, stack);
        const inPack = (await runPack(stack)).filter((x) => x.policyName === NAME);
        assert.ok(alone.length > 0);
        assert.deepEqual(alone, inPack);
    });

    it("says nothing at up, nor for a stack whose values are known at preview", async () => {
        assert.deepEqual(await waitingLines(compliantPlatform()), []);
        assert.deepEqual(await waitingLines(compliantPlatform("preview")), []);
    });

    it("a rule that already found a violation on the resource does not wait on it", async () => {
        const p = res(TYPES.policy, "mixed", {
            policy: docObj(
                { Effect: "Allow", Action: "codeartifact:*", Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["codeartifact:PublishPackageVersion", "sts:GetServiceBearerToken"],
                    Resource: UNKNOWN_VALUE,
                    Condition: UNKNOWN_VALUE,
                },
            ),
        });
        assert.deepEqual(
            (await waitingLines([p])).map((x) => x.message),
            [
                'aws:iam/policy:Policy "mixed": codeartifact-bearer-token-service-condition waits for up (parts of policy are unknown ' +
                    `during preview). It runs at up; ${DOC_FIX}`,
            ],
        );
    });

    it("exemptResources and ignoreRules silence what other rules' config makes moot", async () => {
        const p = res(TYPES.rolePolicy, "ci-access", { role: "ci", policy: UNKNOWN_VALUE });
        const d = res(TYPES.domain, "acme", { domain: "acme", encryptionKey: UNKNOWN_VALUE });
        assert.equal((await waitingLines([p, d])).length, 2);
        assert.deepEqual(
            (await waitingLines([p, d], { [NAME]: { exemptResources: ["ci-access"] } })).map((x) => x.urn),
            [urnOf(d)],
        );
        assert.deepEqual(
            (
                await waitingLines([p, d], { [NAME]: { exemptResources: [urnOf(d)], ignoreRules: ["codeartifact-no-wildcard-publish"] } })
            ).map((x) => x.message),
            [
                'aws:iam/rolePolicy:RolePolicy "ci-access": codeartifact-bearer-token-service-condition waits for up (policy is unknown ' +
                    `during preview). It runs at up; ${DOC_FIX}`,
            ],
        );
    });

    it("can be disabled, or made mandatory to fail a preview until every check can run", async () => {
        const stack = [res(TYPES.rolePolicy, "ci-access", { role: "ci", policy: UNKNOWN_VALUE })];
        assert.deepEqual(await runPack(stack, { [NAME]: "disabled" }), []);
        assert.deepEqual(
            (await runPack(stack, { [NAME]: "mandatory" })).map((x) => [x.policyName, x.enforcementLevel]),
            [[NAME, "mandatory"]],
        );
    });

    it("the example stack's line (shown in the README)", async () => {
        const v = (await runPack(brokenStack())).filter((x) => x.policyName === NAME);
        assert.deepEqual(
            v.map((x) => x.message),
            [
                'aws:iam/rolePolicy:RolePolicy "ci-access": codeartifact-no-wildcard-publish and codeartifact-bearer-token-service-condition ' +
                    `wait for up (policy is unknown during preview). They run at up; ${DOC_FIX}`,
            ],
        );
    });

    it("other resources of the stack with known values add nothing", async () => {
        const stack = [
            res(TYPES.kmsKey, "k", { enableKeyRotation: true, arn: KEY_ARN }),
            res(TYPES.domain, "acme", { domain: "acme", encryptionKey: KEY_ARN }),
            repo("npm-store", { externalConnections: { externalConnectionName: "public:npmjs" } }),
            repo("app", { upstreams: [{ repositoryName: "npm-store" }] }),
            res(TYPES.role, "ec2", { name: "ec2", assumeRolePolicy: EC2_TRUST }),
            res(TYPES.rolePolicy, "ec2-read", {
                role: "ec2",
                policy: doc({ Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: "*" }),
            }),
        ];
        assert.deepEqual(await waitingLines(stack), []);
    });
});

describe(`${NAME}: independent of the other policies`, () => {
    // The rule shares nothing with the other policies but the pack's pure memos (document parses);
    // its lines must not depend on which policies ran before it, in which order, or whether any did.
    const stacks: Record<string, FakeResource[]> = {
        "documents from outputs": compliantPlatform("preview-documents-from-outputs"),
        "the component's shape at preview": compliantPlatform("preview"),
        "the broken stack": brokenStack(),
    };
    const others = policies.filter((p) => p.name !== NAME);
    async function runAll(order: typeof others, stack: FakeResource[]): Promise<void> {
        for (const p of order) {
            if (isResourcePolicy(p)) {
                for (const r of stack) {
                    await runResourcePolicy(p as ResourceValidationPolicy, r);
                }
            } else {
                await runStackPolicy(p as StackValidationPolicy, stack);
            }
        }
    }
    for (const [label, stack] of Object.entries(stacks)) {
        it(`the same lines alone, after every other policy, and after them in reverse: ${label}`, async () => {
            const alone = await runStackPolicy(checksWaitingForUp, stack);
            await runAll(others, stack);
            const after = await runStackPolicy(checksWaitingForUp, stack);
            await runAll([...others].reverse(), stack);
            const afterReversed = await runStackPolicy(checksWaitingForUp, stack);
            assert.deepEqual(after, alone);
            assert.deepEqual(afterReversed, alone);
        });
    }

    it("waits on the documents from outputs: the comparison above compares lines, not nothing", async () => {
        assert.ok((await runStackPolicy(checksWaitingForUp, stacks["documents from outputs"])).length > 0);
    });
});
