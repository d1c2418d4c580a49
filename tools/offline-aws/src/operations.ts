// The resource lifecycle of the offline aws and aws-native stand-ins as pure functions (no gRPC
// here): check (autonaming, required inputs, schema validation, tags), diff, create, update.
import { randomBytes } from "crypto";
import { sha256Hex } from "./aws";
import { StandinConfig } from "./config";
import { mergeTagList } from "./native";
import { labelOf, packageOf } from "./packages";
import { apiErrorText, missingRequired, specFor } from "./plugins";
import { CheckFailure, Ctx, ResourceSpec, tagsAll } from "./resources";
import { PropertyMap, UNKNOWN, Value, containsUnknown, deepEqual, isAbsent } from "./values";

/** Mirrors pulumirpc.CheckRequest.AutonamingOptions.Mode. */
export enum AutonamingMode {
    Propose = 0,
    Enforce = 1,
    Disable = 2,
}

export interface Autonaming {
    proposedName: string;
    mode: AutonamingMode;
}

export interface CheckArgs {
    urn: string;
    olds: PropertyMap;
    news: PropertyMap;
    randomSeed?: Uint8Array;
    autonaming?: Autonaming;
}

export interface CheckResult {
    inputs: PropertyMap;
    failures: CheckFailure[];
}

export function parseUrn(urn: string): { type: string; name: string } {
    // urn:pulumi:stack::project::[parentType$]type::name
    const parts = urn.split("::");
    if (parts.length < 4) {
        throw new Error(`malformed URN ${urn}`);
    }
    const typeChain = parts[2].split("$");
    return { type: typeChain[typeChain.length - 1], name: parts.slice(3).join("::") };
}

export function ctxFor(urn: string, config: StandinConfig): Ctx {
    const { type, name } = parseUrn(urn);
    return { config, urn, type, name };
}

/** Pulumi-style autoname: `<logical name>-<7 hex>`, the hex derived from the engine's random seed. */
export function autoName(logicalName: string, seed: Uint8Array | undefined, maxLength: number): string {
    const entropy = seed && seed.length > 0 ? Buffer.from(seed).toString("hex") : randomBytes(16).toString("hex");
    const suffix = sha256Hex(entropy, logicalName).slice(0, 7);
    const prefix = `${logicalName}-`;
    if (prefix.length + 7 > maxLength) {
        return (prefix.slice(0, maxLength - 7) + suffix).slice(0, maxLength);
    }
    return prefix + suffix;
}

export function check(args: CheckArgs, config: StandinConfig): CheckResult {
    const ctx = ctxFor(args.urn, config);
    const spec = specFor(ctx.type);
    const inputs: PropertyMap = { ...args.news };
    const failures: CheckFailure[] = [];

    const nameProp = spec.autoName?.property ?? "name";
    if (spec.autoName && isAbsent(inputs[nameProp]) && isAbsent(inputs.namePrefix)) {
        const old = args.olds ?? {};
        if (!isAbsent(old[nameProp]) && isAbsent(old.namePrefix)) {
            // Keep the name chosen by an earlier check (the engine passes olds = previous inputs);
            // on replacement the engine checks again with no olds, so a new name is drawn.
            inputs[nameProp] = old[nameProp];
        } else if (args.autonaming && args.autonaming.mode === AutonamingMode.Disable) {
            // Without Pulumi autonaming AWS/Terraform picks `terraform-<26 digits>` at create time.
        } else if (args.autonaming && args.autonaming.proposedName) {
            inputs[nameProp] = args.autonaming.proposedName;
        } else {
            const n = autoName(ctx.name, args.randomSeed, spec.autoName.maxLength);
            inputs[nameProp] = spec.autoName.transform ? spec.autoName.transform(n) : n;
        }
    } else if (spec.autoName && args.autonaming?.mode === AutonamingMode.Enforce && !isAbsent(inputs[nameProp])) {
        if (inputs[nameProp] !== args.autonaming.proposedName) {
            failures.push({
                property: nameProp,
                reason: `${nameProp} ${JSON.stringify(inputs[nameProp])} does not match the enforced autoname ${JSON.stringify(args.autonaming.proposedName)}`,
            });
        }
    }

    for (const prop of spec.required) {
        if (isAbsent(inputs[prop])) {
            failures.push({ property: prop, reason: missingRequired(ctx.type, prop) });
        }
    }
    if (!isAbsent(inputs.name) && !isAbsent(inputs.namePrefix) && "namePrefix" in inputs) {
        failures.push({ property: "namePrefix", reason: `"namePrefix": conflicts with name` });
    }
    if (spec.validate) {
        failures.push(...spec.validate(inputs, ctx));
    }
    if (spec.taggable) {
        inputs.tagsAll = tagsAll(inputs, ctx);
    }
    if (spec.tagList) {
        const merged = mergeTagList(inputs.tags, config.defaultTags);
        if (merged !== undefined) {
            inputs.tags = merged;
        }
    }
    return { inputs, failures };
}

export enum DiffKind {
    Add = 0,
    AddReplace = 1,
    Delete = 2,
    DeleteReplace = 3,
    Update = 4,
    UpdateReplace = 5,
}

export interface DiffResult {
    changes: boolean;
    replaces: string[];
    diffs: string[];
    detailedDiff: { [path: string]: DiffKind };
    /** Properties whose change is against the state (the live resource after a refresh), not the old inputs. */
    fromState: string[];
    deleteBeforeReplace: boolean;
}

/** Missing, null, an empty list or an empty map: what Terraform and the engine treat as "not set". */
function absentLike(v: unknown): boolean {
    if (v === undefined || v === null) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.length === 0;
    }
    return typeof v === "object" && Object.keys(v as object).length === 0;
}

/**
 * Compares the program's new inputs with the old inputs and, for the aws package, with the state
 * (`olds`: the outputs, which after a refresh are the live resource). A property whose new value is
 * (or contains) unknown counts as changed. Changes to `replaceOnChanges` properties are
 * replacements; everything else is an in-place update. `ignoreChanges` top-level keys are skipped
 * (the engine has already copied old values over for them).
 *
 * Why the state: pulumi-aws is bridged from terraform-provider-aws, and the bridge's Diff
 * (pulumi-terraform-bridge pkg/tfbridge/provider.go, `func (p *Provider) Diff`) builds the
 * Terraform instance state from the request's olds and diffs the config made from the news against
 * it (`p.tf.Diff(ctx, res.TFName, state, config, ...)`). So a value changed outside Pulumi that a
 * refresh brought into the state (an external connection attached, a statement added) plans an
 * update that puts the declared value back, even where the recorded inputs never named the
 * property. Output-only properties (`computed` and not `optionalComputed`) are never compared;
 * nested outputs (a repository's externalConnections.packageFormat/status) are left out as for an
 * import (`importedInputs`). aws-native types keep the input-only comparison.
 */
export function diff(
    type: string,
    oldInputs: PropertyMap,
    news: PropertyMap,
    ignoreChanges: string[] = [],
    state?: PropertyMap,
): DiffResult {
    const spec: ResourceSpec = specFor(type);
    const live = state !== undefined && packageOf(type) === "aws" ? importedInputs(type, state) : undefined;
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news), ...Object.keys(live ?? {})]);
    const ignored = new Set(ignoreChanges.map((p) => p.split(/[.[]/)[0]));
    const optionalComputed = new Set([...(spec.optionalComputed ?? []), ...(spec.regional ? ["region"] : [])]);
    const defaults = spec.defaults ?? {};
    const result: DiffResult = { changes: false, replaces: [], diffs: [], detailedDiff: {}, fromState: [], deleteBeforeReplace: false };
    for (const key of [...keys].sort()) {
        if (ignored.has(key) || key.startsWith("__")) {
            continue;
        }
        const n = news[key];
        if (absentLike(n) && optionalComputed.has(key)) {
            // Left out of the program: the provider keeps what it has (Terraform Optional+Computed).
            continue;
        }
        const effective = (v: Value | undefined): Value | undefined => (absentLike(v) && key in defaults ? defaults[key] : v);
        const differs = (o: Value | undefined) =>
            containsUnknown(n) || (!(absentLike(o) && absentLike(n)) && !deepEqual(effective(o), effective(n)));
        const inputs = differs(oldInputs[key]);
        const fromState = !inputs && live !== undefined && key in live && differs(live[key]);
        if (!inputs && !fromState) {
            continue;
        }
        const o = inputs ? oldInputs[key] : live![key];
        const replace = spec.replaceOnChanges.includes(key);
        let kind: DiffKind;
        if (absentLike(o)) {
            kind = replace ? DiffKind.AddReplace : DiffKind.Add;
        } else if (absentLike(n)) {
            kind = replace ? DiffKind.DeleteReplace : DiffKind.Delete;
        } else {
            kind = replace ? DiffKind.UpdateReplace : DiffKind.Update;
        }
        result.changes = true;
        result.diffs.push(key);
        result.detailedDiff[key] = kind;
        if (fromState) {
            result.fromState.push(key);
        }
        if (replace) {
            result.replaces.push(key);
        }
    }
    return result;
}

/**
 * The inputs of a resource read from its properties (an import, where the engine has no inputs):
 * every property but the output-only ones (`computed` minus `optionalComputed`), as the real
 * providers project writable state into inputs.
 */
export function importedInputs(type: string, properties: PropertyMap): PropertyMap {
    const spec = specFor(type);
    const keepers = new Set(spec.optionalComputed ?? []);
    const source = spec.importInputs ? spec.importInputs(properties) : properties;
    const inputs: PropertyMap = {};
    for (const [k, v] of Object.entries(source)) {
        if (spec.computed.includes(k) && !keepers.has(k)) {
            continue;
        }
        inputs[k] = v;
    }
    return inputs;
}

/**
 * The inputs after a refresh: the recorded inputs, each one the live resource also has taking its
 * live value (so an edit made outside Pulumi shows as drift, and a later `up` puts it back).
 */
export function refreshedInputs(type: string, oldInputs: PropertyMap, properties: PropertyMap): PropertyMap {
    const live = importedInputs(type, properties);
    const inputs: PropertyMap = { ...oldInputs };
    for (const k of Object.keys(oldInputs)) {
        if (k in live) {
            inputs[k] = live[k];
        }
    }
    return inputs;
}

const ARN_RE = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)$/;

/**
 * What the id of a hand-written inventory entry already says about the resource, so that a seed
 * may be as short as `{"type": ..., "arn": ...}`: for CodeArtifact the ARN names the domain,
 * repository, owner and region (and the pattern of a package group); for IAM the name.
 * The entry's own properties win over these.
 */
export function propertiesFromId(type: string, id: string): PropertyMap {
    const m = ARN_RE.exec(id);
    const [, , , region, account, resource] = m ?? [];
    const parts = resource?.split("/") ?? [];
    const name = id.slice(id.lastIndexOf("/") + 1);
    switch (type) {
        case "aws:codeartifact/domain:Domain":
            return m && parts[0] === "domain" ? { arn: id, domain: parts[1], owner: account, region } : {};
        case "aws:codeartifact/repository:Repository":
            return m && parts[0] === "repository"
                ? { arn: id, domain: parts[1], repository: parts[2], domainOwner: account, administratorAccount: account, region }
                : {};
        case "aws:codeartifact/domainPermissions:DomainPermissions":
            return m && parts[0] === "domain" ? { resourceArn: id, domain: parts[1], domainOwner: account, region } : {};
        case "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy":
            return m && parts[0] === "repository"
                ? { resourceArn: id, domain: parts[1], repository: parts[2], domainOwner: account, region }
                : {};
        case "aws-native:codeartifact:Domain":
            return m && parts[0] === "domain" ? { arn: id, domainName: parts[1], name: parts[1], owner: account } : {};
        case "aws-native:codeartifact:Repository":
            return m && parts[0] === "repository"
                ? { arn: id, domainName: parts[1], repositoryName: parts[2], name: parts[2], domainOwner: account }
                : {};
        case "aws-native:codeartifact:PackageGroup": {
            if (!m || parts[0] !== "package-group") {
                return {};
            }
            const encoded = resource.slice(`package-group/${parts[1]}`.length);
            return { arn: id, domainName: parts[1], domainOwner: account, pattern: decodeURIComponent(encoded) };
        }
        case "aws:iam/role:Role":
        case "aws:iam/instanceProfile:InstanceProfile":
            return { name: id };
        case "aws-native:iam:Role":
            return { roleName: id };
        case "aws:iam/policy:Policy":
            return m ? { arn: id, name } : {};
        case "aws-native:iam:ManagedPolicy":
            return m ? { policyArn: id, managedPolicyName: name } : {};
        default:
            return {};
    }
}

export class ApiError extends Error {}

function unknownComputed(spec: ResourceSpec, inputs: PropertyMap, outs: PropertyMap): PropertyMap {
    const res: PropertyMap = { ...outs };
    for (const key of spec.computed) {
        if (isAbsent(inputs[key])) {
            res[key] = UNKNOWN;
        }
    }
    return res;
}

export interface CreateResult {
    id: string;
    outs: PropertyMap;
}

export function create(urn: string, inputs: PropertyMap, preview: boolean, config: StandinConfig): CreateResult {
    const ctx = ctxFor(urn, config);
    const spec = specFor(ctx.type);
    // AWS-side validation happens when AWS is called: at `up`, not during preview.
    if (spec.apiValidate && !preview) {
        const err = spec.apiValidate(inputs, ctx, "create");
        if (err) {
            throw new ApiError(apiErrorText(ctx.type, err, "create"));
        }
    }
    const { id, outs } = spec.outputs(inputs, ctx);
    if (preview) {
        return { id: "", outs: unknownComputed(spec, inputs, outs) };
    }
    if (containsUnknown(outs) || containsUnknown(id)) {
        throw new Error(`${labelOf(packageOf(ctx.type))}: internal error: unknown value in outputs of ${urn} outside preview`);
    }
    return { id, outs };
}

export function update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    preview: boolean,
    config: StandinConfig,
): PropertyMap {
    const ctx = ctxFor(urn, config);
    const spec = specFor(ctx.type);
    if (spec.apiValidate && !preview) {
        const err = spec.apiValidate(news, ctx, "update");
        if (err) {
            throw new ApiError(apiErrorText(ctx.type, err, "update"));
        }
    }
    const { outs } = spec.outputs(news, ctx, olds);
    if (!preview && containsUnknown(outs)) {
        throw new Error(`${labelOf(packageOf(ctx.type))}: internal error: unknown value in outputs of ${urn} (${id}) outside preview`);
    }
    return outs;
}
