// Provider configuration of the offline aws and aws-native stand-ins: which region, account and
// default tags a provider instance (the default provider or an explicit `new aws.Provider(...)`,
// `new awsnative.Provider(...)`) stands for. Both packages read it the same way.
import { ACCOUNT_PATTERN, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, PartitionInfo, partitionOf } from "./aws";
import { DEFAULT_MAX_ATTEMPTS } from "./api";
import { PackageName, labelOf } from "./packages";

export interface StandinConfig {
    region: string;
    accountId: string;
    partition: PartitionInfo;
    defaultTags: { [k: string]: string };
    /** Attempts the provider makes at an AWS call before it gives up (config `maxRetries`, default 25). */
    maxRetries: number;
}

export type Env = { [k: string]: string | undefined };

/**
 * Reads a provider config value. The engine passes provider inputs both as `args` and as the
 * older `variables` map keyed `<package>:config:<key>` (non-string values JSON-encoded there).
 */
function lookup(vars: { [k: string]: string }, pkg: PackageName, key: string): string | undefined {
    return vars[`${pkg}:config:${key}`] ?? vars[`${pkg}:${key}`] ?? vars[key];
}

function parseJson(pkg: PackageName, label: string, raw: string | undefined): unknown {
    if (raw === undefined || raw === "") {
        return undefined;
    }
    try {
        return JSON.parse(raw);
    } catch {
        throw new Error(`${labelOf(pkg)}: provider config '${label}' is not valid JSON: ${raw}`);
    }
}

function stringList(pkg: PackageName, label: string, raw: string | undefined): string[] {
    const v = parseJson(pkg, label, raw);
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v)) {
        throw new Error(`${labelOf(pkg)}: provider config '${label}' must be a list, got ${raw}`);
    }
    return v.map(String);
}

/**
 * Builds the configuration from the provider's config variables and the environment.
 *
 * - region: config `region`, else env OFFLINE_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, else us-east-1.
 * - account: env OFFLINE_AWS_ACCOUNT_ID, else the single entry of config `allowedAccountIds`, else
 *   111122223333; like the real provider, an account outside `allowedAccountIds` or inside
 *   `forbiddenAccountIds` is refused.
 * - defaultTags: config `defaultTags` ({"tags": {...}}, JSON-encoded by the engine/SDK).
 * - maxRetries: config `maxRetries`, the attempts at an AWS call (default 25, as both providers).
 * `pkg` is the config namespace: `aws:config:region` for the aws plugin, `aws-native:config:region`
 * for the aws-native one.
 * Other keys (profile, assumeRoles, skip* flags, ...) are accepted and ignored.
 */
export function configFromVariables(vars: { [k: string]: string }, env: Env, pkg: PackageName = "aws"): StandinConfig {
    const label = labelOf(pkg);
    const region =
        nonEmpty(lookup(vars, pkg, "region")) ??
        nonEmpty(env.OFFLINE_AWS_REGION) ??
        nonEmpty(env.AWS_REGION) ??
        nonEmpty(env.AWS_DEFAULT_REGION) ??
        DEFAULT_REGION;

    const allowed = stringList(pkg, "allowedAccountIds", lookup(vars, pkg, "allowedAccountIds"));
    const forbidden = stringList(pkg, "forbiddenAccountIds", lookup(vars, pkg, "forbiddenAccountIds"));
    const accountId = nonEmpty(env.OFFLINE_AWS_ACCOUNT_ID) ?? (allowed.length === 1 ? allowed[0] : undefined) ?? DEFAULT_ACCOUNT_ID;
    if (!ACCOUNT_PATTERN.test(accountId)) {
        throw new Error(`${label}: account id '${accountId}' is not 12 digits (OFFLINE_AWS_ACCOUNT_ID)`);
    }
    if (allowed.length > 0 && !allowed.includes(accountId)) {
        throw new Error(
            `${label}: AWS account ID not allowed: ${accountId} (allowedAccountIds: ${allowed.join(", ")}); ` +
                `set OFFLINE_AWS_ACCOUNT_ID to one of them`,
        );
    }
    if (forbidden.includes(accountId)) {
        throw new Error(`${label}: AWS account ID not allowed: ${accountId} (in forbiddenAccountIds)`);
    }

    const defaultTags: { [k: string]: string } = {};
    const dt = parseJson(pkg, "defaultTags", lookup(vars, pkg, "defaultTags"));
    if (dt !== undefined && dt !== null) {
        if (typeof dt !== "object" || Array.isArray(dt)) {
            throw new Error(`${label}: provider config 'defaultTags' must be an object like {"tags": {...}}`);
        }
        // aws-native also takes a bare {"key": "value"} map (its original form, provider.go Configure).
        const tags = pkg === "aws-native" && !("tags" in dt) ? dt : (dt as { tags?: unknown }).tags;
        if (tags !== undefined && tags !== null && typeof tags === "object") {
            for (const [k, v] of Object.entries(tags)) {
                if (v !== null && v !== undefined) {
                    defaultTags[k] = String(v);
                }
            }
        }
    }

    // terraform-provider-aws and pulumi-aws-native both default to 25 (see src/api.ts).
    const rawRetries = lookup(vars, pkg, "maxRetries");
    let maxRetries = DEFAULT_MAX_ATTEMPTS;
    if (rawRetries !== undefined && rawRetries !== "") {
        const n = Number(rawRetries);
        if (!Number.isInteger(n) || n < 0) {
            throw new Error(`${label}: provider config 'maxRetries' must be a whole number, got ${rawRetries}`);
        }
        maxRetries = n === 0 ? DEFAULT_MAX_ATTEMPTS : n;
    }

    return { region, accountId, partition: partitionOf(region), defaultTags, maxRetries };
}

function nonEmpty(s: string | undefined): string | undefined {
    return s === undefined || s === "" ? undefined : s;
}
