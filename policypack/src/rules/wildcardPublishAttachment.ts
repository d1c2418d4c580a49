// codeartifact-no-wildcard-publish-attachment (the stack side of codeartifact-no-wildcard-publish):
// a wildcard-publish aws.iam.Policy of this stack attached to a role, user or group — through
// RolePolicyAttachment / UserPolicyAttachment / GroupPolicyAttachment / PolicyAttachment or
// Role.managedPolicyArns — is reported on the attachment, naming who gets it.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { documentsOf, label, strListProp, strProp, T } from "../resources";
import { isUnknown, Tri, Unchecked, UNKNOWN } from "../unknown";
import { configBool, configList, ident, isExempt, propertyDependenciesOf } from "./common";
import { PUBLISH_REMEDIATION, wildcardPublishInDocument } from "./wildcardPublish";

export const NO_WILDCARD_PUBLISH_ATTACHMENT = "codeartifact-no-wildcard-publish-attachment";

const POLICY_TYPES: ReadonlySet<string> = new Set([T.iamPolicy]);

interface PolicyVerdict {
    findings: string[];
    unknown: boolean;
}

function verdictOf(policy: PolicyResource, allowStar: boolean): PolicyVerdict {
    const out: PolicyVerdict = { findings: [], unknown: false };
    for (const doc of documentsOf(policy.type, policy.props)) {
        const v = wildcardPublishInDocument(doc.parsed, doc.kind, { allowStarResourceInRepositoryPolicy: allowStar });
        out.findings.push(...v.findings.map(f => `${doc.where} ${f}`));
        out.unknown = out.unknown || v.unknown.length > 0;
    }
    return out;
}

/** Which in-stack policies does an ARN value (with its engine property dependencies) point at? */
function resolvePolicies(
    arn: string | typeof UNKNOWN | undefined,
    deps: PolicyResource[],
    policies: PolicyResource[],
): { matched: PolicyResource[]; ambiguous: boolean } {
    if (deps.length > 0) {
        return { matched: deps, ambiguous: false };
    }
    if (typeof arn === "string") {
        return {
            matched: policies.filter(p => ident(p, "arn") === arn || ident(p, "id") === arn),
            ambiguous: false,
        };
    }
    // Unknown ARN and no dependency information: it may be any of this stack's policies.
    return { matched: [], ambiguous: isUnknown(arn) };
}

function targetsOf(r: PolicyResource): string {
    if (r.type === T.role) {
        const n = strProp(r.props, "name");
        return `role ${JSON.stringify(typeof n === "string" ? n : r.name)}`;
    }
    const parts: string[] = [];
    const one = (key: string, what: string) => {
        const v = strProp(r.props, key);
        if (typeof v === "string") {
            parts.push(`${what} ${JSON.stringify(v)}`);
        } else if (isUnknown(v)) {
            parts.push(`a ${what} whose name is not known yet`);
        }
    };
    const many = (key: string, what: string) => {
        const v = strListProp(r.props, key);
        if (Array.isArray(v)) {
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
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<Record<string, unknown>>();
        const exempt = configList(config, "exemptResources");
        const allowStar = configBool(config, "allowStarResourceInRepositoryPolicy", false);
        const policies = args.resources.filter(r => r.type === T.iamPolicy);
        if (policies.length === 0) {
            return;
        }
        const verdicts = new Map<string, PolicyVerdict>();
        const verdict = (p: PolicyResource) => {
            let v = verdicts.get(p.urn);
            if (!v) {
                v = verdictOf(p, allowStar);
                verdicts.set(p.urn, v);
            }
            return v;
        };
        const unchecked = new Unchecked();

        const check = (r: PolicyResource, arn: string | typeof UNKNOWN | undefined, deps: PolicyResource[], via: string) => {
            const { matched, ambiguous } = resolvePolicies(arn, deps, policies);
            let anyUnknown: Tri = false;
            for (const p of matched.filter(m => !isExempt(exempt, m.name, m.urn))) {
                const v = verdict(p);
                if (v.findings.length > 0) {
                    reportViolation(
                        `${via} attaches ${label(p.type, p.name)} to ${targetsOf(r)}; that policy's ` +
                        `${v.findings.join("; ")}. ${PUBLISH_REMEDIATION}`,
                        r.urn,
                    );
                } else if (v.unknown) {
                    anyUnknown = UNKNOWN;
                }
            }
            if (ambiguous && policies.some(p => !isExempt(exempt, p.name, p.urn) &&
                (verdict(p).findings.length > 0 || verdict(p).unknown))) {
                anyUnknown = UNKNOWN;
            }
            if (isUnknown(anyUnknown)) {
                unchecked.add(`the policy attached by ${label(r.type, r.name)}`);
            }
        };

        for (const r of args.resources) {
            if (isExempt(exempt, r.name, r.urn)) {
                continue;
            }
            switch (r.type) {
                case T.rolePolicyAttachment:
                case T.userPolicyAttachment:
                case T.groupPolicyAttachment:
                case T.policyAttachment:
                    check(r, strProp(r.props, "policyArn"), propertyDependenciesOf(r, "policyArn", POLICY_TYPES), "policyArn");
                    break;
                case T.role: {
                    const arns = strListProp(r.props, "managedPolicyArns");
                    const deps = propertyDependenciesOf(r, "managedPolicyArns", POLICY_TYPES);
                    if (deps.length > 0) {
                        check(r, undefined, deps, "managedPolicyArns");
                    } else if (isUnknown(arns)) {
                        check(r, UNKNOWN, [], "managedPolicyArns");
                    } else if (Array.isArray(arns)) {
                        for (const a of arns) {
                            check(r, a, [], "managedPolicyArns");
                        }
                    }
                    break;
                }
                default:
                    break;
            }
        }
        unchecked.raise();
    },
};
