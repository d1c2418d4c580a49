// What `make release` (scripts/release.sh) put in dist/, checked as a user or a registry would see
// it: the plugin archives' contents, that this machine's Linux archive installs with
// `pulumi plugin install --file`, serves the schema and constructs a CodeArtifactPlatform through
// the engine (a preview of examples/yaml against the offline aws stand-in), the npm tarball, the
// Python wheel and sdist, and checksums.txt. Run by the plugin suite (scripts/test.sh plugin) after
// scripts/release.sh, with the Pulumi CLI and the aws stand-in on PATH.
"use strict";
const assert = require("node:assert/strict");
const { execFileSync, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, before, describe, it } = require("node:test");

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const VERSION = /^PACKAGE_VERSION=(.+)$/m.exec(fs.readFileSync(path.join(ROOT, "versions.env"), "utf8"))[1];
const PLUGIN = "pulumi-resource-codeartifact-platform";
const TARGETS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"];
const archiveName = (target) => `${PLUGIN}-v${VERSION}-${target}.tar.gz`;
const NPM_TARBALL = `codeartifact-platform-pulumi-${VERSION}.tgz`;
const WHEEL = `pulumi_codeartifact_platform-${VERSION}-py3-none-any.whl`;
const SDIST = `pulumi_codeartifact_platform-${VERSION}.tar.gz`;
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
// schema.yaml's pluginDownloadURL: the engine installs the plugin from there for an SDK's program.
const SERVER = /^pluginDownloadURL:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(ROOT, "schema.yaml"), "utf8"))[1];

/** The entries of a .tar.gz: path → { mode, size, type } (GNU tar's verbose listing). */
function tarEntries(file) {
    const entries = new Map();
    for (const line of execFileSync("tar", ["-tvzf", file], { encoding: "utf8" }).trim().split("\n")) {
        // -rwxr-xr-x 0/0   123 2026-01-01 00:00 ./pulumi-resource-codeartifact-platform
        const m = /^(\S)(\S{9})\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line);
        assert.ok(m, `unexpected tar listing line: ${line}`);
        entries.set(m[4].replace(/^\.\//, "").replace(/\/$/, ""), { type: m[1], mode: m[2], size: Number(m[3]) });
    }
    entries.delete(".");
    entries.delete("");
    return entries;
}
const tarFile = (archive, member) => execFileSync("tar", ["-xOzf", archive, member], { maxBuffer: 64 << 20 });
/** Names and selected member texts of a zip (the wheel), read with the project's Python. */
function zipRead(file, members) {
    const script =
        "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n" +
        "print(json.dumps({'names': z.namelist(), 'files': {m: z.read(m).decode() for m in sys.argv[2:]}}))";
    return JSON.parse(execFileSync(PYTHON, ["-c", script, file, ...members], { encoding: "utf8" }));
}
/** Fails naming what of `expected` is not among `names`. */
const assertHas = (names, expected, what) =>
    assert.deepEqual(
        expected.filter((f) => !names.includes(f)),
        [],
        `missing from ${what}`,
    );
const metadataField = (text, field) => new RegExp(`^${field}: (.+)$`, "m").exec(text)?.[1];

describe("plugin archives", () => {
    const bundles = new Map();
    for (const target of TARGETS) {
        it(`${archiveName(target)}: launcher, bundle, schema and version, nothing else`, () => {
            const file = path.join(DIST, archiveName(target));
            const entries = tarEntries(file);
            const windows = target.startsWith("windows-");
            const launcher = windows ? `${PLUGIN}.cmd` : PLUGIN;
            assert.deepEqual(
                [...entries.keys()].sort(),
                [
                    launcher,
                    "bin",
                    "bin/THIRD-PARTY-NOTICES.txt",
                    "bin/index.js",
                    "bin/index.js.map",
                    "bin/schema.json",
                    "package.json",
                ].sort(),
            );
            for (const [name, e] of entries) {
                assert.equal(e.type, name === "bin" ? "d" : "-", `${name} type`);
                if (name === launcher || name === "bin") assert.match(e.mode, /^rwxr-xr-x$/, `${name} is executable`);
                else assert.match(e.mode, /^rw-r--r--$/, `${name} mode`);
            }
            const text = tarFile(file, `./${launcher}`).toString("utf8");
            if (windows) {
                assert.match(text, /^@echo off\r\n/);
                assert.match(text, /\r\nnode --max-semi-space-size=4 --single-threaded "%~dp0bin\\index\.js" %\*\r\n$/);
            } else {
                assert.match(text, /^#!\/bin\/sh\n/);
                assert.match(text, /\nexec node --max-semi-space-size=4 --single-threaded "\$\(dirname "\$0"\)\/bin\/index\.js" "\$@"\n$/);
            }
            const pkg = JSON.parse(tarFile(file, "./package.json"));
            assert.equal(pkg.name, PLUGIN);
            assert.equal(pkg.version, VERSION);
            assert.equal(pkg.dependencies, undefined, "the bundle needs no dependencies installed");
            assert.deepEqual(
                JSON.parse(tarFile(file, "./bin/schema.json")),
                JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "bin", "schema.json"))),
            );
            // One file holds the provider and its dependencies: a few MB, not the ~280 MB of node_modules it replaces.
            const bundle = tarFile(file, "./bin/index.js");
            assert.ok(bundle.length > 500_000 && bundle.length < 10_000_000, `bin/index.js is ${bundle.length} bytes`);
            assert.ok(!/\brequire\("@pulumi\//.test(bundle.toString("utf8")), "no @pulumi package is left to require at run time");
            // ASCII, so V8 holds its source one byte per character, not two (tools/bundle).
            assert.ok(!bundle.some((b) => b > 0x7f), "bin/index.js is ASCII");
            bundles.set(target, crypto.createHash("sha256").update(bundle).digest("hex"));
        });
    }
    it("every archive carries the same bundle (plain JavaScript serves every OS and architecture)", () => {
        assert.equal(bundles.size, TARGETS.length);
        assert.equal(new Set(bundles.values()).size, 1);
    });
});

describe(`the ${process.arch === "arm64" ? "linux-arm64" : "linux-amd64"} archive, installed`, () => {
    const target = process.arch === "arm64" ? "linux-arm64" : "linux-amd64";
    let home;
    let project;
    const env = () => ({ ...process.env, PULUMI_HOME: home, PULUMI_BACKEND_URL: `file://${path.join(home, "state")}` });
    const pulumi = (args, cwd) => {
        const r = spawnSync("pulumi", args, { cwd, env: env(), encoding: "utf8", maxBuffer: 64 << 20 });
        assert.equal(r.status, 0, `pulumi ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
        return r.stdout;
    };
    before(() => {
        home = fs.mkdtempSync(path.join(os.tmpdir(), "cap-release-"));
        fs.mkdirSync(path.join(home, "state"));
        pulumi(["plugin", "install", "resource", "codeartifact-platform", VERSION, "--file", path.join(DIST, archiveName(target))]);
    });
    after(() => fs.rmSync(home, { recursive: true, force: true }));

    it("is in the plugin cache as a launcher and one bundle (no node_modules)", () => {
        const dir = path.join(home, "plugins", `resource-codeartifact-platform-v${VERSION}`);
        const files = execFileSync("find", [dir, "-not", "-name", "*.lock", "-type", "f", "-printf", "%P\n"], { encoding: "utf8" })
            .trim()
            .split("\n")
            .sort();
        assert.deepEqual(
            files,
            [PLUGIN, "bin/THIRD-PARTY-NOTICES.txt", "bin/index.js", "bin/index.js.map", "bin/schema.json", "package.json"].sort(),
        );
        assert.ok(fs.statSync(path.join(dir, PLUGIN)).mode & 0o100, "launcher is executable");
    });

    it("serves schema.yaml's schema", () => {
        const served = JSON.parse(pulumi(["package", "get-schema", `codeartifact-platform@${VERSION}`]));
        const built = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "bin", "schema.json"), "utf8"));
        for (const k of ["name", "version", "resources", "types"]) assert.deepEqual(served[k], built[k], k);
        assert.equal(served.version, VERSION);
    });

    it("constructs a CodeArtifactPlatform through the engine: examples/yaml previews with the installed plugin", () => {
        // The starter stack as a user runs it: the plugins block (the provider from this checkout) dropped.
        project = fs.mkdtempSync(path.join(home, "yaml-"));
        const text = fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
        const block = /^plugins:\n(?:[ #].*\n)+/m;
        assert.match(text, block);
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), text.replace(block, ""));
        pulumi(["stack", "init", "release"], project);
        const preview = JSON.parse(pulumi(["preview", "--json", "--non-interactive"], project));
        const creates = preview.steps.filter((s) => s.op === "create").map((s) => s.newState.type);
        const count = (type) => creates.filter((t) => t === type).length;
        assert.equal(count("codeartifact-platform:index:CodeArtifactPlatform"), 1);
        assert.equal(count("aws:codeartifact/domain:Domain"), 1);
        assert.equal(count("aws:kms/key:Key"), 1);
        // three consuming repositories and the proxies of their three public registries
        assert.equal(count("aws:codeartifact/repository:Repository"), 6);
        assert.equal(count("aws-native:codeartifact:PackageGroup"), 3);
        assert.ok(count("aws:iam/role:Role") >= 3, "EC2 and GitHub read/publish roles");
        // The engine ran the installed plugin: the one in PULUMI_HOME, no other is on PATH or in the program.
        assert.notEqual(spawnSync("sh", ["-c", `command -v ${PLUGIN}`]).status, 0, `a ${PLUGIN} on PATH`);
    });
});

describe("SDK packages", () => {
    it(`${NPM_TARBALL}: the compiled @codeartifact-platform/pulumi ${VERSION}`, () => {
        const file = path.join(DIST, NPM_TARBALL);
        const names = [...tarEntries(file).keys()];
        const expected = ["package.json", "index.js", "index.d.ts", "codeArtifactPlatform.js", "README.md"];
        assertHas(
            names,
            expected.map((f) => `package/${f}`),
            NPM_TARBALL,
        );
        assert.deepEqual(
            names.filter((n) => /\.ts$/.test(n) && !/\.d\.ts$/.test(n)),
            [],
            "no TypeScript sources",
        );
        assert.deepEqual(
            names.filter((n) => n.includes("node_modules")),
            [],
        );
        const pkg = JSON.parse(tarFile(file, "package/package.json"));
        assert.equal(pkg.name, "@codeartifact-platform/pulumi");
        assert.equal(pkg.version, VERSION);
        assert.equal(pkg.pulumi.name, "codeartifact-platform");
        assert.equal(pkg.pulumi.version, VERSION);
    });

    it(`${WHEEL}: pulumi_codeartifact_platform ${VERSION}, with its plugin manifest`, () => {
        const info = `pulumi_codeartifact_platform-${VERSION}.dist-info`;
        const { names, files } = zipRead(path.join(DIST, WHEEL), [`${info}/METADATA`, "pulumi_codeartifact_platform/pulumi-plugin.json"]);
        const expected = ["__init__.py", "code_artifact_platform.py", "_inputs.py", "py.typed", "pulumi-plugin.json"];
        assertHas(
            names,
            expected.map((f) => `pulumi_codeartifact_platform/${f}`),
            WHEEL,
        );
        assert.equal(metadataField(files[`${info}/METADATA`], "Name"), "pulumi_codeartifact_platform");
        assert.equal(metadataField(files[`${info}/METADATA`], "Version"), VERSION);
        assert.match(files[`${info}/METADATA`], /CodeArtifact/, "long description (README) present");
        assert.deepEqual(JSON.parse(files["pulumi_codeartifact_platform/pulumi-plugin.json"]), {
            resource: true,
            name: "codeartifact-platform",
            version: VERSION,
            server: SERVER,
        });
    });

    it(`${SDIST}: the sources, pyproject and README, version ${VERSION}`, () => {
        const file = path.join(DIST, SDIST);
        const top = `pulumi_codeartifact_platform-${VERSION}`;
        const names = [...tarEntries(file).keys()];
        const expected = [
            "PKG-INFO",
            "pyproject.toml",
            "README.md",
            "pulumi_codeartifact_platform/__init__.py",
            "pulumi_codeartifact_platform/pulumi-plugin.json",
        ];
        assertHas(
            names,
            expected.map((f) => `${top}/${f}`),
            SDIST,
        );
        const pkgInfo = tarFile(file, `${top}/PKG-INFO`).toString("utf8");
        assert.equal(metadataField(pkgInfo, "Version"), VERSION);
    });
});

describe("checksums.txt", () => {
    it("names every other file of dist/ once, with its sha256", () => {
        const lines = fs.readFileSync(path.join(DIST, "checksums.txt"), "utf8").trim().split("\n");
        const listed = new Map(lines.map((l) => /^([0-9a-f]{64}) {2}(.+)$/.exec(l)).map((m) => [m[2], m[1]]));
        const files = fs
            .readdirSync(DIST)
            .filter((f) => f !== "checksums.txt")
            .sort();
        assert.deepEqual([...listed.keys()].sort(), files);
        assert.deepEqual(files, [...TARGETS.map(archiveName), NPM_TARBALL, WHEEL, SDIST].sort());
        for (const f of files) {
            assert.equal(
                listed.get(f),
                crypto
                    .createHash("sha256")
                    .update(fs.readFileSync(path.join(DIST, f)))
                    .digest("hex"),
                f,
            );
        }
    });
});
