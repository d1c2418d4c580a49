// One fresh stack per fixture: a temporary directory with its own file state backend,
// PULUMI_HOME and stack config file, running the real `pulumi` CLI OFFLINE against the aws stand-in
// (tools/offline-aws). Like tests/e2e's harness (whose REPO is fixed to its own bin/ layout), but
// only what import + preview need.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Repository root (this file is compiled to tests/upgrade/bin/src/workspace.js). */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
export const LAUNCHER_DIR = path.join(REPO, "tools", "offline-aws", "launcher");

export interface RunResult {
    args: string[];
    code: number;
    stdout: string;
    stderr: string;
    seconds: number;
}

export function tail(r: RunResult, chars = 4000): string {
    const all = `$ pulumi ${r.args.join(" ")}  (exit ${r.code}, ${r.seconds.toFixed(1)}s)\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    return all.length > chars ? "...\n" + all.slice(all.length - chars) : all;
}

export function log(message: string): void {
    process.stderr.write(`upgrade: ${message}\n`);
}

export function assertOfflineEnvironment(): void {
    const problems: string[] = [];
    if (process.env.PULUMI_OFFLINE_AWS_STANDIN !== "1") {
        problems.push("PULUMI_OFFLINE_AWS_STANDIN=1 is not set");
    }
    if (!(process.env.PATH ?? "").split(path.delimiter).includes(LAUNCHER_DIR)) {
        problems.push(`${LAUNCHER_DIR} is not on PATH`);
    }
    if (problems.length > 0) {
        throw new Error(`upgrade tests run against the offline aws stand-in (${problems.join("; ")}): use tests/upgrade/run.sh`);
    }
}

/** The `name:` of a Pulumi.yaml. */
export function projectName(projectDir: string): string {
    const m = /^name:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
    if (!m) {
        throw new Error(`${projectDir}/Pulumi.yaml has no name`);
    }
    return m[1];
}

const DROP_ENV = [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "OFFLINE_AWS_REGION",
    "OFFLINE_AWS_ACCOUNT_ID",
    "PULUMI_IGNORE_AMBIENT_PLUGINS",
    "PULUMI_BACKEND_URL",
    "PULUMI_STACK",
    "OFFLINE_AWS_LEDGER",
    "PULUMI_ENABLE_STREAMING_JSON_PREVIEW",
    "OFFLINE_AWS_STANDIN_QUIET",
];

export class Workspace {
    readonly backend: string;
    readonly home: string;
    readonly configFile: string;

    private constructor(
        readonly dir: string,
        readonly projectDir: string,
        readonly stack: string,
    ) {
        this.backend = path.join(dir, "state");
        this.home = path.join(dir, "home");
        this.configFile = path.join(dir, `Pulumi.${stack}.yaml`);
        fs.mkdirSync(this.backend, { recursive: true });
        fs.mkdirSync(this.home, { recursive: true });
    }

    /** A new stack `stack` of the project in `projectDir`; its config file lives in the workspace. */
    static async create(projectDir: string, stack: string): Promise<Workspace> {
        assertOfflineEnvironment();
        const ws = new Workspace(fs.mkdtempSync(path.join(os.tmpdir(), `cap-upgrade-${stack}-`)), projectDir, stack);
        const init = await ws.run(["stack", "init", stack], { noConfigFile: true, noStack: true });
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

    env(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const k of DROP_ENV) {
            delete env[k];
        }
        return {
            ...env,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_HOME: this.home,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "offline-test-passphrase",
        };
    }

    /** `pulumi ARGS --non-interactive --color never [--stack] [--config-file]` in the project directory. */
    async run(args: string[], opts: { noConfigFile?: boolean; noStack?: boolean } = {}): Promise<RunResult> {
        const full = [...args, "--non-interactive", "--color", "never"];
        if (!opts.noStack) {
            full.push("--stack", this.stack);
        }
        if (!opts.noConfigFile) {
            full.push("--config-file", this.configFile);
        }
        const started = process.hrtime.bigint();
        const result = await new Promise<RunResult>((resolve, reject) => {
            const child = spawn("pulumi", full, { cwd: this.projectDir, env: this.env(), stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
            child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
            child.on("error", reject);
            child.on("close", (code) =>
                resolve({ args: full, code: code ?? -1, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
            );
        });
        log(
            `[${path.relative(REPO, this.projectDir)}:${this.stack}] pulumi ${args.join(" ")} -> exit ${result.code} in ${result.seconds.toFixed(1)}s`,
        );
        return result;
    }

    async ok(args: string[], opts: { noConfigFile?: boolean } = {}): Promise<RunResult> {
        const r = await this.run(args, opts);
        if (r.code !== 0) {
            throw new Error(`command failed\n${tail(r)}`);
        }
        return r;
    }

    dispose(): void {
        const stray = path.join(this.projectDir, `Pulumi.${this.stack}.yaml`);
        if (fs.existsSync(stray)) {
            fs.rmSync(stray);
        }
        if (process.env.KEEP_UPGRADE_DIRS === "1") {
            log(`kept ${this.dir}`);
            return;
        }
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
