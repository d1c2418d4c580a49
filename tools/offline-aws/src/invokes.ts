// Functions (invokes) the offline aws and aws-native stand-ins answer without AWS.
import { REGION_PATTERN, iamUniqueId, partitionOf, regionDescription } from "./aws";
import { StandinConfig } from "./config";
import { PackageName, labelOf, packageOf } from "./packages";
import { PropertyMap } from "./values";

export class UnsupportedInvokeError extends Error {}

type InvokeFn = (args: PropertyMap, config: StandinConfig) => PropertyMap;

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

export function invoke(token: string, args: PropertyMap, config: StandinConfig): PropertyMap {
    const pkg = packageOf(token);
    const fn = INVOKES[pkg][token];
    if (!fn) {
        throw new UnsupportedInvokeError(
            `the ${labelOf(pkg)} does not support function ${token}; ` +
                `run against the real ${pkg} provider with credentials (supported: ${supportedInvokes(pkg).join(", ")})`,
        );
    }
    return fn(args ?? {}, config);
}
