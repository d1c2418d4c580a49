// Runs the component under Pulumi mocks and records what it registers: each child's type,
// logical name, inputs, parent and resource options. Mock outputs mimic AWS's ARNs.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CodeArtifactPlatformArgs, PLATFORM_TOKEN } from "../src/args";
import { createPlatform } from "../src/platform";
import { PlatformInputError, validatePlatform } from "../src/validate";

export const ACCOUNT = "111122223333";

/** The read actions the component grants, spelled out here so the tests pin them apart from src/. */
export const EXPECTED_READ_ACTIONS = [
    "codeartifact:DescribePackageVersion",
    "codeartifact:DescribeRepository",
    "codeartifact:GetPackageVersionReadme",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ListPackageVersionAssets",
    "codeartifact:ListPackageVersionDependencies",
    "codeartifact:ListPackageVersions",
    "codeartifact:ListPackages",
    "codeartifact:ReadFromRepository",
];
export const REGION = "us-east-1";

/**
 * What the mocked invokes report, and whether created resources report their ARNs. A test may
 * change it (and must restore it): `reportArns: false` is a create during preview, where AWS has
 * not named anything yet.
 */
export const mockWorld = { partition: "aws", region: REGION, account: ACCOUNT, reportArns: true, keyManager: "CUSTOMER" };
export const DEFAULT_WORLD = { ...mockWorld };

export interface Recorded {
    type: string;
    name: string;
    inputs: any;
    /** Resource options as the component passed them (from a stack transformation). */
    opts: pulumi.ResourceOptions;
    parentType?: string;
}

let recorded: Recorded[] = [];

/** Every resource the mocks were asked to create, in order (type and logical name). */
export const registrations: { type: string; name: string }[] = [];

/** URNs of every resource registered with the mock monitor so far (a child's URN carries its parent's type). */
export function registeredUrns(): string[] {
    const monitor = pulumi.runtime.getMonitor() as unknown as { getRegisteredResources(): Map<string, unknown> };
    return [...monitor.getRegisteredResources().keys()];
}

/** Waits until the mocks stop receiving registrations (they arrive asynchronously). */
export async function settle(): Promise<void> {
    let count = -1;
    while (count !== registrations.length) {
        count = registrations.length;
        await new Promise((r) => setTimeout(r, 25));
    }
}

/** What the recorder saw during the latest `run` — also after a run that threw. */
export function recordedSoFar(): Recorded[] {
    return [...recorded];
}

function mockState(type: string, name: string, inputs: any): Record<string, unknown> {
    const region = inputs.region ?? REGION;
    switch (type) {
        case "aws:kms/key:Key":
            return { arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${name}-id` };
        case "aws:codeartifact/domain:Domain":
            return { arn: `arn:aws:codeartifact:${region}:${ACCOUNT}:domain/${inputs.domain}`, owner: ACCOUNT };
        case "aws:codeartifact/repository:Repository":
            return { arn: `arn:aws:codeartifact:${region}:${ACCOUNT}:repository/${inputs.domain}/${inputs.repository}` };
        case "aws:iam/role:Role": {
            const roleName = inputs.name ?? `${name}-abc1234`;
            return { name: roleName, arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}` };
        }
        case "aws:iam/instanceProfile:InstanceProfile":
            return { name: inputs.name ?? `${name}-abc1234` };
        case "aws-native:codeartifact:PackageGroup":
            return { arn: `arn:aws:codeartifact:${REGION}:${ACCOUNT}:package-group/${inputs.domainName}${inputs.pattern}` };
        case "aws:iam/policy:Policy":
            return { arn: `arn:aws:iam::${ACCOUNT}:policy/${inputs.name ?? `${name}-abc1234`}` };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
        default:
            return {};
    }
}

pulumi.runtime.setMocks(
    {
        newResource(args) {
            registrations.push({ type: args.type, name: args.name });
            const state = mockState(args.type, args.name, args.inputs);
            if (!mockWorld.reportArns) delete state.arn;
            // Like AWS: a role's and an instance profile's id is its name.
            const id = typeof state.name === "string" ? state.name : `${args.name}-id`;
            return { id, state: { ...args.inputs, ...state } };
        },
        call(args) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return {
                        accountId: mockWorld.account,
                        arn: `arn:${mockWorld.partition}:iam::${mockWorld.account}:user/tester`,
                        userId: "AIDATEST",
                    };
                case "aws:kms/getKey:getKey":
                    return { arn: args.inputs.keyId, keyManager: mockWorld.keyManager };
                case "aws:index/getRegion:getRegion":
                    return { name: mockWorld.region, region: mockWorld.region };
                default:
                    throw new Error(`unexpected invoke ${args.token}`);
            }
        },
    },
    "project",
    "stack",
    false,
);

/** A (legacy, in-process) transformation on the component sees every child's options. */
const recorder: pulumi.ResourceTransformation = (args) => {
    recorded.push({
        type: args.type,
        name: args.name,
        inputs: args.props,
        opts: args.opts,
        parentType: (args.opts.parent as any)?.__pulumiType,
    });
    return undefined;
};

/**
 * Resolves an Output's value (mocks run as `up`, so every value is known). Rejects when the
 * Output failed (e.g. a value checked when it resolved), instead of never resolving.
 */
export function value<T>(o: pulumi.Input<T> | undefined): Promise<T> {
    return (pulumi.output(o) as unknown as { promise(): Promise<T> }).promise();
}

export interface Run {
    platform: Awaited<ReturnType<typeof createPlatform>>;
    resources: Recorded[];
    /** Children by logical name; resolved inputs. */
    byName: Map<string, Recorded & { props: any }>;
    outputs: Record<string, any>;
}

/** Constructs a platform and resolves everything it registered. */
export async function run(name: string, args: CodeArtifactPlatformArgs, opts?: pulumi.ComponentResourceOptions): Promise<Run> {
    recorded = [];
    const platform = await createPlatform(name, args, { ...opts, transformations: [recorder, ...(opts?.transformations ?? [])] });
    const resources = recorded.filter((r) => r.type !== PLATFORM_TOKEN);
    const byName = new Map<string, Recorded & { props: any }>();
    for (const r of resources) {
        byName.set(r.name, { ...r, props: await value(r.inputs) });
    }
    const outs = platform.outputs();
    const outputs: Record<string, any> = {};
    for (const [k, v] of Object.entries(outs)) outputs[k] = await value(v);
    return { platform, resources, byName, outputs };
}

export const policy = (json: string) => JSON.parse(json);

/**
 * Runs `fn` and collects the unhandled rejections raised meanwhile, e.g. by the runtime for each
 * registration whose inputs failed a check (they are kept from the test runner). The caller
 * asserts exactly which arrived.
 */
export async function withUnhandledRejections<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; unhandled: unknown[] }> {
    const unhandled: unknown[] = [];
    const listener = (e: unknown) => {
        unhandled.push(e);
    };
    process.on("unhandledRejection", listener);
    try {
        const [result] = await Promise.allSettled([fn()]);
        await settle();
        await new Promise((r) => setTimeout(r, 50));
        return { result, unhandled };
    } finally {
        process.off("unhandledRejection", listener);
    }
}

/** The problems validatePlatform reports; fails when it accepts the input. */
export function problemsOf(input: unknown): string[] {
    try {
        validatePlatform(input);
    } catch (e) {
        assert.ok(e instanceof PlatformInputError, `expected PlatformInputError, got ${e}`);
        assert.equal(e.name, "PlatformInputError");
        return e.problems;
    }
    return assert.fail(`input was accepted: ${JSON.stringify(input)}`);
}

/** Asserts some rejections arrived and every one is a PlatformInputError with exactly these problems. */
export function assertOnlyInputErrors(unhandled: unknown[], problems: string[]) {
    assert.ok(unhandled.length > 0, "the failed check reaches the runtime");
    for (const e of unhandled) {
        assert.ok(e instanceof PlatformInputError, `expected only PlatformInputError, got ${e}`);
        assert.deepEqual(e.problems, problems);
    }
}
