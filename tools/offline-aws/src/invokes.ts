// Functions (invokes) the offline aws stand-in answers without AWS.
import { REGION_PATTERN, iamUniqueId, partitionOf, regionDescription } from "./aws";
import { StandinConfig } from "./config";
import { PropertyMap } from "./values";

export class UnsupportedInvokeError extends Error {}

type InvokeFn = (args: PropertyMap, config: StandinConfig) => PropertyMap;

const INVOKES: { [token: string]: InvokeFn } = {
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

export const SUPPORTED_INVOKES = Object.keys(INVOKES);

export function invoke(token: string, args: PropertyMap, config: StandinConfig): PropertyMap {
    const fn = INVOKES[token];
    if (!fn) {
        throw new UnsupportedInvokeError(
            `the offline aws stand-in does not support function ${token}; ` +
                `run against the real aws provider with credentials (supported: ${SUPPORTED_INVOKES.join(", ")})`,
        );
    }
    return fn(args ?? {}, config);
}
