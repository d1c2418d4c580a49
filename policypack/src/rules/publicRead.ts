// codeartifact-no-public-read: CodeArtifact resource policies that grant read to Principal "*"
// without an organization or account condition open the packages to every AWS account that is also
// let in by the domain.

import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    conditionEntries,
    describeStatement,
    grantedActions,
    grantsToEveryone,
    isAllow,
    isRestrictingOperator,
    READ_ACTIONS,
} from "../iam";
import { knownStatements, RESOURCE_POLICY_TYPES } from "../resources";
import { isUnknown, Tri, triAnd, UNKNOWN } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Verdict } from "../verdict";
import { configList, isExempt } from "./common";

export const NO_PUBLIC_READ = "codeartifact-no-public-read";

/** Condition keys that confine a public principal to an organization, OU path, or accounts/principals. */
const SCOPING_KEYS = new Set([
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceorgid",
    "aws:sourceaccount",
]);

const REMEDIATION =
    'Add Condition StringEquals {"aws:PrincipalOrgID": "o-xxxxxxxxxx"} (or aws:PrincipalAccount), or name the ' +
    'reader accounts/roles in Principal instead of "*".';

export const noPublicRead: ResourceValidationPolicy = {
    name: NO_PUBLIC_READ,
    description: 'CodeArtifact domain and repository policies should not grant read to Principal "*" without an organization condition.',
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of policies this rule skips (e.g. a deliberately public repository).",
            },
        },
    },
    validateResource: (args, reportViolation) => reportResourceFindings(checkNoPublicRead(args, args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts). */
export function checkNoPublicRead(r: CheckedResource, config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!RESOURCE_POLICY_TYPES.has(r.type) || isExempt(configList(config, "exemptResources"), r.name, r.urn)) {
        return verdict;
    }
    for (const { doc, s } of knownStatements(r.type, r.props, verdict)) {
        const { granted, unknown } = grantedActions(s, READ_ACTIONS);
        const reads: Tri = granted.length > 0 ? true : unknown ? UNKNOWN : false;
        const entries = conditionEntries(s.condition);
        let unscoped: Tri;
        if (isUnknown(entries)) {
            unscoped = UNKNOWN;
        } else {
            const scoping = entries.filter(
                (e) => isRestrictingOperator(e.operator) && (e.key === "*" || SCOPING_KEYS.has(e.key.toLowerCase())),
            );
            const usable = scoping.filter(
                (e) =>
                    e.key !== "*" &&
                    Array.isArray(e.values) &&
                    e.values.length > 0 &&
                    e.values.every((v) => typeof v === "string" && v.trim() !== "*"),
            );
            unscoped = usable.length > 0 ? false : scoping.length > 0 ? UNKNOWN : true;
            if (
                usable.length === 0 &&
                scoping.length > 0 &&
                scoping.every((e) => e.key !== "*" && Array.isArray(e.values) && !e.values.some(isUnknown))
            ) {
                unscoped = true; // only "*" values: no scoping at all
            }
        }
        const decided = triAnd([isAllow(s), grantsToEveryone(s), reads, unscoped]);
        if (decided === true) {
            const shown = granted.length > 3 ? `${granted.slice(0, 3).join(", ")} and ${granted.length - 3} more` : granted.join(", ");
            verdict.report(
                `${doc.where} ${describeStatement(s)} grants ${shown} to Principal "*" without an ` +
                    `organization or account condition, so any AWS account the domain also admits can read ` +
                    `these packages. ${REMEDIATION}`,
            );
        } else if (isUnknown(decided)) {
            verdict.wait(doc.where, { partly: true });
        }
    }
    return verdict;
}
