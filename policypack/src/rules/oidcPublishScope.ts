// codeartifact-oidc-publish-any-branch: a role that can publish packages and is trusted by GitHub
// Actions for every repository of an owner on any branch (`repo:acme/*:*`,
// `repo:acme/*:ref:refs/heads/*`) lets any branch push of any repository publish. Stack-level,
// because the role's publish grant may come from RolePolicy or policy attachments elsewhere in the
// stack.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { grantedActions, isAllow, ParsedDocument, PUBLISH_ACTIONS, describeStatement } from "../iam";
import { documentsOf, MANAGED_POLICY_TYPES, strListProp, strProp, T, trustDocumentOf } from "../resources";
import { isUnknown, Tri, triAnd, triOr, Unchecked, UNKNOWN, Unknown } from "../unknown";
import { identifiersOf, propertyDependenciesOf, stackPoliciesNamedBy } from "./common";
import { claimEntries, isAnyBranchOfEveryRepo, isOpenSubject, webIdentityStatements } from "./oidcTrust";
import { managedWildcardPublish } from "./wildcardPublish";

export const OIDC_PUBLISH_ANY_BRANCH = "codeartifact-oidc-publish-any-branch";

const ROLE: ReadonlySet<string> = new Set([T.role]);

const REMEDIATION =
    "Trust the publish role only from release refs of named repositories, e.g. " +
    '"repo:OWNER/REPO:ref:refs/tags/v*" or "repo:OWNER/REPO:environment:release".';

/** Does a document allow a publish action (on any resource)? */
export function documentGrantsPublish(parsed: ParsedDocument): Tri {
    if (parsed.kind === "unknown") {
        return UNKNOWN;
    }
    if (parsed.kind !== "document") {
        return false;
    }
    return triOr(
        parsed.statements.map((s) => {
            if (isUnknown(s)) {
                return UNKNOWN;
            }
            const { granted, unknown } = grantedActions(s, PUBLISH_ACTIONS);
            return triAnd([isAllow(s), granted.length > 0 ? true : unknown ? UNKNOWN : false]);
        }),
    );
}

function resourceGrantsPublish(r: PolicyResource): Tri {
    return triOr(documentsOf(r.type, r.props).map((d) => documentGrantsPublish(d.parsed)));
}

/** Does a `role` property (name, ARN or dependency) of `r` name this role? */
function namesRole(r: PolicyResource, key: string, role: PolicyResource): Tri {
    if (propertyDependenciesOf(r, key, ROLE).some((d) => d.urn === role.urn)) {
        return true;
    }
    const v = strProp(r.props, key);
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (typeof v !== "string") {
        return false;
    }
    const ids = identifiersOf(role, ["name", "id", "arn"]);
    if (ids.known.includes(v)) {
        return true;
    }
    return ids.unknown ? UNKNOWN : false;
}

function attachedPolicyGrantsPublish(arn: string | Unknown | undefined, deps: PolicyResource[], policies: PolicyResource[]): Tri {
    if (deps.length === 0 && typeof arn === "string" && managedWildcardPublish(arn)) {
        return true;
    }
    const { matched, ambiguous } = stackPoliciesNamedBy(arn, deps, policies);
    if (ambiguous) {
        return triOr(policies.map((p) => (resourceGrantsPublish(p) === false ? false : UNKNOWN)));
    }
    return triOr(matched.map(resourceGrantsPublish));
}

function roleGrantsPublish(role: PolicyResource, all: PolicyResource[], policies: PolicyResource[]): Tri {
    const verdicts: Tri[] = [resourceGrantsPublish(role)];
    const managed = strListProp(role.props, "managedPolicyArns");
    const managedDeps = propertyDependenciesOf(role, "managedPolicyArns", MANAGED_POLICY_TYPES);
    if (managedDeps.length > 0) {
        verdicts.push(attachedPolicyGrantsPublish(undefined, managedDeps, policies));
    }
    if (isUnknown(managed)) {
        verdicts.push(attachedPolicyGrantsPublish(UNKNOWN, [], policies));
    } else if (Array.isArray(managed)) {
        verdicts.push(...managed.map((a) => attachedPolicyGrantsPublish(a, [], policies)));
    }
    for (const r of all) {
        if (r.type === T.rolePolicy) {
            verdicts.push(triAnd([namesRole(r, "role", role), resourceGrantsPublish(r)]));
        } else if (r.type === T.rolePolicyAttachment) {
            verdicts.push(
                triAnd([
                    namesRole(r, "role", role),
                    attachedPolicyGrantsPublish(
                        strProp(r.props, "policyArn"),
                        propertyDependenciesOf(r, "policyArn", MANAGED_POLICY_TYPES),
                        policies,
                    ),
                ]),
            );
        }
    }
    return triOr(verdicts);
}

export const oidcPublishAnyBranch: StackValidationPolicy = {
    name: OIDC_PUBLISH_ANY_BRANCH,
    description: "A role that can publish packages should not trust every repository of an owner on any branch.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps: REMEDIATION,
    validateStack: (args, reportViolation) => {
        const roles = args.resources.filter((r) => r.type === T.role);
        if (roles.length === 0) {
            return;
        }
        const policies = args.resources.filter((r) => r.type === T.iamPolicy);
        const unchecked = new Unchecked();
        for (const role of roles) {
            const { statements } = webIdentityStatements(trustDocumentOf(role.props));
            const broad: string[] = [];
            let maybe = false;
            for (const w of statements) {
                const github =
                    w.providerUnknown || w.oidcHosts.some((h) => h.toLowerCase().startsWith("token.actions.githubusercontent.com"));
                if (!github || w.applies === false) {
                    continue;
                }
                const entries = claimEntries(w, "sub");
                if (isUnknown(entries)) {
                    maybe = true;
                    continue;
                }
                for (const e of entries) {
                    if (isUnknown(e.values)) {
                        maybe = true;
                        continue;
                    }
                    if (!e.operator.toLowerCase().includes("like")) {
                        continue;
                    }
                    for (const v of e.values) {
                        if (isUnknown(v)) {
                            maybe = true;
                        } else if (!isOpenSubject(v) && isAnyBranchOfEveryRepo(v)) {
                            broad.push(`${describeStatement(w.statement)} sub ${JSON.stringify(v)}`);
                        }
                    }
                }
            }
            const trustBroad: Tri = broad.length > 0 ? true : maybe ? UNKNOWN : false;
            if (trustBroad === false) {
                continue;
            }
            const publishes = roleGrantsPublish(role, args.resources, policies);
            const verdict = triAnd([trustBroad, publishes]);
            if (verdict === true) {
                reportViolation(
                    `role ${JSON.stringify(role.name)} can publish packages and its trust admits every repository on ` +
                        `any branch (${broad.join("; ")}), so any branch push of any repository can publish. ${REMEDIATION}`,
                    role.urn,
                );
            } else if (isUnknown(verdict)) {
                unchecked.add(`the trust and publish grants of role ${JSON.stringify(role.name)}`);
            }
        }
        unchecked.raise();
    },
};
