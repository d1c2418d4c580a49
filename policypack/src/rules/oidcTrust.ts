// codeartifact-oidc-trust-subject and codeartifact-oidc-trust-audience: in an OIDC (web identity)
// role trust the `sub` claim must be pinned (mandatory: an open sub lets any repository of any
// owner on GitHub assume the role), and the `aud` claim should be pinned (advisory: the provider's
// client ID list already limits audiences, pinning it in the trust is defence in depth).

import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    ConditionEntry,
    conditionEntries,
    coversAction,
    describeStatement,
    federatedProviders,
    globMatch,
    isAllow,
    isRestrictingOperator,
    ParsedDocument,
    Statement,
    WEB_IDENTITY_ACTION,
} from "../iam";
import { ROLE_TYPES, trustDocumentOf } from "../resources";
import { isUnknown, Tri, triAnd, UNKNOWN, Unknown } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Unknownness, Verdict } from "../verdict";
import { configList, isExempt } from "./common";

export const OIDC_TRUST_SUBJECT = "codeartifact-oidc-trust-subject";
export const OIDC_TRUST_AUDIENCE = "codeartifact-oidc-trust-audience";

export interface WebIdentityStatement {
    statement: Statement;
    /** Is it an Allow of sts:AssumeRoleWithWebIdentity? */
    applies: Tri;
    /** Issuer host/path of OIDC providers (`token.actions.githubusercontent.com`); empty if unknown. */
    oidcHosts: string[];
    /** Other web identity providers (`cognito-identity.amazonaws.com`, ...). */
    otherProviders: string[];
    /** Federated principal unknown during preview (typically the ARN of a provider created in the stack). */
    providerUnknown: boolean;
    conditions: ConditionEntry[] | Unknown;
}

/** The statements of a trust document that let a web identity assume the role. */
export function webIdentityStatements(parsed: ParsedDocument): { statements: WebIdentityStatement[]; unknown: Unknownness } {
    const out: WebIdentityStatement[] = [];
    let unknown: Unknownness = "none";
    if (parsed.kind === "unknown") {
        return { statements: out, unknown: "whole" };
    }
    if (parsed.kind !== "document") {
        return { statements: out, unknown };
    }
    for (const s of parsed.statements) {
        if (isUnknown(s)) {
            unknown = "partly";
            continue;
        }
        const fed = federatedProviders(s.principal);
        // A Federated principal whose value is unknown (a provider ARN created in the stack) is
        // still a web identity principal; only a wholly unknown Principal leaves that open.
        const isFederated: Tri =
            fed.oidc.length > 0 || fed.other.length > 0 || fed.unknown ? true : isUnknown(s.principal) ? UNKNOWN : false;
        const applies = triAnd([isAllow(s), coversAction(s, WEB_IDENTITY_ACTION), isFederated]);
        if (applies === false) {
            continue;
        }
        out.push({
            statement: s,
            applies,
            oidcHosts: fed.oidc,
            otherProviders: fed.other,
            providerUnknown: fed.unknown || isUnknown(s.principal),
            conditions: conditionEntries(s.condition),
        });
    }
    return { statements: out, unknown };
}

/** Condition entries on `<provider>:<claim>` under restricting operators. */
export function claimEntries(w: WebIdentityStatement, claim: string): ConditionEntry[] | Unknown {
    if (isUnknown(w.conditions)) {
        return UNKNOWN;
    }
    const hosts = [...w.oidcHosts, ...w.otherProviders].map((h) => h.toLowerCase());
    return w.conditions.filter((e) => {
        if (!isRestrictingOperator(e.operator)) {
            return false;
        }
        if (e.key === "*") {
            return true; // an unknown operator block: may hold anything
        }
        const k = e.key.toLowerCase();
        if (!k.endsWith(`:${claim}`)) {
            return false;
        }
        const prefix = k.slice(0, -(claim.length + 1));
        return hosts.length === 0 || w.providerUnknown || hosts.includes(prefix);
    });
}

function isLike(op: string): boolean {
    return op.toLowerCase().includes("like");
}

/** A sub pattern that admits any owner: `*`, `*...`, `repo:*`, `repo:*\/...`. */
export function isOpenSubject(value: string): boolean {
    const v = value.trim();
    return v.startsWith("*") || /^repo:[*?]/i.test(v);
}

/** A GitHub sub pattern that admits every repository of its owner on any branch. */
export function isAnyBranchOfEveryRepo(value: string): boolean {
    const m = /^repo:([^/*?]+)\/(.*)$/i.exec(value.trim());
    if (!m) {
        return false;
    }
    const owner = m[1];
    return globMatch(value, `repo:${owner}/zz-any-repository-zz:ref:refs/heads/zz-any-branch-zz`);
}

function providerLabel(w: WebIdentityStatement): string {
    const names = [...w.oidcHosts, ...w.otherProviders];
    return names.length > 0 ? names.join(", ") : "the OIDC provider";
}

const SUBJECT_REMEDIATION =
    'Pin the subject: StringLike {"token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:ref:refs/tags/v*"} ' +
    "(or the exact branches/environments that may assume the role).";

const AUDIENCE_REMEDIATION = 'Pin the audience: StringEquals {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}.';

export const oidcTrustSubject: ResourceValidationPolicy = {
    name: OIDC_TRUST_SUBJECT,
    description: "A role trusted by an OIDC provider must pin the token subject (sub) to named repositories.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: SUBJECT_REMEDIATION,
    configSchema: {
        properties: {
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of roles this rule skips.",
            },
        },
    },
    validateResource: (args, reportViolation) => reportResourceFindings(checkOidcTrustSubject(args, args.getConfig()), reportViolation),
};

/**
 * The web identity statements of a role's trust and the property it sits in (`assumeRolePolicy`,
 * aws-native `assumeRolePolicyDocument`); waits on it when it, or a statement of it, is unknown.
 */
function trustStatements(r: CheckedResource, verdict: Verdict): { where: string; statements: WebIdentityStatement[] } {
    const trust = trustDocumentOf(r.type, r.props);
    const { statements, unknown } = webIdentityStatements(trust.parsed);
    if (unknown !== "none") {
        verdict.wait(trust.where, { partly: unknown === "partly" });
    }
    return { where: trust.where, statements };
}

/** The check of codeartifact-oidc-trust-subject (see src/verdict.ts). */
export function checkOidcTrustSubject(r: CheckedResource, config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!ROLE_TYPES.has(r.type) || isExempt(configList(config, "exemptResources"), r.name, r.urn)) {
        return verdict;
    }
    const trust = trustStatements(r, verdict);
    for (const w of trust.statements) {
        // The sub claim only means "repository/workflow" for OIDC providers.
        if (w.oidcHosts.length === 0 && !w.providerUnknown) {
            continue;
        }
        const where = `${trust.where} ${describeStatement(w.statement)}`;
        const entries = claimEntries(w, "sub");
        let decided: Tri;
        let why = "";
        if (isUnknown(entries)) {
            decided = UNKNOWN;
        } else if (entries.length === 0) {
            decided = true;
            why = `has no condition on the sub claim, so every workflow of every repository that can get a token from ${providerLabel(w)} may assume the role`;
        } else {
            const open: string[] = [];
            let anyUnknown = false;
            for (const e of entries) {
                if (isUnknown(e.values)) {
                    anyUnknown = true;
                    continue;
                }
                for (const v of e.values) {
                    if (isUnknown(v)) {
                        anyUnknown = true;
                    } else if (isLike(e.operator) && isOpenSubject(v)) {
                        open.push(`${e.operator} ${JSON.stringify(e.key)}: ${JSON.stringify(v)}`);
                    }
                }
            }
            if (open.length > 0) {
                decided = true;
                why = `allows the subject ${open.join(", ")}, which any repository of any owner matches`;
            } else {
                decided = anyUnknown ? UNKNOWN : false;
            }
        }
        const applies = triAnd([w.applies, decided]);
        if (applies === true) {
            verdict.report(`${where} ${why}. ${SUBJECT_REMEDIATION}`);
        } else if (isUnknown(applies)) {
            verdict.wait(trust.where, { partly: true });
        }
    }
    return verdict;
}

export const oidcTrustAudience: ResourceValidationPolicy = {
    name: OIDC_TRUST_AUDIENCE,
    description: "A role trusted by a web identity provider should pin the token audience (aud).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: AUDIENCE_REMEDIATION,
    validateResource: (args, reportViolation) => reportResourceFindings(checkOidcTrustAudience(args, args.getConfig()), reportViolation),
};

/** The check of codeartifact-oidc-trust-audience (see src/verdict.ts). */
export function checkOidcTrustAudience(r: CheckedResource, _config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!ROLE_TYPES.has(r.type)) {
        return verdict;
    }
    const trust = trustStatements(r, verdict);
    for (const w of trust.statements) {
        const where = `${trust.where} ${describeStatement(w.statement)}`;
        const entries = claimEntries(w, "aud");
        let decided: Tri;
        let why = "";
        if (isUnknown(entries)) {
            decided = UNKNOWN;
        } else if (entries.length === 0) {
            decided = true;
            why = `has no condition on the aud claim of ${providerLabel(w)}`;
        } else {
            const open = entries.filter(
                (e) => isLike(e.operator) && Array.isArray(e.values) && e.values.some((v) => typeof v === "string" && v.trim() === "*"),
            );
            const anyUnknown = entries.some((e) => isUnknown(e.values) || e.values.some(isUnknown));
            if (open.length > 0) {
                decided = true;
                why = `accepts any audience (${open.map((e) => `${e.operator} ${JSON.stringify(e.key)}: "*"`).join(", ")})`;
            } else {
                decided = anyUnknown ? UNKNOWN : false;
            }
        }
        const applies = triAnd([w.applies, decided]);
        if (applies === true) {
            verdict.report(`${where} ${why}. ${AUDIENCE_REMEDIATION}`);
        } else if (isUnknown(applies)) {
            verdict.wait(trust.where, { partly: true });
        }
    }
    return verdict;
}
