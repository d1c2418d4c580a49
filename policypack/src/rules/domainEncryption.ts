// codeartifact-domain-cmk-encryption: CodeArtifact domains are encrypted with a customer-managed
// KMS key.
//
// A resource rule, so that at `up` it blocks before the domain is created (a domain's key cannot be
// changed later). During preview `encryptionKey` is typically unknown: the ARN of a key created in
// the same stack. The resource view (Analyze) cannot tell where it comes from, so the rule reports
// nothing then; the stack view can, through the engine's property dependencies, and the check below
// decides there (run by codeartifact-checks-waiting-for-up): a value computed only from outputs of
// aws.kms.Key / aws.kms.Alias resources of the stack is a customer-managed key by construction (every
// key a stack creates is one, and aliases can only name such keys: AWS reserves alias/aws/). Whether
// that key rotates is codeartifact-domain-key-rotation's business.

import { PolicyResource, ResourceValidationPolicy } from "@pulumi/policy";
import { DOMAIN_TYPES, domainNameKey, T } from "../resources";
import { isUnknown, read } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Verdict } from "../verdict";
import { configList, isExempt } from "./common";

export const DOMAIN_CMK = "codeartifact-domain-cmk-encryption";

const REMEDIATION =
    "Set encryptionKey to the ARN of a customer-managed KMS key (aws.kms.Key with enableKeyRotation: true). " +
    "The key cannot be changed later: replacing a domain deletes its packages.";

const CUSTOMER_KEY_TYPES: ReadonlySet<string> = new Set([T.kmsKey, T.kmsAlias, T.nativeKmsKey, T.nativeKmsAlias]);

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

/**
 * The aws.kms.Key / aws.kms.Alias resources of the stack an encryptionKey was computed from, if it was
 * computed from those and nothing else (property dependencies exist only in the stack view).
 */
export function customerKeysOf(r: CheckedResource): PolicyResource[] {
    const deps = (r.propertyDependencies ?? {})["encryptionKey"] ?? [];
    return deps.length > 0 && deps.every((d) => d && CUSTOMER_KEY_TYPES.has(d.type)) ? deps : [];
}

/** The rule's check (see src/verdict.ts). */
export function checkDomainCmk(r: CheckedResource, config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!DOMAIN_TYPES.has(r.type)) {
        return verdict;
    }
    const exempt = configList(config, "exemptDomains");
    const domain = read(r.props, domainNameKey(r.type));
    if (isExempt(exempt, r.name, r.urn) || (typeof domain === "string" && exempt.includes(domain))) {
        return verdict;
    }
    const key = read(r.props, "encryptionKey");
    if (isUnknown(key)) {
        if (customerKeysOf(r).length === 0) {
            verdict.wait("encryptionKey", { fix: "encryption-key" });
        }
        return verdict;
    }
    const problem = encryptionKeyProblem(key);
    if (problem) {
        const name = typeof domain === "string" ? ` ${JSON.stringify(domain)}` : "";
        verdict.report(`domain${name} ${problem}. ${REMEDIATION}`);
    }
    return verdict;
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
                description: "Domain names (`domain`, aws-native `domainName`), logical names or URNs this rule skips.",
            },
        },
    },
    validateResource: (args, reportViolation) => reportResourceFindings(checkDomainCmk(args, args.getConfig()), reportViolation),
};
