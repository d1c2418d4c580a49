// Helpers for test/templates.test.ts: the `pulumi new` templates in templates/, instantiated into a
// temporary project and pointed at this checkout's SDK and plugin the way a user points a project at
// a local build. Nothing here talks to AWS.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import { log, REPO } from "./harness";

const run = promisify(execFile);

export const TEMPLATES_DIR = path.join(REPO, "templates");
export const TEMPLATE_LANGUAGES = ["typescript", "python", "go", "yaml"] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export function templateDir(lang: TemplateLanguage): string {
    return path.join(TEMPLATES_DIR, `codeartifact-platform-${lang}`);
}

/** PACKAGE_VERSION from versions.env: the plugin and SDK version the templates depend on. */
export function packageVersion(): string {
    const m = /^PACKAGE_VERSION=(\S+)$/m.exec(fs.readFileSync(path.join(REPO, "versions.env"), "utf8"));
    if (!m) {
        throw new Error("versions.env has no PACKAGE_VERSION");
    }
    return m[1];
}

/** Runs a command (not pulumi) and returns its stdout; fails with its output on a non-zero exit. */
export async function tool(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
    const started = Date.now();
    try {
        const { stdout } = await run(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
        log(`${`${cmd} ${args.join(" ")}`.slice(0, 160)} -> ok in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        return stdout;
    } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`, {
            cause: e,
        });
    }
}

let archive: Promise<string> | undefined;

/** This machine's plugin platform, as archive names spell it (linux-amd64, darwin-arm64, ...). */
function pluginPlatform(): string {
    const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
    return `${process.platform === "win32" ? "windows" : process.platform}-${arch}`;
}

/**
 * The plugin archive of scripts/package-plugin.sh for this machine, built once per test run: the
 * `plugin: <archive>` line (relative to the checkout) naming this platform, or the only one.
 */
export function pluginArchive(): Promise<string> {
    archive ??= tool(path.join(REPO, "scripts", "package-plugin.sh"), [], REPO).then((out) => {
        const named = [...out.matchAll(/^plugin: (\S+)/gm)].map((m) => m[1]);
        const mine = named.filter((n) => n.includes(`-${pluginPlatform()}.`));
        const chosen = mine.length === 1 ? mine[0] : named.length === 1 ? named[0] : undefined;
        if (!chosen) {
            throw new Error(`scripts/package-plugin.sh named no single archive for ${pluginPlatform()}:\n${out}`);
        }
        const file = path.resolve(REPO, chosen);
        if (!fs.existsSync(file)) {
            throw new Error(`scripts/package-plugin.sh named ${file}, which does not exist`);
        }
        return file;
    });
    return archive;
}

/** Every file under `dir` (relative paths, sorted), not descending into the directories named in `skip`. */
export function listFiles(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) {
                if (!skip.has(r)) walk(r);
            } else {
                out.push(r);
            }
        }
    };
    walk("");
    return out.sort();
}

/**
 * The ways a file of `projectDir` can name this checkout: its absolute path, and the relative path
 * from the project to it (e.g. ../../../src/pulumi-codeartifact-platform).
 */
export function checkoutPathForms(projectDir: string): string[] {
    return [REPO, path.relative(projectDir, REPO)];
}

/**
 * Where the files of `projectDir` name the checkout, outside the directories in `skip` and once
 * the `allowed` strings of each file are taken out: "file: ...text..." for each.
 */
export function checkoutPathsIn(projectDir: string, skip: ReadonlySet<string>, allowed: Record<string, string[]> = {}): string[] {
    const forms = checkoutPathForms(projectDir);
    const found: string[] = [];
    for (const rel of listFiles(projectDir, skip)) {
        let text = fs.readFileSync(path.join(projectDir, rel), "utf8");
        for (const a of allowed[rel] ?? []) {
            text = text.split(a).join("<allowed>");
        }
        for (const form of forms) {
            const at = text.indexOf(form);
            if (at >= 0) {
                found.push(`${rel}: ...${text.slice(Math.max(0, at - 60), at + form.length + 40)}...`);
            }
        }
    }
    return found;
}

/**
 * Parses YAML with the checkout's `yaml` package (a dependency of the provider, in the root
 * node_modules): a runtime path, so a CommonJS require rather than a static import.
 */
export function parseYaml(text: string): any {
    const yaml = createRequire(path.join(REPO, "provider", "package.json"))("yaml") as { parse(text: string): unknown };
    return yaml.parse(text);
}

/** A template's Pulumi.yaml. */
export function templateProject(lang: TemplateLanguage): any {
    return parseYaml(fs.readFileSync(path.join(templateDir(lang), "Pulumi.yaml"), "utf8"));
}
