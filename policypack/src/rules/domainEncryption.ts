// codeartifact-domain-cmk-encryption: CodeArtifact domains are encrypted with a customer-managed
// KMS key.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../resources";
import { isUnknown, read, Unchecked } from "../unknown";
import { configList, isExempt, onlyType } from "./common";

export const DOMAIN_CMK = "codeartifact-domain-cmk-encryption";

const REMEDIATION =
    "Set encryptionKey to the ARN of a customer-managed KMS key (aws.kms.Key with enableKeyRotation: true). " +
    "The key cannot be changed later: replacing a domain deletes its packages.";

/** Why an encryptionKey value is not a customer-managed key, or undefined if it is acceptable. */
export function encryptionKeyProblem(key: unknown): string | undefined {
    if (key === undefined || key === null || key === "") {
        return "has no encryptionKey, so CodeArtifact encrypts it with the AWS managed key aws/codeartifact";
    }
    if (typeof key !== "string") {
        return undefined;
    }
    if (/(^|:)alias\/aws\//i.test(key.trim())) {
        return `uses the AWS managed key ${JSON.stringify(key)}, which you cannot rotate, restrict or audit by key policy`;
    }
    return undefined;
}

export const domainCmkEncryption: ResourceValidationPolicy = {
    name: DOMAIN_CMK,
    description: "CodeArtifact domains must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            exemptDomains: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Domain names (the `domain` property), logical names or URNs this rule skips.",
            },
        },
    },
    validateResource: onlyType(T.domain, (args, reportViolation) => {
        const exempt = configList(args.getConfig<Record<string, unknown>>(), "exemptDomains");
        const domain = read(args.props, "domain");
        if (isExempt(exempt, args.name, args.urn) || (typeof domain === "string" && exempt.includes(domain))) {
            return;
        }
        const key = read(args.props, "encryptionKey");
        if (isUnknown(key)) {
            const unchecked = new Unchecked();
            unchecked.add("encryptionKey (an output of another resource, e.g. a KMS key created in this stack)");
            unchecked.raise();
        }
        const problem = encryptionKeyProblem(key);
        if (problem) {
            const name = typeof domain === "string" ? ` ${JSON.stringify(domain)}` : "";
            reportViolation(`domain${name} ${problem}. ${REMEDIATION}`);
        }
    }),
};
