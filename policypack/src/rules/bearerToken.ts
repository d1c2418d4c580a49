// codeartifact-bearer-token-service-condition: sts:GetServiceBearerToken should carry the
// sts:AWSServiceName condition, so a CodeArtifact credential cannot be used to mint bearer tokens
// for other services.

import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    actionVia,
    BEARER_TOKEN_ACTION,
    conditionEntries,
    describeStatement,
    isAllow,
    isRestrictingOperator,
    matchingActionPatterns,
} from "../iam";
import { IDENTITY_POLICY_TYPES, knownStatements } from "../resources";
import { isUnknown, Tri, triAnd, UNKNOWN } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Verdict } from "../verdict";
import { configList, isExempt } from "./common";

export const BEARER_TOKEN_CONDITION = "codeartifact-bearer-token-service-condition";

const REMEDIATION =
    'Add Condition StringEquals {"sts:AWSServiceName": "codeartifact.amazonaws.com"} to the statement that allows ' +
    "sts:GetServiceBearerToken.";

export const bearerTokenCondition: ResourceValidationPolicy = {
    name: BEARER_TOKEN_CONDITION,
    description: "sts:GetServiceBearerToken should be allowed only with the sts:AWSServiceName condition.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Logical names or URNs of resources this rule skips.",
            },
        },
    },
    validateResource: (args, reportViolation) => reportResourceFindings(checkBearerTokenCondition(args, args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts). */
export function checkBearerTokenCondition(r: CheckedResource, config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!IDENTITY_POLICY_TYPES.has(r.type) || isExempt(configList(config, "exemptResources"), r.name, r.urn)) {
        return verdict;
    }
    for (const { doc, s } of knownStatements(r.type, r.props, verdict)) {
        const entries = conditionEntries(s.condition);
        let unconditioned: Tri;
        if (isUnknown(entries)) {
            unconditioned = UNKNOWN;
        } else {
            const svc = entries.filter(
                (e) => (e.key === "*" || e.key.toLowerCase() === "sts:awsservicename") && isRestrictingOperator(e.operator),
            );
            unconditioned = svc.length === 0 ? true : svc.some((e) => e.key === "*" || isUnknown(e.values)) ? UNKNOWN : false;
        }
        // Only statements that name sts: actions; Action "*" (admin policies) is left to
        // codeartifact-no-wildcard-publish and IAM reviews, to keep this advisory quiet.
        const namesSts: Tri =
            s.action === undefined
                ? false
                : isUnknown(s.action)
                  ? UNKNOWN
                  : matchingActionPatterns(s, BEARER_TOKEN_ACTION).some((p) => p.trim().toLowerCase().startsWith("sts:"))
                    ? true
                    : s.action.some(isUnknown)
                      ? UNKNOWN
                      : false;
        const decided = triAnd([isAllow(s), namesSts, unconditioned]);
        if (decided === true) {
            const via = actionVia(s, BEARER_TOKEN_ACTION);
            verdict.report(
                `${doc.where} ${describeStatement(s)} allows ${BEARER_TOKEN_ACTION}${via ? " " + via : ""} ` +
                    `without the sts:AWSServiceName condition, so the credential can mint bearer tokens for any ` +
                    `service that accepts them. ${REMEDIATION}`,
            );
        } else if (isUnknown(decided)) {
            verdict.wait(doc.where, { partly: true });
        }
    }
    return verdict;
}
