// codeartifact-no-wildcard-publish-attachment (the stack side of codeartifact-no-wildcard-publish):
// a wildcard-publish aws.iam.Policy of this stack attached to a role, user or group — through
// RolePolicyAttachment / UserPolicyAttachment / GroupPolicyAttachment / PolicyAttachment or
// Role.managedPolicyArns — is reported on the attachment, naming who gets it.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ATTACHMENT_TYPES, documentsOf, label, MANAGED_POLICY_TYPES, strListProp, strProp, T } from "../resources";
import { isUnknown, Tri, Unchecked, UNKNOWN, Unknown } from "../unknown";
import { configBool, configList, isExempt, propertyDependenciesOf, stackPoliciesNamedBy } from "./common";
import { PUBLISH_REMEDIATION, wildcardPublishInDocument } from "./wildcardPublish";

export const NO_WILDCARD_PUBLISH_ATTACHMENT = "codeartifact-no-wildcard-publish-attachment";

interface PolicyVerdict {
    findings: string[];
    unknown: boolean;
}

function verdictOf(policy: PolicyResource, allowStar: boolean): PolicyVerdict {
    const out: PolicyVerdict = { findings: [], unknown: false };
    for (const doc of documentsOf(policy.type, policy.props)) {
        const v = wildcardPublishInDocument(doc.parsed, doc.kind, { allowStarResourceInRepositoryPolicy: allowStar });
        out.findings.push(...v.findings.map((f) => `${doc.where} ${f}`));
        out.unknown = out.unknown || v.unknown.length > 0;
    }
    return out;
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
        const policies = args.resources.filter((r) => r.type === T.iamPolicy);
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

        const check = (r: PolicyResource, arn: string | Unknown | undefined, deps: PolicyResource[], via: string) => {
            const { matched, ambiguous } = stackPoliciesNamedBy(arn, deps, policies);
            let anyUnknown: Tri = false;
            for (const p of matched.filter((m) => !isExempt(exempt, m.name, m.urn))) {
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
            if (
                ambiguous &&
                policies.some((p) => !isExempt(exempt, p.name, p.urn) && (verdict(p).findings.length > 0 || verdict(p).unknown))
            ) {
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
            if (ATTACHMENT_TYPES.has(r.type)) {
                check(r, strProp(r.props, "policyArn"), propertyDependenciesOf(r, "policyArn", MANAGED_POLICY_TYPES), "policyArn");
            } else if (r.type === T.role) {
                const arns = strListProp(r.props, "managedPolicyArns");
                const deps = propertyDependenciesOf(r, "managedPolicyArns", MANAGED_POLICY_TYPES);
                if (deps.length > 0) {
                    check(r, undefined, deps, "managedPolicyArns");
                } else if (isUnknown(arns)) {
                    check(r, UNKNOWN, [], "managedPolicyArns");
                } else if (Array.isArray(arns)) {
                    for (const a of arns) {
                        check(r, a, [], "managedPolicyArns");
                    }
                }
            }
        }
        unchecked.raise();
    },
};
