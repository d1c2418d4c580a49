// codeartifact-checks-waiting-for-up: one short line per resource naming the rules that could not
// decide during preview because a value they need is unknown, instead of the framework's "can't run
// policy ... during preview" paragraph per rule and resource.
//
// A stack rule, and pure: it re-runs every rule's check (the same function the rule runs, see
// src/verdict.ts) over the program view of the stack and collects their waits. It does not rely on
// the order in which the framework runs policies, or on state other policies leave behind. The stack
// view is also the one that carries the engine's property dependencies, which settle some unknowns
// (a domain whose encryptionKey comes from a KMS key of the stack). At `pulumi up` nothing is
// unknown, so it says nothing.
//
// The checks run here with their default config: a rule's config (its exemptions, or whether it is
// disabled) is only visible to that rule. `exemptResources` and `ignoreRules` below silence what the
// other rules' config makes moot.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { programView } from "../resources";
import { Config, ResourceCheck, StackCheck, Wait, WaitFix } from "../verdict";
import { BEARER_TOKEN_CONDITION, checkBearerTokenCondition } from "./bearerToken";
import { configList, isExempt } from "./common";
import { checkDependencyConfusion, DEPENDENCY_CONFUSION } from "./dependencyConfusion";
import { checkDomainCmk, DOMAIN_CMK } from "./domainEncryption";
import { checkDomainKeyRotation, DOMAIN_KEY_ROTATION } from "./keyRotation";
import { checkMaxUpstreams, MAX_UPSTREAMS } from "./maxUpstreams";
import { checkOidcPublishAnyBranch, OIDC_PUBLISH_ANY_BRANCH } from "./oidcPublishScope";
import { checkOidcTrustAudience, checkOidcTrustSubject, OIDC_TRUST_AUDIENCE, OIDC_TRUST_SUBJECT } from "./oidcTrust";
import { checkNoPublicConnection, NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO } from "./publicConnection";
import { checkNoPublicRead, NO_PUBLIC_READ } from "./publicRead";
import { checkNoWildcardPublish, NO_WILDCARD_PUBLISH } from "./wildcardPublish";
import { checkNoWildcardPublishAttachment, NO_WILDCARD_PUBLISH_ATTACHMENT } from "./wildcardPublishAttachment";

export const CHECKS_WAITING_FOR_UP = "codeartifact-checks-waiting-for-up";

export type RuleCheck = { rule: string; resource: ResourceCheck } | { rule: string; stack: StackCheck };

/** Every other rule of the pack with its check, in the pack's order (the order lines name them in). */
export const RULE_CHECKS: readonly RuleCheck[] = [
    { rule: NO_WILDCARD_PUBLISH, resource: checkNoWildcardPublish },
    { rule: NO_WILDCARD_PUBLISH_ATTACHMENT, stack: checkNoWildcardPublishAttachment },
    { rule: DOMAIN_CMK, resource: checkDomainCmk },
    { rule: NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO, stack: checkNoPublicConnection },
    { rule: OIDC_TRUST_SUBJECT, resource: checkOidcTrustSubject },
    { rule: OIDC_TRUST_AUDIENCE, resource: checkOidcTrustAudience },
    { rule: OIDC_PUBLISH_ANY_BRANCH, stack: checkOidcPublishAnyBranch },
    { rule: BEARER_TOKEN_CONDITION, resource: checkBearerTokenCondition },
    { rule: MAX_UPSTREAMS, resource: checkMaxUpstreams },
    { rule: DOMAIN_KEY_ROTATION, stack: checkDomainKeyRotation },
    { rule: NO_PUBLIC_READ, resource: checkNoPublicRead },
    { rule: DEPENDENCY_CONFUSION, stack: checkDependencyConfusion },
];

export interface RuleWait {
    rule: string;
    wait: Wait;
}

/**
 * What every rule waits for, over the stack (AnalyzeStack's resources). A rule that already has a
 * finding on a resource has decided there (it fails either way), so it does not wait on it.
 */
export function waitsOf(stack: readonly PolicyResource[], ignoreRules: readonly string[] = []): RuleWait[] {
    const resources = programView(stack);
    const out: RuleWait[] = [];
    for (const c of RULE_CHECKS) {
        if (ignoreRules.includes(c.rule)) {
            continue;
        }
        const verdicts = "resource" in c ? resources.map((r) => c.resource(r, {})) : [c.stack(resources, {})];
        for (const v of verdicts) {
            const decided = new Set(v.findings.map((f) => f.urn));
            for (const wait of v.waits) {
                if (!decided.has(wait.urn)) {
                    out.push({ rule: c.rule, wait });
                }
            }
        }
    }
    return out;
}

function joinAnd(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Every kind of fix, in the order a line names them. */
export const WAIT_FIXES: readonly WaitFix[] = ["document", "encryption-key", "upstreams", "value"];

/** The end of a waiting line: how to have the check run at preview (`count` values of that kind). */
export function fixText(fix: WaitFix, count: number): string {
    const many = count > 1;
    switch (fix) {
        case "document":
            return many
                ? "make the documents known at preview (build them from names, not resource outputs) to have them checked now"
                : "make the document known at preview (build it from names, not resource outputs) to have it checked now";
        case "encryption-key":
            return "take encryptionKey from an aws.kms.Key of this stack (key.arn) or pass a known key ARN to have it checked now";
        case "upstreams":
            return "list the upstreams by name or as outputs of repositories of this stack (repo.repository) to have them checked now";
        case "value":
            return many
                ? "pass them as plain values or as outputs of resources of this stack to have them checked now"
                : "pass it as a plain value or as an output of a resource of this stack to have it checked now";
    }
}

/**
 * The line for one resource: which rules wait, on what, and how to have them run at preview, e.g.
 * `aws:iam/rolePolicy:RolePolicy "ci-access": codeartifact-no-wildcard-publish and
 * codeartifact-bearer-token-service-condition wait for up (policy is unknown during preview). They run
 * at up; make the document known at preview (build it from names, not resource outputs) to have it
 * checked now.`
 */
export function waitingLine(r: { type: string; name: string }, waits: readonly RuleWait[]): string {
    const order = (rule: string) => RULE_CHECKS.findIndex((c) => c.rule === rule);
    const sorted = [...waits].sort((a, b) => order(a.rule) - order(b.rule));
    const rules = [...new Set(sorted.map((w) => w.rule))];
    const unknowns: Wait[] = [];
    for (const { wait } of sorted) {
        const seen = unknowns.find((u) => u.what === wait.what);
        if (seen) {
            seen.partly = seen.partly && wait.partly;
        } else {
            unknowns.push({ ...wait });
        }
    }
    const items = unknowns.map((u) => (u.partly ? `parts of ${u.what}` : u.what));
    const verb = unknowns.length === 1 && !unknowns[0].partly ? "is" : "are";
    const fixes = WAIT_FIXES.flatMap((fix) => {
        const count = unknowns.filter((u) => u.fix === fix).length;
        return count > 0 ? [fixText(fix, count)] : [];
    });
    const one = rules.length === 1;
    return (
        `${r.type} ${JSON.stringify(r.name)}: ${joinAnd(rules)} ${one ? "waits" : "wait"} for up ` +
        `(${joinAnd(items)} ${verb} unknown during preview). ${one ? "It runs" : "They run"} at up; ${fixes.join("; ")}.`
    );
}

export const checksWaitingForUp: StackValidationPolicy = {
    name: CHECKS_WAITING_FOR_UP,
    description: "Some checks of this pack wait for pulumi up: a value they need is unknown during preview.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps:
        "Nothing is skipped: the waiting checks run at pulumi up. To have them run at preview, build the values " +
        "they need from names, not resource outputs.",
    configSchema: {
        properties: {
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of resources this rule does not mention.",
            },
            ignoreRules: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Rules this rule does not mention, e.g. ones you disabled or exempted a resource from " +
                    "(a rule's config is visible to that rule only).",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const config: Config = args.getConfig();
        const exempt = configList(config, "exemptResources");
        const waits = waitsOf(args.resources, configList(config, "ignoreRules"));
        for (const r of args.resources) {
            const mine = waits.filter((w) => w.wait.urn === r.urn);
            if (mine.length > 0 && !isExempt(exempt, r.name, r.urn)) {
                reportViolation(waitingLine(r, mine), r.urn);
            }
        }
    },
};
