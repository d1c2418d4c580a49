// codeartifact-no-wildcard-publish: no IAM or CodeArtifact policy document allows publish on a
// wildcard scope (any domain, any repository) or to everyone.

import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    actionVia,
    describeStatement,
    grantedActions,
    grantsToEveryone,
    isAllow,
    packageWildcardReason,
    ParsedDocument,
    PUBLISH_ACTIONS,
    Statement,
} from "../iam";
import { ATTACHMENT_TYPES, DOCUMENT_TYPES, documentsOf, DocumentKind, ROLE_TYPES, strListProp, strProp } from "../resources";
import { isUnknown, Tri, triAnd, triOr, UNKNOWN } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Unknownness, Verdict } from "../verdict";
import { configBool, configList, isExempt } from "./common";

export const NO_WILDCARD_PUBLISH = "codeartifact-no-wildcard-publish";

export const PUBLISH_REMEDIATION =
    "Grant codeartifact:PublishPackageVersion / codeartifact:PutPackageMetadata only on package ARNs of named " +
    "repositories (arn:aws:codeartifact:REGION:ACCOUNT:package/DOMAIN/REPO/*) and only to named principals.";

export interface WildcardPublishOptions {
    /** In a repository policy `Resource: "*"` means "this repository"; accept it when true. */
    allowStarResourceInRepositoryPolicy?: boolean;
}

export interface DocumentVerdict {
    /** One sentence per offending statement. */
    findings: string[];
    /** "whole": the document is unknown; "partly": a statement's verdict depends on an unknown part. */
    unknown: Unknownness;
}

/**
 * AWS managed policies that grant publish on every repository (`codeartifact:*`, `*` or a NotAction
 * list that leaves codeartifact allowed, on Resource "*").
 */
const WILDCARD_MANAGED_POLICIES: Record<string, string> = {
    awscodeartifactadminaccess: 'allows "codeartifact:*" on Resource "*"',
    administratoraccess: 'allows "*" on Resource "*"',
    poweruseraccess: 'allows every action except iam/organizations/account ones (NotAction) on Resource "*"',
};

/** If the ARN is an AWS managed policy that grants wildcard publish, what it grants. */
export function managedWildcardPublish(arn: string): string | undefined {
    const m = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/i.exec(arn.trim());
    return m ? WILDCARD_MANAGED_POLICIES[m[1].toLowerCase()] : undefined;
}

function statementScope(s: Statement, kind: DocumentKind, opts: WildcardPublishOptions): { wild: Tri; reasons: string[] } {
    const reasons: string[] = [];
    const verdicts: Tri[] = [];
    const starIsScoped = kind === "repository-policy" && opts.allowStarResourceInRepositoryPolicy === true;
    if (s.resource !== undefined) {
        if (isUnknown(s.resource)) {
            verdicts.push(UNKNOWN);
        } else {
            for (const r of s.resource) {
                if (isUnknown(r)) {
                    verdicts.push(UNKNOWN);
                    continue;
                }
                if (starIsScoped && r.trim() === "*") {
                    continue;
                }
                const why = packageWildcardReason(r);
                if (why) {
                    reasons.push(why);
                    verdicts.push(true);
                }
            }
        }
    } else if (s.notResource !== undefined) {
        reasons.push("NotResource (every resource but the listed ones)");
        verdicts.push(true);
    } else if (kind === "domain-policy" || (kind === "repository-policy" && !starIsScoped)) {
        reasons.push(`no Resource element (the whole ${kind === "domain-policy" ? "domain" : "repository"})`);
        verdicts.push(true);
    }
    if (kind === "repository-policy" || kind === "domain-policy") {
        const everyone = grantsToEveryone(s);
        if (everyone === true) {
            reasons.push(
                s.notPrincipal !== undefined && s.notPrincipal !== null
                    ? "NotPrincipal (everyone but the listed principals)"
                    : 'Principal "*" (every AWS account)',
            );
        }
        verdicts.push(everyone);
    }
    return { wild: triOr(verdicts), reasons };
}

/** Checks one parsed document for statements that allow publish on a wildcard scope. */
export function wildcardPublishInDocument(parsed: ParsedDocument, kind: DocumentKind, opts: WildcardPublishOptions = {}): DocumentVerdict {
    const verdict: DocumentVerdict = { findings: [], unknown: "none" };
    if (parsed.kind === "unknown") {
        verdict.unknown = "whole";
        return verdict;
    }
    if (parsed.kind !== "document") {
        return verdict; // absent, or not JSON: AWS rejects a malformed document at apply
    }
    for (const s of parsed.statements) {
        if (isUnknown(s)) {
            verdict.unknown = "partly";
            continue;
        }
        const allow = isAllow(s);
        if (allow === false) {
            continue;
        }
        const { granted, unknown: actionsUnknown } = grantedActions(s, PUBLISH_ACTIONS);
        const grants: Tri = granted.length > 0 ? true : actionsUnknown ? UNKNOWN : false;
        if (grants === false) {
            continue;
        }
        const { wild, reasons } = statementScope(s, kind, opts);
        const result = triAnd([allow, grants, wild]);
        if (result === true) {
            const via = actionVia(s, granted[0]);
            verdict.findings.push(
                `${describeStatement(s)} allows ${granted.join(", ")}${via ? " " + via : ""} on ${reasons.join(" and ")}`,
            );
        } else if (isUnknown(result)) {
            verdict.unknown = "partly";
        }
    }
    return verdict;
}

export const noWildcardPublish: ResourceValidationPolicy = {
    name: NO_WILDCARD_PUBLISH,
    description: "No IAM or CodeArtifact policy may allow publishing to any repository, any domain, or to everyone.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: PUBLISH_REMEDIATION,
    configSchema: {
        properties: {
            allowStarResourceInRepositoryPolicy: {
                type: "boolean",
                default: false,
                description: 'Accept Resource "*" in a RepositoryPermissionsPolicy, where it means "this repository".',
            },
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of resources this rule skips (e.g. a break-glass admin role).",
            },
        },
    },
    validateResource: (args, reportViolation) => reportResourceFindings(checkNoWildcardPublish(args, args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts): findings, and the documents whose verdict waits for `up`. */
export function checkNoWildcardPublish(r: CheckedResource, config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    const type = r.type;
    const isAttachment = ATTACHMENT_TYPES.has(type);
    if ((!isAttachment && !DOCUMENT_TYPES.has(type)) || isExempt(configList(config, "exemptResources"), r.name, r.urn)) {
        return verdict;
    }
    const opts: WildcardPublishOptions = {
        allowStarResourceInRepositoryPolicy: configBool(config, "allowStarResourceInRepositoryPolicy", false),
    };

    // AWS managed policies known to grant wildcard publish, attached directly.
    const arns: string[] = [];
    if (isAttachment) {
        const arn = strProp(r.props, "policyArn");
        if (typeof arn === "string") {
            arns.push(arn);
        }
    } else if (ROLE_TYPES.has(type)) {
        const list = strListProp(r.props, "managedPolicyArns");
        if (Array.isArray(list)) {
            arns.push(...list.filter((a): a is string => typeof a === "string"));
        }
    }
    for (const arn of arns) {
        const what = managedWildcardPublish(arn);
        if (what) {
            verdict.report(
                `attaches AWS managed policy ${arn}, which ${what} and so allows codeartifact:PublishPackageVersion ` +
                    `on every repository. ${PUBLISH_REMEDIATION}`,
            );
        }
    }

    for (const doc of documentsOf(type, r.props)) {
        const v = wildcardPublishInDocument(doc.parsed, doc.kind, opts);
        for (const f of v.findings) {
            verdict.report(`${doc.where} ${f}. ${PUBLISH_REMEDIATION}`);
        }
        if (v.unknown !== "none") {
            verdict.wait(doc.where, { partly: v.unknown === "partly" });
        }
    }
    return verdict;
}
