// e2e harness: runs the real `pulumi` CLI (built by scripts/setup.sh) against the OFFLINE aws
// stand-in (tools/offline-aws), one temporary workspace per test: its own file state backend,
// PULUMI_HOME, stack, stack config file and stand-in call ledger. Nothing here talks to AWS.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { createRequire } from "node:module";
import * as path from "node:path";

/** Repository root (this file is compiled to tests/e2e/bin/src/harness.js). */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
export const POLICY_PACK = path.join(REPO, "policypack");
export const LAUNCHER_DIR = path.join(REPO, "tools", "offline-aws", "launcher");

/** The starter stacks the tests iterate over, in the order they run. */
export const LANGUAGES = ["typescript", "python", "go"] as const;
export type Language = (typeof LANGUAGES)[number];

export function exampleDir(name: string): string {
    return path.join(REPO, "examples", name);
}

/** The languages to run: present examples, optionally narrowed by E2E_LANGUAGES=python,go. */
export function selectedLanguages(): { lang: Language; present: boolean; selected: boolean }[] {
    const only = (process.env.E2E_LANGUAGES ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    return LANGUAGES.map((lang) => ({
        lang,
        present: fs.existsSync(path.join(exampleDir(lang), "Pulumi.yaml")),
        selected: only.length === 0 || only.includes(lang),
    }));
}

/** Fails fast (with the fix) when not started through tests/e2e/run.sh. */
export function assertOfflineEnvironment(): void {
    const problems: string[] = [];
    if (process.env.PULUMI_OFFLINE_AWS_STANDIN !== "1") {
        problems.push("PULUMI_OFFLINE_AWS_STANDIN=1 is not set");
    }
    if (!(process.env.PATH ?? "").split(path.delimiter).includes(LAUNCHER_DIR)) {
        problems.push(`${LAUNCHER_DIR} is not on PATH`);
    }
    if (problems.length > 0) {
        throw new Error(
            `e2e tests must run against the offline aws stand-in (${problems.join("; ")}). ` +
                `Run tests/e2e/run.sh (it sources scripts/pulumi-env.sh and tools/offline-aws/env.sh).`,
        );
    }
}

export interface RunResult {
    args: string[];
    code: number;
    stdout: string;
    stderr: string;
    seconds: number;
}

export interface LedgerEntry {
    op: "create" | "update" | "delete";
    type: string;
    name: string;
    urn: string;
    id: string;
    arn?: string;
    region: string;
    accountId: string;
}

export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    parent?: string;
    provider?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    inputs?: Record<string, any>;
    outputs?: Record<string, any>;
}

/** Steps of `pulumi preview --json` that would replace or delete something. */
export const DESTRUCTIVE: ReadonlySet<string> = new Set([
    "replace",
    "create-replacement",
    "delete-replaced",
    "delete",
    "discard",
    "discard-replaced",
    "remove-pending-replace",
    "import-replacement",
    "replace-replaced",
]);

/** Logical name: the last URN segment. */
export function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** The aws and aws-native resources of a state (no providers, stack or components). */
export function awsResources(resources: StateResource[]): StateResource[] {
    return resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("aws-native:"));
}

/** Which resources hold packages or can decrypt them: what dataProtection guards. */
export const DATA_TYPES = new Set(["aws:codeartifact/domain:Domain", "aws:codeartifact/repository:Repository", "aws:kms/key:Key"]);

/** Writes a policy-pack config that sets every rule of the built pack to `mandatory`. */
export function writeAllMandatoryConfig(file: string): string[] {
    const packPolicies = path.join(POLICY_PACK, "bin", "policies.js");
    if (!fs.existsSync(packPolicies)) {
        throw new Error(`${packPolicies} is missing: build the pack (cd policypack && npm run build)`);
    }
    // A runtime path (the built pack), so a CommonJS require rather than a static import.
    const { policies } = createRequire(__filename)(packPolicies) as { policies: { name: string }[] };
    const names = policies.map((p) => p.name);
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(names.map((n) => [n, "mandatory"])), null, 2) + "\n");
    return names;
}

/** Parses the line-delimited engine events of `up --json` / streaming `preview --json`. */
export function parseEvents(stdout: string): any[] {
    return stdout
        .split("\n")
        .filter((l) => l.trim().startsWith("{"))
        .map((l) => JSON.parse(l));
}

export interface PolicyEvent {
    resourceUrn?: string;
    message: string;
    policyName: string;
    policyPackName: string;
    enforcementLevel: string;
    severity?: string;
}

export function policyEvents(events: any[]): PolicyEvent[] {
    return events.filter((e) => e.policyEvent).map((e) => e.policyEvent as PolicyEvent);
}

/**
 * A `preview --json --policy-pack` with every rule mandatory that this project's pack passed: the
 * pack is in the summary, no policy event was reported, and the stack rules ran with none failed.
 */
export function assertPackPassed(events: any[], noEventMessage: string): void {
    assert.ok(
        Object.keys((summaryEvent(events) as any).PolicyPacks ?? {}).some((k) => k.startsWith("codeartifact-platform-policies")),
        "the pack ran",
    );
    assert.deepEqual(policyEvents(events), [], noEventMessage);
    const stackSummary = events.find((e) => e.policyAnalyzeStackSummaryEvent)?.policyAnalyzeStackSummaryEvent;
    assert.ok(stackSummary, "stack rules ran");
    assert.deepEqual(stackSummary.failed ?? [], []);
}

export function summaryEvent(events: any[]): { result: string; resourceChanges: Record<string, number>; isPreview: boolean } {
    const s = events.find((e) => e.summaryEvent);
    if (!s) {
        throw new Error("no summaryEvent in the engine events");
    }
    return s.summaryEvent;
}

/** The tail of a command's output, for assertion messages. */
export function tail(r: RunResult, chars = 4000): string {
    const all = `$ pulumi ${r.args.join(" ")}  (exit ${r.code}, ${r.seconds.toFixed(1)}s)\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    return all.length > chars ? "...\n" + all.slice(all.length - chars) : all;
}

export function log(message: string): void {
    process.stderr.write(`e2e: ${message}\n`);
}

const DROP_ENV = [
    // Deterministic stand-in account and region (the default provider: 111122223333, us-east-1).
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "OFFLINE_AWS_REGION",
    "OFFLINE_AWS_ACCOUNT_ID",
    // Ambient plugin lookup must stay on, or the engine looks for the real aws plugin.
    "PULUMI_IGNORE_AMBIENT_PLUGINS",
    // Per-workspace values, set below.
    "PULUMI_BACKEND_URL",
    "PULUMI_STACK",
    "OFFLINE_AWS_LEDGER",
    "PULUMI_ENABLE_STREAMING_JSON_PREVIEW",
];

/**
 * One test's world: a temporary directory with a file backend, a PULUMI_HOME, the stack's config
 * file and the stand-in's call ledger, for one Pulumi project directory and one stack.
 */
export class Workspace {
    readonly backend: string;
    readonly home: string;
    readonly ledgerFile: string;
    readonly configFile: string;
    readonly label: string;
    readonly timings: { what: string; seconds: number }[] = [];

    private constructor(
        readonly dir: string,
        readonly projectDir: string,
        readonly stack: string,
        backend?: string,
    ) {
        this.backend = backend ?? path.join(dir, "state");
        this.home = path.join(dir, "home");
        this.ledgerFile = path.join(dir, "ledger.jsonl");
        this.configFile = path.join(dir, `Pulumi.${stack}.yaml`);
        this.label = `${path.relative(REPO, projectDir)}:${stack}`;
        fs.mkdirSync(this.backend, { recursive: true });
        fs.mkdirSync(this.home, { recursive: true });
    }

    /**
     * Creates the workspace and the stack. `pulumi stack init` writes the stack's config file
     * (the passphrase salt) into the project directory; it is moved into the workspace at once and
     * every later command passes --config-file, so the checkout keeps no Pulumi.<stack>.yaml.
     * `opts.backendOf`: use that workspace's state backend instead of a new one (stacks of several
     * projects on one backend, e.g. for a StackReference); it must outlive this workspace.
     */
    static async create(projectDir: string, stackPrefix: string, opts: { backendOf?: Workspace } = {}): Promise<Workspace> {
        assertOfflineEnvironment();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cap-e2e-${stackPrefix}-`));
        const stack = `${stackPrefix}-${path.basename(dir).split("-").pop()!.toLowerCase()}`;
        const ws = new Workspace(dir, projectDir, stack, opts.backendOf?.backend);
        const init = await ws.run(["stack", "init", stack, "--non-interactive"], { noConfigFile: true, noStack: true });
        const written = path.join(projectDir, `Pulumi.${stack}.yaml`);
        if (fs.existsSync(written)) {
            fs.renameSync(written, ws.configFile);
        }
        if (init.code !== 0) {
            throw new Error(`stack init failed\n${tail(init)}`);
        }
        if (!fs.existsSync(ws.configFile)) {
            fs.writeFileSync(ws.configFile, "config: {}\n");
        }
        return ws;
    }

    /**
     * A workspace whose project directory does not exist yet: `<dir>/project`, created empty, for a
     * command that makes the project (`pulumi new`). No stack is created; `stack` is the name the
     * caller gives it (e.g. `pulumi new --stack`, or `stack init`).
     */
    static forNewProject(stackPrefix: string, stack: string): Workspace {
        assertOfflineEnvironment();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cap-e2e-${stackPrefix}-`));
        const projectDir = path.join(dir, "project");
        fs.mkdirSync(projectDir);
        return new Workspace(dir, projectDir, stack);
    }

    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const k of DROP_ENV) {
            delete env[k];
        }
        return {
            ...env,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_HOME: this.home,
            OFFLINE_AWS_LEDGER: this.ledgerFile,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            // Anything that would fetch a plugin (e.g. the real aws one) is an error, not a download.
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "offline-test-passphrase",
            ...extra,
        };
    }

    /**
     * Runs `pulumi ARGS` in the project directory with --non-interactive, --color never, --stack
     * and --config-file added (unless switched off). Never throws on a non-zero exit.
     */
    async run(
        args: string[],
        opts: { env?: Record<string, string>; noConfigFile?: boolean; noStack?: boolean; quiet?: boolean } = {},
    ): Promise<RunResult> {
        const full = [...args, "--non-interactive", "--color", "never"];
        if (!opts.noStack) {
            full.push("--stack", this.stack);
        }
        if (!opts.noConfigFile) {
            full.push("--config-file", this.configFile);
        }
        const started = process.hrtime.bigint();
        const result = await new Promise<RunResult>((resolve, reject) => {
            const child = spawn("pulumi", full, { cwd: this.projectDir, env: this.env(opts.env), stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
            child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
            child.on("error", reject);
            child.on("close", (code) =>
                resolve({ args: full, code: code ?? -1, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
            );
        });
        const what = args
            .filter((a) => !a.startsWith("-") || a === "--json")
            .slice(0, 3)
            .join(" ");
        this.timings.push({ what, seconds: result.seconds });
        if (!opts.quiet) {
            log(`[${this.label}] pulumi ${args.join(" ")} -> exit ${result.code} in ${result.seconds.toFixed(1)}s`);
        }
        return result;
    }

    /** Like run, but fails with the command's output when it exits non-zero. */
    async ok(args: string[], opts: { env?: Record<string, string> } = {}): Promise<RunResult> {
        const r = await this.run(args, opts);
        if (r.code !== 0) {
            throw new Error(`command failed\n${tail(r)}`);
        }
        return r;
    }

    /** `pulumi config set [--path] KEY VALUE` into the workspace's config file. */
    async setConfig(key: string, value: string, opts: { path?: boolean; type?: "bool" | "int" } = {}): Promise<void> {
        await this.ok(["config", "set", ...(opts.path ? ["--path"] : []), ...(opts.type ? ["--type", opts.type] : []), key, value]);
    }

    async removeConfig(key: string): Promise<void> {
        await this.ok(["config", "rm", key]);
    }

    /** Every call the stand-in received for real since the workspace was created. */
    ledger(): LedgerEntry[] {
        if (!fs.existsSync(this.ledgerFile)) {
            return [];
        }
        return fs
            .readFileSync(this.ledgerFile, "utf8")
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as LedgerEntry);
    }

    /** A mark for ledgerSince: the number of calls recorded so far. */
    ledgerMark(): number {
        return this.ledger().length;
    }

    ledgerSince(mark: number): LedgerEntry[] {
        return this.ledger().slice(mark);
    }

    /** The stack's resources from `pulumi stack export`. */
    async state(): Promise<StateResource[]> {
        const r = await this.run(["stack", "export"], { noConfigFile: true, quiet: true });
        if (r.code !== 0) {
            throw new Error(`stack export failed\n${tail(r)}`);
        }
        return (JSON.parse(r.stdout).deployment?.resources ?? []) as StateResource[];
    }

    async outputs(): Promise<Record<string, any>> {
        const r = await this.run(["stack", "output", "--json", "--show-secrets"], { noConfigFile: true, quiet: true });
        if (r.code !== 0) {
            throw new Error(`stack output failed\n${tail(r)}`);
        }
        return JSON.parse(r.stdout);
    }

    /** Removes the temporary directory (kept when KEEP_E2E_DIRS=1, for inspection). */
    dispose(): void {
        const stray = path.join(this.projectDir, `Pulumi.${this.stack}.yaml`);
        if (fs.existsSync(stray)) {
            fs.rmSync(stray);
        }
        if (process.env.KEEP_E2E_DIRS === "1") {
            log(`kept ${this.dir}`);
            return;
        }
        fs.rmSync(this.dir, { recursive: true, force: true });
    }

    totalSeconds(): number {
        return this.timings.reduce((s, t) => s + t.seconds, 0);
    }
}
