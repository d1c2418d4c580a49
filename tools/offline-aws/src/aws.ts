// Pure helpers that synthesize what AWS would return: partitions, ARNs, ids.
// Everything is deterministic (derived from hashes) so tests and repeated runs are stable.
import { createHash } from "crypto";
import { UNKNOWN, isUnknown } from "./values";

export const DEFAULT_ACCOUNT_ID = "111122223333";
export const DEFAULT_REGION = "us-east-1";

export interface PartitionInfo {
    partition: string;
    dnsSuffix: string;
    reverseDnsPrefix: string;
}

export function partitionOf(region: string): PartitionInfo {
    if (region.startsWith("cn-")) {
        return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn", reverseDnsPrefix: "cn.com.amazonaws" };
    }
    if (region.startsWith("us-gov-")) {
        return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    }
    if (region.startsWith("us-isob-")) {
        return { partition: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", reverseDnsPrefix: "gov.sgov.sc2s" };
    }
    if (region.startsWith("us-iso-")) {
        return { partition: "aws-iso", dnsSuffix: "c2s.ic.gov", reverseDnsPrefix: "gov.ic.c2s" };
    }
    return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
}

const REGION_DESCRIPTIONS: { [r: string]: string } = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-north-1": "Europe (Stockholm)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ca-central-1": "Canada (Central)",
    "sa-east-1": "South America (Sao Paulo)",
};

export function regionDescription(region: string): string {
    return REGION_DESCRIPTIONS[region] ?? `Offline stand-in region (${region})`;
}

export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** Joins parts into an ARN-like string; any unknown part makes the whole value unknown. */
export function join(...parts: unknown[]): string {
    if (parts.some((p) => isUnknown(p))) {
        return UNKNOWN;
    }
    return parts.map((p) => (p === undefined || p === null ? "" : String(p))).join("");
}

export function arn(partition: string, service: string, region: string, account: string, resource: unknown): string {
    return join("arn:", partition, ":", service, ":", region, ":", account, ":", resource);
}

export function sha256Hex(...parts: string[]): string {
    const h = createHash("sha256");
    for (const p of parts) {
        h.update(p);
        h.update("\0");
    }
    return h.digest("hex");
}

/** A UUID-shaped (version 4 layout) id derived from the seed parts, like a KMS key id. */
export function uuidFrom(...parts: string[]): string {
    const h = sha256Hex(...parts);
    const variant = "89ab"[parseInt(h[16], 16) % 4];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** IAM unique ids: a 4-letter prefix (AROA role, AIPA instance profile, ANPA policy, AIDA user) + 17 chars. */
export function iamUniqueId(prefix: string, ...parts: string[]): string {
    const h = Buffer.from(sha256Hex(...parts), "hex");
    let s = prefix;
    for (let i = 0; s.length < prefix.length + 17; i++) {
        s += ID_ALPHABET[h[i] % 32];
    }
    return s;
}

/** n decimal digits derived from the parts; used where Terraform would use a timestamp-based unique id. */
export function digitsFrom(n: number, ...parts: string[]): string {
    const h = sha256Hex(...parts);
    let s = "";
    for (let i = 0; s.length < n; i += 2) {
        s += String(parseInt(h.slice(i % 64, (i % 64) + 2), 16) % 10);
    }
    return s;
}

/** Seconds-precision RFC 3339 timestamp, as AWS returns for createDate and friends. */
export function nowRfc3339(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Package format that AWS reports for a CodeArtifact external connection. */
export const EXTERNAL_CONNECTIONS: { [name: string]: string } = {
    "public:npmjs": "npm",
    "public:pypi": "pypi",
    "public:maven-central": "maven",
    "public:maven-googleandroid": "maven",
    "public:maven-gradleplugins": "maven",
    "public:maven-commonsware": "maven",
    "public:maven-clojars": "maven",
    "public:nuget-org": "nuget",
    "public:ruby-gems-org": "ruby",
    "public:crates-io": "cargo",
};

export const CODEARTIFACT_DOMAIN_PATTERN = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;
export const CODEARTIFACT_REPOSITORY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/;
