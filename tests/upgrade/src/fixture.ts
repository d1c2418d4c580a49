// Upgrade fixtures: `pulumi stack export` of a starter stack after `up` with an earlier release,
// made deterministic enough to commit (normalize, used by record.sh) and pointed at a fresh stack
// of this machine before `pulumi stack import` (retarget, used by the suite).
import { createHash } from "node:crypto";

/** The shape of `pulumi stack export` (apitype.UntypedDeployment, version 3) this code touches. */
export interface Deployment {
    version: number;
    deployment: {
        manifest: { time: string; magic: string; version: string; plugins?: unknown[] };
        secrets_providers?: { type: string; state?: unknown };
        resources: StateResource[];
        pending_operations?: unknown[];
        metadata?: unknown;
    };
}

export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    deletedWith?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    [k: string]: unknown;
}

/** Fields of a state resource that only record when and from where it was registered. */
const MACHINE_FIELDS = ["created", "modified", "sourcePosition", "stackTrace"];
/** The signature key of a secret value in a checkpoint. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const sha = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex");

/** Logical name: the last URN segment. */
export function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** Applies `f` to every string in a JSON value (keys untouched). */
function mapStrings(v: unknown, f: (s: string, key?: string) => string, key?: string): unknown {
    if (typeof v === "string") {
        return f(v, key);
    }
    if (Array.isArray(v)) {
        return v.map((x) => mapStrings(x, f, key));
    }
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f, k)]));
    }
    return v;
}

function hasSecrets(v: unknown): boolean {
    return JSON.stringify(v).includes(SECRET_SIG);
}

/** The URN a `provider` reference (`URN::ID`) points at. */
function providerUrn(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i < 0 ? ref : ref.slice(0, i);
}

/**
 * Orders resources so that every resource follows what it refers to (parent, provider,
 * dependencies, property dependencies, deletedWith), picking the stack first, then providers, then
 * the smallest URN whenever several could come next: the same state always serializes the same,
 * whatever order `up` finished in.
 */
export function stableOrder(resources: StateResource[]): StateResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const refs = (r: StateResource) =>
        new Set(
            [
                r.parent,
                r.provider ? providerUrn(r.provider) : undefined,
                ...(r.dependencies ?? []),
                ...Object.values(r.propertyDependencies ?? {}).flat(),
                r.deletedWith,
            ].filter((u): u is string => !!u && u !== r.urn && byUrn.has(u)),
        );
    const rank = (urn: string) => {
        const type = byUrn.get(urn)!.type;
        return type === "pulumi:pulumi:Stack" ? 0 : type.startsWith("pulumi:providers:") ? 1 : 2;
    };
    const pending = new Map(resources.map((r) => [r.urn, refs(r)]));
    const out: StateResource[] = [];
    while (pending.size > 0) {
        const ready = [...pending]
            .filter(([, deps]) => deps.size === 0)
            .map(([u]) => u)
            .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
        if (ready.length === 0) {
            throw new Error(`dependency cycle among ${[...pending.keys()].join(", ")}`);
        }
        const next = ready[0];
        pending.delete(next);
        for (const deps of pending.values()) {
            deps.delete(next);
        }
        out.push(byUrn.get(next)!);
    }
    return out;
}

export interface NormalizeOptions {
    /** Every timestamp (checkpoint time, createDate, ...) becomes this one: the release's commit time. */
    time: string;
    /** The stack name URNs get (the recording stack's name is incidental). */
    stack: string;
}

export interface NormalizeReport {
    renamed: Record<string, string>;
    /** Random UUID ids (providers, KMS keys) -> derived ones, by `type name`. */
    uuids: Record<string, string>;
    droppedSecretsProvider: boolean;
}

/**
 * Makes an export reviewable and repeatable, changing nothing `pulumi stack import` and a preview
 * read (record.sh proves it: the old release previews the normalized fixture with no change):
 * - drops `created`, `modified`, `sourcePosition`, `stackTrace` (when and from where a resource
 *   was registered) and the manifest's plugin list (absolute paths of this machine);
 * - drops `secrets_providers` (the passphrase salt) when the state holds no secret, so any
 *   passphrase imports it; with secrets it stays, and the suite needs the recording passphrase;
 * - autonames `<logical name>-<7 hex>` (random per `up`) get a suffix derived from the logical
 *   name, replaced everywhere they occur (ids, ARNs, policy documents, stack outputs); ids that are
 *   random UUIDs (providers, KMS keys) likewise; IAM `uniqueId`s (derived from names) are re-derived
 *   from type and logical name (so the three starter stacks' fixtures differ only in the project
 *   name); `dependencies` and `propertyDependencies` (sets) are sorted;
 * - every timestamp becomes `time`; the stack name in URNs becomes `stack`;
 * - resources are put in a stable dependency order.
 */
export function normalize(raw: Deployment, opts: NormalizeOptions): { fixture: Deployment; report: NormalizeReport } {
    const dep = structuredClone(retarget(raw, opts.stack, stackOf(raw).project).deployment);
    if ((dep.pending_operations ?? []).length > 0) {
        throw new Error("the export has pending operations: the recording `up` did not finish cleanly");
    }
    const report: NormalizeReport = { renamed: {}, uuids: {}, droppedSecretsProvider: false };
    const replacements = new Map<string, string>();

    for (const r of dep.resources) {
        for (const f of MACHINE_FIELDS) {
            delete r[f];
        }
        const name = nameOf(r.urn);
        if (r.id && UUID.test(r.id)) {
            // Random UUIDs: provider ids (referenced as URN::ID), KMS key ids (inside ARNs).
            const id = `00000000-0000-4000-8000-${sha(r.type, name).slice(0, 12)}`;
            replacements.set(r.id, id);
            report.uuids[`${r.type} ${name}`] = id;
            r.id = id;
        }
        // Sets, listed in the order registrations finished.
        r.dependencies?.sort();
        for (const deps of Object.values(r.propertyDependencies ?? {})) {
            deps.sort();
        }
        const auto = typeof r.inputs?.name === "string" ? r.inputs.name : undefined;
        if (r.custom && auto && auto.startsWith(`${name}-`) && /^[0-9a-f]{7}$/.test(auto.slice(name.length + 1))) {
            const fixed = `${name}-${sha(name).slice(0, 7)}`;
            replacements.set(auto, fixed);
            report.renamed[auto] = fixed;
        }
    }
    // Longest first, so that no replacement is applied inside a longer one's match.
    const ordered = [...replacements].sort((a, b) => b[0].length - a[0].length);
    const replaceAll = (s: string) => ordered.reduce((acc, [from, to]) => acc.split(from).join(to), s);

    dep.resources = dep.resources.map(
        (r) =>
            mapStrings(r, (s, key) => {
                let v = replaceAll(s);
                if (TIMESTAMP.test(v)) {
                    v = opts.time;
                }
                if (key === "uniqueId" && /^[A-Z]{4}[A-Z0-9]+$/.test(v)) {
                    const h = BigInt("0x" + sha(r.type, nameOf(r.urn), "uniqueId"))
                        .toString(36)
                        .toUpperCase();
                    v = (v.slice(0, 4) + h).slice(0, v.length);
                }
                return v;
            }) as StateResource,
    );
    dep.resources = stableOrder(dep.resources);

    if (!hasSecrets(dep.resources) && dep.secrets_providers) {
        delete dep.secrets_providers;
        report.droppedSecretsProvider = true;
    }
    delete dep.manifest.plugins;
    dep.manifest.time = opts.time;
    delete dep.metadata;
    return { fixture: { version: raw.version, deployment: dep }, report };
}

/** The fixture's stack and project (from its stack resource). */
export function stackOf(fixture: Deployment): { stack: string; project: string } {
    const s = fixture.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    if (!s) {
        throw new Error("the fixture has no pulumi:pulumi:Stack resource");
    }
    const [, project] = s.urn.split("::");
    return { stack: s.urn.split("::")[0].slice("urn:pulumi:".length), project };
}

/**
 * The fixture as a state of stack `stack` of project `project` (a fresh stack on this machine):
 * every URN (and provider reference) is rewritten, the stack resource renamed to
 * `<project>-<stack>`. Nothing else in a normalized fixture points at a machine.
 */
export function retarget(fixture: Deployment, stack: string, project: string): Deployment {
    const from = stackOf(fixture);
    const oldPrefix = `urn:pulumi:${from.stack}::${from.project}::`;
    const newPrefix = `urn:pulumi:${stack}::${project}::`;
    const oldStackName = `pulumi:pulumi:Stack::${from.project}-${from.stack}`;
    const newStackName = `pulumi:pulumi:Stack::${project}-${stack}`;
    const dep = mapStrings(fixture.deployment, (s) =>
        s.startsWith(oldPrefix) ? (newPrefix + s.slice(oldPrefix.length)).split(oldStackName).join(newStackName) : s,
    ) as Deployment["deployment"];
    return { version: fixture.version, deployment: dep };
}

/** One line per resource: type and logical name, for reports. */
export function inventory(fixture: Deployment): string[] {
    return fixture.deployment.resources.map((r) => `${r.type} ${nameOf(r.urn)}`);
}
