// The resource lifecycle of the offline aws and aws-native stand-ins as pure functions (no gRPC
// here): check (autonaming, required inputs, schema validation, tags), diff, create, update.
import { randomBytes } from "crypto";
import { sha256Hex } from "./aws";
import { StandinConfig } from "./config";
import { mergeTagList } from "./native";
import { labelOf, packageOf } from "./packages";
import { apiErrorText, missingRequired, specFor } from "./plugins";
import { CheckFailure, Ctx, ResourceSpec, tagsAll } from "./resources";
import { PropertyMap, UNKNOWN, containsUnknown, deepEqual, isAbsent } from "./values";

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
    deleteBeforeReplace: boolean;
}

function absentLike(v: unknown): boolean {
    return v === undefined || v === null;
}

/**
 * Compares old and new inputs. A property whose new value is (or contains) unknown counts as
 * changed. Changes to `replaceOnChanges` properties are replacements; everything else is an
 * in-place update. `ignoreChanges` top-level keys are skipped (the engine has already copied
 * old values over for them).
 */
export function diff(type: string, oldInputs: PropertyMap, news: PropertyMap, ignoreChanges: string[] = []): DiffResult {
    const spec: ResourceSpec = specFor(type);
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)]);
    const ignored = new Set(ignoreChanges.map((p) => p.split(/[.[]/)[0]));
    const result: DiffResult = { changes: false, replaces: [], diffs: [], detailedDiff: {}, deleteBeforeReplace: false };
    for (const key of [...keys].sort()) {
        if (ignored.has(key) || key === "__defaults") {
            continue;
        }
        const o = oldInputs[key];
        const n = news[key];
        const changed = containsUnknown(n) || (!(absentLike(o) && absentLike(n)) && !deepEqual(o, n));
        if (!changed) {
            continue;
        }
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
        if (replace) {
            result.replaces.push(key);
        }
    }
    return result;
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
