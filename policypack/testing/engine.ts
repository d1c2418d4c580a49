// Fakes of what @pulumi/policy's analyzer server (server.js, v1.21.0) hands to policies, built the
// same way: properties go through a google.protobuf.Struct round trip and the framework's own
// deserializeProperties, then its unknownCheckingProxy; unknown values are the engine's sentinel
// string; `isType`/`asType` compare the `__pulumiType` of a class; getConfig returns the policy's
// config without enforcementLevel; stack policies get `propertyDependencies` (URNs resolved to the
// stack's resources, one entry per input property as the SDKs send them) and resource policies none;
// an UnknownValueError escaping a policy becomes an advisory "can't run policy ... during preview: ..."
// diagnostic, exactly as server.js words it. (No rule of this pack lets one escape any more: the
// waits are codeartifact-checks-waiting-for-up's lines. The fake keeps the framework's behaviour so
// that a regression shows up as that paragraph in the tests.)

import {
    EnforcementLevel,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

import * as deserializeModule from "@pulumi/policy/deserialize";
import * as fs from "node:fs";
import * as path from "node:path";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { policyProxy as proxy } from "../src/framework";

/** The framework's own deserializer (its typings hide it, as they hide the proxy: see src/framework.ts). */
const { deserializeProperties } = deserializeModule as unknown as {
    deserializeProperties(struct: Struct, keepSecrets: boolean): Record<string, unknown>;
};

/** What the engine sends for a value unknown during preview (KeepUnknowns marshalling). */
export const UNKNOWN_VALUE: string = proxy.unknownStringValue;

export const PACK_VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).version;

export interface FakeResource {
    type: string;
    name: string;
    /** Defaults to urn:pulumi:test::codeartifact::TYPE::NAME. */
    urn?: string;
    props: Record<string, unknown>;
    /** URN of the parent resource. */
    parent?: string;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /**
     * Per-property dependencies (URNs), as the program's SDK sends them (e.g. {policyArn: [urnOfPolicy]}).
     * Only for stack policies (server.js gives resource policies none). As the SDKs do, every property
     * of `props` gets an entry: the ones not listed here an empty one.
     */
    propertyDependencies?: Record<string, string[]>;
    /**
     * Outputs the provider computes (not program inputs): e.g. `arn`, or during preview an optional
     * property the program did not set, left unknown (`{ encryptionKey: UNKNOWN_VALUE }`). Only the
     * stack view (AnalyzeStack, which is given outputs) has them, without a property dependency entry.
     */
    computed?: Record<string, unknown>;
    opts?: Partial<PolicyResourceOptions>;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

export interface Violation {
    policyName: string;
    /** The message the policy reported (for "could not be checked" results: the framework's text). */
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
    /** The policy's description; the CLI prints it above the message. */
    description: string;
}

export function urnOf(r: FakeResource): string {
    return r.urn ?? `urn:pulumi:test::codeartifact::${r.type}::${r.name}`;
}

/** JSON-like cleaning the wire does: no undefined (dropped from objects, null in arrays). */
function wire(v: unknown): unknown {
    if (v === undefined) {
        return undefined;
    }
    if (v === null || typeof v !== "object") {
        return v;
    }
    if (Array.isArray(v)) {
        return v.map((e) => (e === undefined ? null : wire(e)));
    }
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
        if (e !== undefined) {
            out[k] = wire(e);
        }
    }
    return out;
}

/** Properties exactly as a policy receives them from the analyzer server. */
export function engineProps(props: Record<string, unknown>): Record<string, any> {
    const struct = Struct.fromJavaScript(wire(props) as Record<string, JavaScriptValue>);
    return proxy.unknownCheckingProxy(deserializeProperties(struct, false));
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

const emptyTags: ReadonlyMap<string, string> = new Map();

function options(r: FakeResource): PolicyResourceOptions {
    const o: PolicyResourceOptions = {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...r.opts,
    };
    if (r.parent && !o.parent) {
        o.parent = r.parent;
    }
    return o;
}

function typeOf(resourceClass: unknown): string | undefined {
    const t = (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

/** Policy config as the server stores it after Configure: {policyName: {enforcementLevel?, ...props}}. */
export type PackConfig = Record<string, Record<string, unknown> & { enforcementLevel?: EnforcementLevel }>;

function getConfigFor(config: PackConfig | undefined, policyName: string): <T extends object>() => T {
    return <T extends object>() => {
        const c = config?.[policyName];
        if (!c) {
            return {} as T;
        }
        const { enforcementLevel: _ignored, ...rest } = c;
        return rest as T;
    };
}

export function resourceArgs(r: FakeResource, policyName: string, config?: PackConfig): ResourceValidationArgs {
    const props = engineProps(r.props);
    const args: ResourceValidationArgs = {
        type: r.type,
        props,
        urn: urnOf(r),
        name: r.name,
        opts: options(r),
        stackTags: emptyTags,
        isType: (cls: unknown) => typeOf(cls) === r.type,
        asType: ((cls: unknown) => (typeOf(cls) === r.type ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: getConfigFor(config, policyName),
        notApplicable: throwNotApplicable,
    };
    if (r.provider) {
        args.provider = { ...r.provider, props: engineProps(r.provider.props) };
    }
    return args;
}

export function stackArgs(resources: FakeResource[], policyName: string, config?: PackConfig): StackValidationArgs {
    const built: PolicyResource[] = resources.map((r) => {
        const props = engineProps({ ...r.props, ...r.computed });
        const res: PolicyResource = {
            type: r.type,
            props,
            urn: urnOf(r),
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: unknown) => typeOf(cls) === r.type,
            asType: ((cls: unknown) => (typeOf(cls) === r.type ? props : undefined)) as PolicyResource["asType"],
        };
        if (r.provider) {
            res.provider = { ...r.provider, props: engineProps(r.provider.props) };
        }
        return res;
    });
    const byUrn = new Map(built.map((b) => [b.urn, b]));
    resources.forEach((r, i) => {
        const b = built[i];
        if (r.parent && byUrn.has(r.parent)) {
            b.parent = byUrn.get(r.parent);
        }
        b.dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
        const inputs = Object.keys(wire(r.props) as Record<string, unknown>);
        const deps: Record<string, string[]> = { ...Object.fromEntries(inputs.map((k) => [k, []])), ...r.propertyDependencies };
        for (const [k, urns] of Object.entries(deps)) {
            // server.js: URNs resolved to the stack's resources, unknown ones dropped.
            b.propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
        }
    });
    return { resources: built, stackTags: emptyTags, getConfig: getConfigFor(config, policyName), notApplicable: throwNotApplicable };
}

function isUnknownValueError(e: unknown): e is Error {
    return e instanceof proxy.UnknownValueError;
}

function collector(policyName: string, description: string, level: EnforcementLevel, out: Violation[], fixedUrn?: string): ReportViolation {
    return (message: string, urn?: string) => {
        out.push({ policyName, message, urn: fixedUrn ?? urn, enforcementLevel: level, description });
    };
}

function cantRun(policyName: string, description: string, e: Error, urn: string | undefined): Violation {
    return {
        policyName,
        message:
            `can't run policy '${policyName}' from policy pack 'codeartifact-platform-policies@v${PACK_VERSION}' ` +
            `during preview: ${e.message}`,
        urn,
        enforcementLevel: "advisory",
        description,
    };
}

/** Runs one resource policy on one resource as the analyzer server would; returns its diagnostics. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    r: FakeResource,
    config?: PackConfig,
    level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Violation[]> {
    const out: Violation[] = [];
    if (level === "disabled" || !policy.validateResource) {
        return out;
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    if (!Array.isArray(policy.validateResource)) {
        const t = typeOf(policy.validateResource);
        if (t && t !== r.type) {
            return out; // the server's fast path: not applicable
        }
    }
    const effective = level === "remediate" ? "mandatory" : level;
    for (const v of validations) {
        const args = resourceArgs(r, policy.name, config);
        try {
            await Promise.resolve(v(args, collector(policy.name, policy.description, effective, out, args.urn)));
        } catch (e) {
            if (isUnknownValueError(e)) {
                out.push(cantRun(policy.name, policy.description, e, args.urn));
            } else if (!(e instanceof NotApplicableError)) {
                throw e;
            }
        }
    }
    return out;
}

/** Runs one stack policy over the resources as the analyzer server would; returns its diagnostics. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: FakeResource[],
    config?: PackConfig,
    level: EnforcementLevel = policy.enforcementLevel ?? "advisory",
): Promise<Violation[]> {
    const out: Violation[] = [];
    if (level === "disabled") {
        return out;
    }
    const t = typeOf(policy.validateStack);
    if (t && !resources.some((r) => r.type === t)) {
        return out;
    }
    const effective = level === "remediate" ? "mandatory" : level;
    const args = stackArgs(resources, policy.name, config);
    try {
        await Promise.resolve(policy.validateStack(args, collector(policy.name, policy.description, effective, out)));
    } catch (e) {
        if (isUnknownValueError(e)) {
            out.push(cantRun(policy.name, policy.description, e, undefined));
        } else if (!(e instanceof NotApplicableError)) {
            throw e;
        }
    }
    return out;
}
