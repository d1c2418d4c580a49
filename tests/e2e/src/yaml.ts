// Helpers for the Pulumi YAML tests (test/yaml.test.ts): YAML projects in temporary directories and a
// comparable form of a stack's state, to check that a YAML stack equals the TypeScript one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nameOf, REPO, StateResource } from "./harness";

/** The plugin block every YAML program here uses: the provider runs from this checkout. */
const PLUGIN_BLOCK = `plugins:\n  providers:\n    - name: codeartifact-platform\n      path: ${REPO}\n`;

/** A temporary directory removed by `removeProject` (kept with KEEP_E2E_DIRS=1). */
function tempProjectDir(label: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `cap-e2e-${label}-`));
}

/**
 * Copies a YAML example (its Pulumi.yaml and README, never stack files) into a temporary directory,
 * with `plugins.providers[].path: ../..` made absolute, so a test can edit the program (add a
 * repository) without touching the checkout.
 */
export function copyYamlExample(exampleDir: string, label: string): string {
    const dir = tempProjectDir(label);
    for (const f of fs.readdirSync(exampleDir)) {
        if (/^Pulumi\..+\.yaml$/.test(f) || !fs.statSync(path.join(exampleDir, f)).isFile()) {
            continue;
        }
        fs.copyFileSync(path.join(exampleDir, f), path.join(dir, f));
    }
    const file = path.join(dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8");
    const relative = /^(\s+path:) \.\.\/\.\.$/m;
    if (!relative.test(text)) {
        throw new Error(`${exampleDir}/Pulumi.yaml has no "path: ../.." plugin line to point at the checkout`);
    }
    fs.writeFileSync(file, text.replace(relative, `$1 ${REPO}`));
    return dir;
}

/** Writes a one-file YAML program (runtime yaml, the provider from this checkout) into a new temporary directory. */
export function writeYamlProgram(label: string, body: string): string {
    const dir = tempProjectDir(label);
    rewriteYamlProgram(dir, body);
    return dir;
}

/** Replaces the program of a directory made by writeYamlProgram (same project name, same stack). */
export function rewriteYamlProgram(dir: string, body: string): void {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: e2e-yaml-program\nruntime: yaml\n${PLUGIN_BLOCK}${body}`);
}

export function editProgram(dir: string, edit: (text: string) => string): void {
    const file = path.join(dir, "Pulumi.yaml");
    const before = fs.readFileSync(file, "utf8");
    const after = edit(before);
    if (after === before) {
        throw new Error(`editing ${file} changed nothing`);
    }
    fs.writeFileSync(file, after);
}

export function removeProject(dir: string): void {
    if (process.env.KEEP_E2E_DIRS !== "1") {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Replaces what differs between two stacks of the same program by chance, not by program: the random
 * suffix of auto-named resources (packages-ec2-role-1a2b3c4) and the ids the stand-in synthesizes for
 * KMS keys.
 */
export function normalize(value: unknown): unknown {
    if (typeof value === "string") {
        return value
            .replace(/\b(packages-[a-z0-9-]+?)-[0-9a-f]{7}\b/g, "$1-RANDOM")
            .replace(/:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ":key/KEY-ID");
    }
    if (Array.isArray(value)) {
        return value.map(normalize);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
    }
    return value;
}

/** "type name" of a URN, independent of project and stack. */
function ref(urn: string): string {
    return `${urn.split("::")[2].split("$").pop()} ${nameOf(urn)}`;
}

/** A provider reference is "URN::ID". */
function providerRef(reference: string | undefined): string | undefined {
    return reference ? ref(reference.slice(0, reference.lastIndexOf("::"))) : undefined;
}

export interface ComparableResource {
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    inputs: unknown;
    /** Components only: what the program reads. (A multi-language component's state has no inputs: the
     * provider registers it; its children's inputs and its outputs are what its inputs decided.) */
    outputs?: unknown;
}

/**
 * Every resource of a state except the stack itself, keyed by "type name", with what the program
 * decides: parent and provider (by type and name), custom/protect/retainOnDelete, the inputs and, for
 * components, the outputs (normalized).
 */
export function comparableState(resources: StateResource[]): Record<string, ComparableResource> {
    const out: Record<string, ComparableResource> = {};
    for (const r of resources) {
        if (r.type === "pulumi:pulumi:Stack") {
            continue;
        }
        const name = nameOf(r.urn);
        const parent = resources.find((p) => p.urn === r.parent);
        out[`${r.type} ${name}`] = {
            type: r.type,
            name,
            parent: parent ? (parent.type === "pulumi:pulumi:Stack" ? "(stack)" : ref(parent.urn)) : undefined,
            provider: providerRef(r.provider),
            custom: !!r.custom,
            protect: !!r.protect,
            retainOnDelete: !!r.retainOnDelete,
            inputs: normalize(r.inputs ?? {}),
            ...(r.custom ? {} : { outputs: normalize(r.outputs ?? {}) }),
        };
    }
    return out;
}
