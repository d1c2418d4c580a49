// codeartifact-oidc-publish-any-branch: a role that can publish packages and is trusted by GitHub
// Actions for every repository of an owner on any branch (`repo:acme/*:*`,
// `repo:acme/*:ref:refs/heads/*`) lets any branch push of any repository publish. Stack-level,
// because the role's publish grant may come from RolePolicy or policy attachments elsewhere in the
// stack.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { grantedActions, isAllow, ParsedDocument, PUBLISH_ACTIONS, describeStatement } from "../iam";
import { documentsOf, label, MANAGED_POLICY_TYPES, programView, ROLE_TYPES, strListProp, T, trustDocumentOf } from "../resources";
import { isUnknown, Tri, triAnd, triOr, UNKNOWN, Unknown } from "../unknown";
import { Config, reportStackFindings, Verdict, WaitFix } from "../verdict";
import { identifiersOf, propertyDependenciesOf, stackPoliciesNamedBy } from "./common";
import { claimEntries, isAnyBranchOfEveryRepo, isOpenSubject, webIdentityStatements } from "./oidcTrust";
import { managedWildcardPublish } from "./wildcardPublish";

export const OIDC_PUBLISH_ANY_BRANCH = "codeartifact-oidc-publish-any-branch";

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

/** What a publish verdict depends on that is unknown during preview (the role waits on it). */
class Unknowns {
    readonly items: { what: string; partly: boolean; fix: WaitFix }[] = [];

    add(what: string, opts: { partly?: boolean; fix?: WaitFix } = {}): void {
        this.items.push({ what, partly: opts.partly ?? false, fix: opts.fix ?? "document" });
    }

    /** Keeps what `part` collected if the verdict it led to is unknown (it made a difference). */
    keepIf(v: Tri, part: Unknowns): Tri {
        if (isUnknown(v)) {
            this.items.push(...part.items);
        }
        return v;
    }
}

/** Does the resource's documents allow publish? `of`: how to name them (`policy of aws:iam/...`). */
function resourceGrantsPublish(r: PolicyResource, unknowns: Unknowns, of = ""): Tri {
    return triOr(
        documentsOf(r.type, r.props).map((d) => {
            const v = documentGrantsPublish(d.parsed);
            if (isUnknown(v)) {
                unknowns.add(`${d.where}${of}`, { partly: d.parsed.kind !== "unknown" });
            }
            return v;
        }),
    );
}

/**
 * Does a `role` property (name, ARN or dependency) of `r` name this role? A list property (an
 * aws-native ManagedPolicy's `roles`) names it if one of its elements does.
 */
function namesRole(r: PolicyResource, key: string, role: PolicyResource, unknowns: Unknowns): Tri {
    const deps = propertyDependenciesOf(r, key, ROLE_TYPES);
    if (deps.some((d) => d.urn === role.urn)) {
        return true;
    }
    const list = strListProp(r.props, key);
    const values = isUnknown(list) ? [list] : (list ?? []);
    const ids = identifiersOf(role, ["name", "roleName", "id", "arn"]);
    let unknown = false;
    for (const v of values) {
        if (isUnknown(v)) {
            // Unless the engine says which roles it was computed from, and this is not one of them.
            unknown ||= deps.length === 0;
        } else if (typeof v === "string" && ids.known.includes(v)) {
            return true;
        } else {
            unknown ||= ids.unknown;
        }
    }
    if (!unknown) {
        return false;
    }
    unknowns.add(`${key} of ${label(r.type, r.name)}`, { fix: "value" });
    return UNKNOWN;
}

/** Does the managed policy an ARN names (an AWS managed one, or one of the stack) allow publish? */
function attachedPolicyGrantsPublish(
    arn: string | Unknown | undefined,
    deps: PolicyResource[],
    policies: PolicyResource[],
    via: string,
    unknowns: Unknowns,
): Tri {
    if (deps.length === 0 && typeof arn === "string" && managedWildcardPublish(arn)) {
        return true;
    }
    const { matched, ambiguous } = stackPoliciesNamedBy(arn, deps, policies);
    if (ambiguous) {
        const v = triOr(policies.map((p) => (resourceGrantsPublish(p, new Unknowns()) === false ? false : UNKNOWN)));
        if (isUnknown(v)) {
            unknowns.add(via, { fix: "value" });
        }
        return v;
    }
    return triOr(matched.map((p) => resourceGrantsPublish(p, unknowns, ` of ${label(p.type, p.name)}`)));
}

/** The ARNs a managedPolicyArns-like list names: through property dependencies, and the known strings. */
function managedPolicyGrantsPublish(
    list: (string | Unknown)[] | Unknown | undefined,
    deps: PolicyResource[],
    policies: PolicyResource[],
    via: string,
    unknowns: Unknowns,
): Tri[] {
    if (deps.length > 0) {
        // The engine says what the unknown ARNs were computed from; the known ones are checked as they are.
        const known = Array.isArray(list) ? list.filter((a): a is string => typeof a === "string") : [];
        return [
            attachedPolicyGrantsPublish(undefined, deps, policies, via, unknowns),
            ...known.map((a) => attachedPolicyGrantsPublish(a, [], policies, via, unknowns)),
        ];
    }
    if (isUnknown(list)) {
        return [attachedPolicyGrantsPublish(UNKNOWN, [], policies, via, unknowns)];
    }
    return (list ?? []).map((a) => attachedPolicyGrantsPublish(a, [], policies, via, unknowns));
}

/** Resources that give a role a document, by the property that names the role. */
const ROLE_KEY: ReadonlyMap<string, string> = new Map([
    [T.rolePolicy, "role"],
    [T.rolePolicyAttachment, "role"],
    [T.nativeRolePolicy, "roleName"],
    [T.nativeManagedPolicy, "roles"],
]);

function roleGrantsPublish(role: PolicyResource, all: PolicyResource[], policies: PolicyResource[], unknowns: Unknowns): Tri {
    const verdicts: Tri[] = [resourceGrantsPublish(role, unknowns)];
    verdicts.push(
        ...managedPolicyGrantsPublish(
            strListProp(role.props, "managedPolicyArns"),
            propertyDependenciesOf(role, "managedPolicyArns", MANAGED_POLICY_TYPES),
            policies,
            "managedPolicyArns",
            unknowns,
        ),
    );
    for (const r of all) {
        const roleKey = ROLE_KEY.get(r.type);
        if (roleKey === undefined) {
            continue;
        }
        const part = new Unknowns();
        const names = namesRole(r, roleKey, role, part);
        if (names === false) {
            continue;
        }
        const grants =
            r.type !== T.rolePolicyAttachment
                ? resourceGrantsPublish(r, part, ` of ${label(r.type, r.name)}`)
                : triOr(
                      managedPolicyGrantsPublish(
                          strListProp(r.props, "policyArn"),
                          propertyDependenciesOf(r, "policyArn", MANAGED_POLICY_TYPES),
                          policies,
                          `policyArn of ${label(r.type, r.name)}`,
                          part,
                      ),
                  );
        verdicts.push(unknowns.keepIf(triAnd([names, grants]), part));
    }
    return triOr(verdicts);
}

export const oidcPublishAnyBranch: StackValidationPolicy = {
    name: OIDC_PUBLISH_ANY_BRANCH,
    description: "A role that can publish packages should not trust every repository of an owner on any branch.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps: REMEDIATION,
    validateStack: (args, reportViolation) =>
        reportStackFindings(checkOidcPublishAnyBranch(programView(args.resources), args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkOidcPublishAnyBranch(resources: PolicyResource[], _config: Config): Verdict {
    const verdict = new Verdict();
    const roles = resources.filter((r) => ROLE_TYPES.has(r.type));
    if (roles.length === 0) {
        return verdict;
    }
    const policies = resources.filter((r) => MANAGED_POLICY_TYPES.has(r.type));
    for (const role of roles) {
        const trust = trustDocumentOf(role.type, role.props);
        const { statements, unknown } = webIdentityStatements(trust.parsed);
        const broad: string[] = [];
        let maybe = unknown !== "none";
        for (const w of statements) {
            const github = w.providerUnknown || w.oidcHosts.some((h) => h.toLowerCase().startsWith("token.actions.githubusercontent.com"));
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
        const unknowns = new Unknowns();
        const publishes = roleGrantsPublish(role, resources, policies, unknowns);
        const decided = triAnd([trustBroad, publishes]);
        if (decided === true) {
            verdict.report(
                `role ${JSON.stringify(role.name)} can publish packages and its trust admits every repository on ` +
                    `any branch (${broad.join("; ")}), so any branch push of any repository can publish. ${REMEDIATION}`,
                role.urn,
            );
        } else if (isUnknown(decided)) {
            if (isUnknown(trustBroad)) {
                verdict.wait(trust.where, { urn: role.urn, partly: unknown !== "whole" });
            }
            if (isUnknown(publishes)) {
                for (const w of unknowns.items) {
                    verdict.wait(w.what, { urn: role.urn, partly: w.partly, fix: w.fix });
                }
            }
        }
    }
    return verdict;
}
