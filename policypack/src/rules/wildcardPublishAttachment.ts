// codeartifact-no-wildcard-publish-attachment (the stack side of codeartifact-no-wildcard-publish):
// a wildcard-publish aws.iam.Policy of this stack attached to a role, user or group — through
// RolePolicyAttachment / UserPolicyAttachment / GroupPolicyAttachment / PolicyAttachment or
// Role.managedPolicyArns — is reported on the attachment, naming who gets it. The same for an
// aws-native:iam:ManagedPolicy, attached through an aws-native (or aws) Role's managedPolicyArns or
// its own `roles`/`users`/`groups` (then the policy is the attachment).

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    ATTACHMENT_TYPES,
    documentsOf,
    label,
    MANAGED_POLICY_TYPES,
    programView,
    ROLE_TYPES,
    roleNameKey,
    strListProp,
    strProp,
    T,
} from "../resources";
import { isUnknown, UNKNOWN, Unknown } from "../unknown";
import { Config, reportStackFindings, Unknownness, Verdict } from "../verdict";
import { configBool, configList, isExempt, propertyDependenciesOf, stackPoliciesNamedBy } from "./common";
import { PUBLISH_REMEDIATION, wildcardPublishInDocument } from "./wildcardPublish";

export const NO_WILDCARD_PUBLISH_ATTACHMENT = "codeartifact-no-wildcard-publish-attachment";

interface PolicyVerdict {
    findings: string[];
    unknown: Unknownness;
}

const UNKNOWNNESS: readonly Unknownness[] = ["none", "partly", "whole"];
const worse = (a: Unknownness, b: Unknownness) => (UNKNOWNNESS.indexOf(a) >= UNKNOWNNESS.indexOf(b) ? a : b);

function verdictOf(policy: PolicyResource, allowStar: boolean): PolicyVerdict {
    const out: PolicyVerdict = { findings: [], unknown: "none" };
    for (const doc of documentsOf(policy.type, policy.props)) {
        const v = wildcardPublishInDocument(doc.parsed, doc.kind, { allowStarResourceInRepositoryPolicy: allowStar });
        out.findings.push(...v.findings.map((f) => `${doc.where} ${f}`));
        out.unknown = worse(out.unknown, v.unknown);
    }
    return out;
}

function targetsOf(r: PolicyResource): string {
    if (ROLE_TYPES.has(r.type)) {
        const n = strProp(r.props, roleNameKey(r.type));
        return `role ${JSON.stringify(typeof n === "string" ? n : r.name)}`;
    }
    const parts: string[] = [];
    const one = (key: string, what: string) => {
        let v = strProp(r.props, key);
        const deps = (r.propertyDependencies ?? {})[key] ?? [];
        if (isUnknown(v) && key === "role" && deps.length === 1 && ROLE_TYPES.has(deps[0].type)) {
            // Computed from one role of the stack (role.name, role.id): its name, if known.
            v = strProp(deps[0].props, roleNameKey(deps[0].type)) ?? v;
        }
        if (typeof v === "string") {
            parts.push(`${what} ${JSON.stringify(v)}`);
        } else if (isUnknown(v)) {
            parts.push(`a ${what} whose name is not known yet`);
        }
    };
    const many = (key: string, what: string) => {
        const v = strListProp(r.props, key);
        if (isUnknown(v)) {
            parts.push(`${what}s whose names are not known yet`);
        } else if (Array.isArray(v)) {
            for (const e of v) {
                parts.push(typeof e === "string" ? `${what} ${JSON.stringify(e)}` : `a ${what} whose name is not known yet`);
            }
        }
    };
    one("role", "role");
    one("user", "user");
    one("group", "group");
    many("roles", "role");
    many("users", "user");
    many("groups", "group");
    return parts.length > 0 ? parts.join(", ") : "its principals";
}

export const noWildcardPublishAttachment: StackValidationPolicy = {
    name: NO_WILDCARD_PUBLISH_ATTACHMENT,
    description: "No role, user or group may be given a wildcard-publish IAM policy of this stack through an attachment.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: PUBLISH_REMEDIATION,
    configSchema: {
        properties: {
            allowStarResourceInRepositoryPolicy: {
                type: "boolean",
                default: false,
                description: "Same meaning as for codeartifact-no-wildcard-publish (kept in step with it).",
            },
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of attachments, roles or aws.iam.Policy resources this rule skips.",
            },
        },
    },
    validateStack: (args, reportViolation) =>
        reportStackFindings(checkNoWildcardPublishAttachment(programView(args.resources), args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkNoWildcardPublishAttachment(resources: PolicyResource[], config: Config): Verdict {
    const verdict = new Verdict();
    const exempt = configList(config, "exemptResources");
    const allowStar = configBool(config, "allowStarResourceInRepositoryPolicy", false);
    const policies = resources.filter((r) => MANAGED_POLICY_TYPES.has(r.type));
    if (policies.length === 0) {
        return verdict;
    }
    const verdicts = new Map<string, PolicyVerdict>();
    const verdictFor = (p: PolicyResource) => {
        let v = verdicts.get(p.urn);
        if (!v) {
            v = verdictOf(p, allowStar);
            verdicts.set(p.urn, v);
        }
        return v;
    };
    const candidates = policies.filter((p) => !isExempt(exempt, p.name, p.urn));

    const check = (r: PolicyResource, arn: string | Unknown | undefined, deps: PolicyResource[], via: string) => {
        const { matched, ambiguous } = stackPoliciesNamedBy(arn, deps, policies);
        for (const p of matched.filter((m) => !isExempt(exempt, m.name, m.urn))) {
            const v = verdictFor(p);
            if (v.findings.length > 0) {
                verdict.report(
                    `${via} attaches ${label(p.type, p.name)} to ${targetsOf(r)}; that policy's ` +
                        `${v.findings.join("; ")}. ${PUBLISH_REMEDIATION}`,
                    r.urn,
                );
            } else if (v.unknown !== "none") {
                verdict.wait(`policy of ${label(p.type, p.name)}`, { urn: r.urn, partly: v.unknown === "partly" });
            }
        }
        // An ARN unknown during preview, with nothing saying where it comes from, may name any of them.
        if (ambiguous && candidates.some((p) => verdictFor(p).findings.length > 0 || verdictFor(p).unknown !== "none")) {
            verdict.wait(via, { urn: r.urn, fix: "value" });
        }
    };

    for (const r of resources) {
        if (isExempt(exempt, r.name, r.urn)) {
            continue;
        }
        if (ATTACHMENT_TYPES.has(r.type)) {
            check(r, strProp(r.props, "policyArn"), propertyDependenciesOf(r, "policyArn", MANAGED_POLICY_TYPES), "policyArn");
        } else if (r.type === T.nativeManagedPolicy) {
            // Attached by its own roles/users/groups lists: the policy is its own attachment.
            const via = ["roles", "users", "groups"].filter((k) => {
                const v = strListProp(r.props, k);
                return isUnknown(v) || (Array.isArray(v) && v.length > 0);
            });
            if (via.length > 0) {
                check(r, undefined, [r], via.join(", "));
            }
        } else if (ROLE_TYPES.has(r.type)) {
            const arns = strListProp(r.props, "managedPolicyArns");
            const deps = propertyDependenciesOf(r, "managedPolicyArns", MANAGED_POLICY_TYPES);
            if (deps.length > 0) {
                // The engine says what the unknown ARNs were computed from; the known ones are checked as they are.
                check(r, undefined, deps, "managedPolicyArns");
                for (const a of Array.isArray(arns) ? arns : []) {
                    if (typeof a === "string") {
                        check(r, a, [], "managedPolicyArns");
                    }
                }
            } else if (isUnknown(arns)) {
                check(r, UNKNOWN, [], "managedPolicyArns");
            } else if (Array.isArray(arns)) {
                for (const a of arns) {
                    check(r, a, [], "managedPolicyArns");
                }
            }
        }
    }
    return verdict;
}
