// Functions (invokes) the offline aws and aws-native stand-ins answer without AWS.
import { REGION_PATTERN, arn, iamUniqueId, partitionOf, regionDescription } from "./aws";
import { StandinConfig } from "./config";
import { Inventory, InventoryEntry } from "./inventory";
import { PackageName, labelOf, packageOf } from "./packages";
import { PropertyMap, Value } from "./values";

export class UnsupportedInvokeError extends Error {}

/** What an invoke may look at besides its arguments: the account's inventory, when there is one. */
export interface InvokeContext {
    inventory?: Inventory;
}

type InvokeFn = (args: PropertyMap, config: StandinConfig, ctx: InvokeContext) => PropertyMap;

const KEY_TYPE = "aws:kms/key:Key";
const ALIAS_TYPE = "aws:kms/alias:Alias";
const KMS_ARN = /^arn:([^:]+):kms:([^:]*):(\d{12}):(key|alias)\/(.+)$/;

const str = (v: Value | undefined): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Where a key or alias entry of the inventory lives, and its ARN (from its own ARN, else the provider's). */
function located(
    e: InventoryEntry,
    kind: "key" | "alias",
    config: StandinConfig,
): { arn: string; region: string; account: string; name: string } {
    const own = str(e.properties.arn) ?? (e.id.startsWith("arn:") ? e.id : undefined);
    const m = own ? KMS_ARN.exec(own) : null;
    if (m) {
        return { arn: own!, region: m[2], account: m[3], name: kind === "alias" ? `alias/${m[5]}` : m[5] };
    }
    const region = str(e.properties.region) ?? config.region;
    const name = kind === "key" ? (str(e.properties.keyId) ?? e.id) : (str(e.properties.name) ?? e.id);
    return {
        arn: arn(partitionOf(region).partition, "kms", region, config.accountId, kind === "key" ? `key/${name}` : name),
        region,
        account: config.accountId,
        name,
    };
}

/**
 * The error terraform-provider-aws surfaces for a key DescribeKey does not find. AWS answers
 * NotFoundException (`Key 'arn:...:key/ID' does not exist`, `Alias arn:...:alias/NAME is not
 * found.`); the provider's findKey (internal/service/kms/key.go) turns it into the plugin SDK's
 * retry.NotFoundError, whose text is "couldn't find resource", and the data source's read says
 * `reading KMS Key (%s): %s` (key_data_source.go). The bridge names the function in front.
 */
export function keyNotFound(keyId: string): Error {
    return new Error(
        `invoking aws:kms/getKey:getKey: reading KMS Key (${keyId}): couldn't find resource ` +
            `(DescribeKey: NotFoundException; the inventory has no such key or alias)`,
    );
}

/**
 * aws.kms.getKey (DescribeKey) answered from the inventory: `keyId` may be a key id, a key ARN, an
 * alias name (`alias/NAME`) or an alias ARN; an alias is resolved through the inventory's
 * `aws:kms/alias:Alias` entries (their `targetKeyId` or `targetKeyArn`). A key is customer-managed
 * unless its entry says `"keyManager": "AWS"`. Without an inventory every key exists: a key id or
 * ARN is a customer-managed key, an `alias/aws/...` one an AWS-managed key (the stand-in's echo).
 */
function getKey(args: PropertyMap, config: StandinConfig, ctx: InvokeContext): PropertyMap {
    const keyId = str(args.keyId);
    if (keyId === undefined) {
        throw new Error(
            `invoking aws:kms/getKey:getKey: Missing required argument: The argument "key_id" is required, but no definition was found.`,
        );
    }
    const region = str(args.region) ?? config.region;
    const account = config.accountId;
    const { partition } = partitionOf(region);
    const m = KMS_ARN.exec(keyId);
    const wanted: { kind: "key" | "alias"; name: string; region: string; account: string } = m
        ? { kind: m[4] as "key" | "alias", name: m[4] === "alias" ? `alias/${m[5]}` : m[5], region: m[2], account: m[3] }
        : { kind: keyId.startsWith("alias/") ? "alias" : "key", name: keyId, region, account };
    // DescribeKey asks the provider's region (and account): a key elsewhere is not found there.
    if (wanted.region !== region || wanted.account !== account) {
        throw keyNotFound(keyId);
    }
    const answer = (id: string, manager: string, props: PropertyMap): PropertyMap => ({
        arn: arn(partition, "kms", region, account, `key/${id}`),
        awsAccountId: account,
        cloudHsmClusterId: "",
        creationDate: "2024-01-01T00:00:00Z",
        customKeyStoreId: "",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        deletionDate: "",
        description: "",
        enabled: true,
        expirationModel: "",
        id,
        keyId: id,
        keyManager: manager,
        keySpec: "SYMMETRIC_DEFAULT",
        keyState: "Enabled",
        keyUsage: "ENCRYPT_DECRYPT",
        multiRegion: false,
        multiRegionConfigurations: [],
        origin: "AWS_KMS",
        pendingDeletionWindowInDays: 0,
        region,
        validTo: "",
        xksKeyConfigurations: [],
        ...props,
        ...(args.grantTokens !== undefined ? { grantTokens: args.grantTokens } : {}),
    });
    if (!ctx.inventory) {
        const id = wanted.kind === "key" ? wanted.name : `offline-${wanted.name.replace(/[^A-Za-z0-9-]/g, "-")}`;
        return answer(id, wanted.name.startsWith("alias/aws/") ? "AWS" : "CUSTOMER", {});
    }
    const entries = ctx.inventory.load().resources;
    let target: { kind: "key"; name: string } | undefined = wanted.kind === "key" ? { kind: "key", name: wanted.name } : undefined;
    if (wanted.kind === "alias") {
        const alias = entries
            .filter((e) => e.type === ALIAS_TYPE)
            .find((e) => {
                const at = located(e, "alias", config);
                return at.name === wanted.name && at.region === region && at.account === account;
            });
        const t = alias && (str(alias.properties.targetKeyArn) ?? str(alias.properties.targetKeyId));
        const tm = t ? KMS_ARN.exec(t) : null;
        target = t ? { kind: "key", name: tm ? tm[5] : t } : undefined;
    }
    const key =
        target &&
        entries
            .filter((e) => e.type === KEY_TYPE)
            .find((e) => {
                const at = located(e, "key", config);
                return at.name === target.name && at.region === region && at.account === account;
            });
    if (!key) {
        throw keyNotFound(keyId);
    }
    const p = key.properties;
    const at = located(key, "key", config);
    const enabled = p.isEnabled !== false && p.enabled !== false;
    return answer(at.name, str(p.keyManager) ?? "CUSTOMER", {
        arn: at.arn,
        description: str(p.description) ?? "",
        enabled,
        keyState: str(p.keyState) ?? (enabled ? "Enabled" : "Disabled"),
        ...(str(p.keyUsage) ? { keyUsage: p.keyUsage } : {}),
        ...(str(p.customerMasterKeySpec) ? { customerMasterKeySpec: p.customerMasterKeySpec, keySpec: p.customerMasterKeySpec } : {}),
        ...(typeof p.multiRegion === "boolean" ? { multiRegion: p.multiRegion } : {}),
    });
}

const AWS_INVOKES: { [token: string]: InvokeFn } = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, config) => {
        const { partition } = config.partition;
        const userId = iamUniqueId("AIDA", "offline-aws-standin", config.accountId);
        return {
            accountId: config.accountId,
            arn: `arn:${partition}:iam::${config.accountId}:user/offline-aws-standin`,
            id: config.accountId,
            userId,
        };
    },
    "aws:index/getRegion:getRegion": (args, config) => {
        const requested = [args.region, args.name, args.id].find((v) => typeof v === "string" && v !== "") as string | undefined;
        const region = requested ?? config.region;
        if (!REGION_PATTERN.test(region)) {
            throw new Error(`offline aws stand-in: getRegion: no matching region found for ${JSON.stringify(region)}`);
        }
        const { dnsSuffix } = partitionOf(region);
        return {
            description: regionDescription(region),
            endpoint: typeof args.endpoint === "string" && args.endpoint !== "" ? args.endpoint : `ec2.${region}.${dnsSuffix}`,
            id: region,
            name: region,
            region,
        };
    },
    "aws:index/getPartition:getPartition": (_args, config) => {
        const p = config.partition;
        return { dnsSuffix: p.dnsSuffix, id: p.partition, partition: p.partition, reverseDnsPrefix: p.reverseDnsPrefix };
    },
    "aws:kms/getKey:getKey": getKey,
};

/** The account/region/partition functions of @pulumi/aws-native 1.79.0 (no arguments). */
const NATIVE_INVOKES: { [token: string]: InvokeFn } = {
    "aws-native:index:getAccountId": (_args, config) => ({ accountId: config.accountId }),
    "aws-native:index:getRegion": (_args, config) => ({ region: config.region }),
    "aws-native:index:getPartition": (_args, config) => ({ dnsSuffix: config.partition.dnsSuffix, partition: config.partition.partition }),
    "aws-native:index:getUrlSuffix": (_args, config) => ({ urlSuffix: config.partition.dnsSuffix }),
};

const INVOKES: { [name in PackageName]: { [token: string]: InvokeFn } } = { aws: AWS_INVOKES, "aws-native": NATIVE_INVOKES };

export function supportedInvokes(pkg: PackageName): string[] {
    return Object.keys(INVOKES[pkg]);
}

export function invoke(token: string, args: PropertyMap, config: StandinConfig, ctx: InvokeContext = {}): PropertyMap {
    const pkg = packageOf(token);
    const fn = INVOKES[pkg][token];
    if (!fn) {
        throw new UnsupportedInvokeError(
            `the ${labelOf(pkg)} does not support function ${token}; ` +
                `run against the real ${pkg} provider with credentials (supported: ${supportedInvokes(pkg).join(", ")})`,
        );
    }
    return fn(args ?? {}, config, ctx);
}
