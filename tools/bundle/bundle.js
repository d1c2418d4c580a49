#!/usr/bin/env node
// Bundles the compiled provider (provider/bin/index.js: JavaScript, not TypeScript) and everything
// it requires at run time into one CommonJS file, so the plugin Node starts reads a handful of
// files instead of the ~37,000 of an `npm install --omit=dev` (scripts/package-plugin.sh).
//
//   node tools/bundle/bundle.js ENTRY OUTDIR
//
// writes OUTDIR/index.js (the bundle), OUTDIR/index.js.map (for CODEARTIFACT_PLATFORM_SOURCE_MAPS=1)
// and OUTDIR/THIRD-PARTY-NOTICES.txt (the license file of every package the bundle contains), and
// prints what went in as JSON on stdout (BUNDLE_METAFILE=PATH also writes esbuild's metafile there).
//
// One part of @pulumi/pulumi is replaced by a stub that throws when used. It serves only closure
// serialization (pulumi.runtime.serializeFunction / computeCodePaths, for function serialization
// into Lambdas and the like), which a component provider never calls, yet @pulumi/pulumi requires
// it when it loads:
//   - typescript-shim.js: require("typescript"), else its vendored TypeScript 3.8.3 (9 MB of
//     JavaScript, whose path is computed at run time, so no bundler can follow it).
// (@pulumi/pulumi 3.260.0 also required @npmcli/arborist, with ~150 packages under it, for
// the same purpose; 3.276.0 no longer depends on it, so nothing of it is bundled or stubbed.)
// Nothing else is external: grpc-js, google-protobuf and the rest are plain JavaScript; the one
// package.json read at run time (@pulumi/aws's utilities.getVersion, a literal require) is inlined.
"use strict";
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
    console.error("usage: bundle.js ENTRY OUTDIR");
    process.exit(2);
}

/** Module source of a stub whose every property access throws, naming what was left out and why. */
const stub = (what) => `"use strict";
const message = ${JSON.stringify(
    `codeartifact-platform: the bundled provider leaves out ${what}; it serves only Pulumi's closure ` +
        `serialization (pulumi.runtime.serializeFunction), which this component provider never uses`,
)};
module.exports = new Proxy({}, {
    get(_, key) {
        if (key === "__esModule" || typeof key === "symbol") return undefined;
        throw new Error(message);
    },
});
`;
const STUBS = [
    { filter: /[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]typescript-shim\.js$/, what: "TypeScript (@pulumi/pulumi/typescript-shim)" },
];
const stubbed = [];
const stubs = {
    name: "closure-serialization-stubs",
    setup(build) {
        for (const { filter, what } of STUBS) {
            build.onLoad({ filter }, (args) => {
                stubbed.push(path.relative(process.cwd(), args.path));
                return { contents: stub(what), loader: "js" };
            });
        }
    },
};

async function main() {
    fs.mkdirSync(outdir, { recursive: true });
    const result = await esbuild.build({
        entryPoints: [entry],
        outfile: path.join(outdir, "index.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        sourcemap: "linked",
        sourcesContent: false,
        legalComments: "eof",
        metafile: true,
        logLevel: "warning",
        plugins: [stubs],
    });
    if (result.warnings.length > 0) throw new Error(`esbuild warnings: ${result.warnings.map((w) => w.text).join("; ")}`);
    // A stub that matched nothing means @pulumi/pulumi moved the module: look again before shipping.
    for (const { filter, what } of STUBS) {
        if (!stubbed.some((p) => filter.test(path.resolve(p)))) throw new Error(`nothing matched the stub for ${what} (${filter})`);
    }

    // V8 holds a script's source in the heap, one byte per character if all of it is Latin-1 and two
    // bytes otherwise: five typographic quotes and apostrophes in comments of bundled packages
    // (esbuild escapes non-ASCII characters in code, not in comments) made the ~4 MB bundle take
    // ~8 MB of the provider's memory. They become "?" (one per UTF-16 unit, so the map's columns
    // still hold), and the code without comments must come out the same, or the build fails.
    const outFile = path.join(outdir, "index.js");
    const code = fs.readFileSync(outFile, "utf8");
    const ascii = code.replace(/[^\x00-\x7f]/g, "?");
    if (ascii !== code) {
        const strip = async (text) => (await esbuild.transform(text, { minifyWhitespace: true, legalComments: "none" })).code;
        if ((await strip(code)) !== (await strip(ascii))) throw new Error("non-ASCII characters outside comments in the bundle");
        fs.writeFileSync(outFile, ascii);
    }

    // The map's sources, relative to the repository (provider/src/platform.ts, node_modules/...), not
    // to wherever this build ran: the same commit gives the same map on any machine.
    const mapFile = path.join(outdir, "index.js.map");
    const map = JSON.parse(fs.readFileSync(mapFile, "utf8"));
    map.sources = map.sources.map((s) => path.relative(process.cwd(), path.resolve(outdir, s)).split(path.sep).join("/"));
    fs.writeFileSync(mapFile, JSON.stringify(map));

    if (process.env.BUNDLE_METAFILE) fs.writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));

    // Which packages the bundle holds, and their license files.
    const inputs = Object.keys(result.metafile.inputs);
    const packages = new Map();
    for (const file of inputs) {
        const m = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
        if (m) packages.set(m[1], (packages.get(m[1]) ?? 0) + 1);
    }
    const notices = [];
    for (const dir of [...packages.keys()].sort()) {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        const license = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying|notice)/i.test(f));
        notices.push(
            `${"=".repeat(78)}\n${pkg.name}@${pkg.version} (${typeof pkg.license === "string" ? pkg.license : "see below"})\n` +
                (license ? `\n${fs.readFileSync(path.join(dir, license), "utf8").trim()}\n` : "\n(no license file in the package)\n"),
        );
    }
    fs.writeFileSync(
        path.join(outdir, "THIRD-PARTY-NOTICES.txt"),
        `Packages bundled into index.js, with their license files.\n\n${notices.join("\n")}`,
    );
    const bytes = fs.statSync(path.join(outdir, "index.js")).size;
    console.log(JSON.stringify({ files: inputs.length, packages: packages.size, stubbed, bytes }));
}

main().catch((e) => {
    console.error(`bundle: ${e.message}`);
    process.exit(1);
});
