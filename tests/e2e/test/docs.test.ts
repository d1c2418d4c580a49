// The Registry docs (docs/_index.md, docs/installation-configuration.md): the layout's front matter,
// an example per language, and every example compiles or parses and uses only inputs schema.yaml has.
// TypeScript examples type-check against sdk/nodejs/bin, Python ones compile (py_compile), Go ones
// `go vet` with a replace to sdk/go, YAML ones parse; the input names of each are checked against
// schema.yaml's keys (component inputs and the object types they reference). No engine runs here.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import * as ts from "typescript";
import { POLICY_PACK, REPO } from "../src/harness";
import { parseYaml, tool } from "../src/templates";

const DOCS = path.join(REPO, "docs");
const PLATFORM = "codeartifact-platform:index:CodeArtifactPlatform";
const schema = parseYaml(fs.readFileSync(path.join(REPO, "schema.yaml"), "utf8"));

interface Block {
    file: string;
    line: number;
    lang: string;
    code: string;
}

/** The fenced code blocks of a docs file. */
function blocks(file: string): Block[] {
    const text = fs.readFileSync(path.join(DOCS, file), "utf8");
    const out: Block[] = [];
    const re = /^```(\w+)\n([\s\S]*?)^```$/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
        out.push({ file, line: text.slice(0, m.index).split("\n").length, lang: m[1], code: m[2] });
    }
    return out;
}

const FILES = ["_index.md", "installation-configuration.md"];
const ALL = FILES.flatMap(blocks);
const of = (lang: string) => ALL.filter((b) => b.lang === lang);
const where = (b: Block) => `docs/${b.file}:${b.line}`;

// ---- the schema's input names ----

/** A schema type spec: properties, a map (additionalProperties), an array (items) or a $ref. */
interface Spec {
    $ref?: string;
    properties?: Record<string, Spec>;
    additionalProperties?: Spec;
    items?: Spec;
}

function resolve(spec: Spec): Spec {
    return spec.$ref ? (schema.types[spec.$ref.replace(/^#\/types\//, "")] as Spec) : spec;
}

const componentInputs: Spec = { properties: schema.resources[PLATFORM].inputProperties };

/** A value as far as its keys matter: an object (keys), an array, or a leaf (null). */
type Tree = { [key: string]: Tree } | Tree[] | null;

/** Every key of `tree` that `spec` does not have, as a path (e.g. repositories[1].publisher). */
function unknownKeys(tree: Tree, specIn: Spec, at: string): string[] {
    const spec = resolve(specIn);
    if (tree === null) return [];
    if (Array.isArray(tree)) {
        return spec.items ? tree.flatMap((t, i) => unknownKeys(t, spec.items!, `${at}[${i}]`)) : [`${at} (not a list in the schema)`];
    }
    return Object.entries(tree).flatMap(([k, v]) => {
        if (spec.properties) {
            const p = spec.properties[k];
            return p ? unknownKeys(v, p, at ? `${at}.${k}` : k) : [at ? `${at}.${k}` : k];
        }
        return spec.additionalProperties
            ? unknownKeys(v, spec.additionalProperties, `${at}["${k}"]`)
            : [`${at} (not an object in the schema)`];
    });
}

/** The properties of the object type `XArgs` names (Python and Go SDKs), or the component's inputs. */
function specOfArgs(sdkName: string): Spec | undefined {
    const name = sdkName.replace(/Args$/, "");
    if (name === "CodeArtifactPlatform") return componentInputs;
    const t = schema.types[`codeartifact-platform:index:${name}`] as Spec | undefined;
    return t?.properties ? t : undefined;
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

function keysIn(spec: Spec, names: string[]): string[] {
    return names.filter((n) => !(n in (spec.properties ?? {})));
}

// ---- TypeScript ----

/** The object literal of every `new cap.CodeArtifactPlatform(name, {...})`, as a Tree. */
function tsInputs(code: string): Tree[] {
    const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true);
    const toTree = (e: ts.Expression): Tree => {
        if (ts.isObjectLiteralExpression(e)) {
            const out: { [key: string]: Tree } = {};
            for (const p of e.properties) {
                assert.ok(
                    ts.isPropertyAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)),
                    `a plain key: ${p.getText()}`,
                );
                out[p.name.text] = toTree(p.initializer);
            }
            return out;
        }
        return ts.isArrayLiteralExpression(e) ? e.elements.map(toTree) : null;
    };
    const found: Tree[] = [];
    const visit = (n: ts.Node) => {
        if (ts.isNewExpression(n) && n.expression.getText() === "cap.CodeArtifactPlatform" && n.arguments?.[1]) {
            found.push(toTree(n.arguments[1]));
        }
        ts.forEachChild(n, visit);
    };
    visit(source);
    return found;
}

// ---- the temporary directory the compilers work in ----

const work = fs.mkdtempSync(path.join(os.tmpdir(), "cap-docs-"));
after(() => fs.rmSync(work, { recursive: true, force: true }));

describe("docs: Registry layout", () => {
    it("front matter (title, meta_desc, layout: package) in both files", () => {
        for (const f of FILES) {
            const m = /^---\n([\s\S]*?)\n---\n/.exec(fs.readFileSync(path.join(DOCS, f), "utf8"));
            assert.ok(m, `docs/${f} starts with front matter`);
            const front = parseYaml(m[1]);
            assert.ok(front.title && front.meta_desc, `docs/${f}: title and meta_desc`);
            assert.equal(front.layout, "package", `docs/${f}`);
        }
    });

    it("_index.md has an example in TypeScript, Python, Go and YAML", () => {
        const langs = new Set(blocks("_index.md").map((b) => b.lang));
        for (const l of ["typescript", "python", "go", "yaml"]) assert.ok(langs.has(l), l);
    });
});

describe("docs: every example compiles or parses and uses only schema inputs", () => {
    it("TypeScript: inputs are schema keys, and the examples type-check against sdk/nodejs/bin", () => {
        const files = of("typescript").map((b, i) => {
            const inputs = tsInputs(b.code);
            assert.ok(inputs.length > 0, `${where(b)} declares a CodeArtifactPlatform`);
            assert.deepEqual(
                inputs.flatMap((t) => unknownKeys(t, componentInputs, "")),
                [],
                `${where(b)}: inputs not in schema.yaml`,
            );
            const file = path.join(work, `example${i}.ts`);
            fs.writeFileSync(file, b.code);
            return { file, block: b };
        });
        const sdk = path.join(REPO, "sdk", "nodejs", "bin");
        assert.ok(fs.existsSync(path.join(sdk, "index.d.ts")), `${sdk} is built (scripts/setup.sh)`);
        const program = ts.createProgram(
            files.map((f) => f.file),
            {
                strict: true,
                noEmit: true,
                target: ts.ScriptTarget.ES2020,
                module: ts.ModuleKind.CommonJS,
                moduleResolution: ts.ModuleResolutionKind.Node10,
                skipLibCheck: true,
                types: [],
                baseUrl: work,
                // The SDK as a user's node_modules holds it, beside one @pulumi/pulumi (the checkout's).
                paths: {
                    "@codeartifact-platform/pulumi": [sdk],
                    "@pulumi/*": [path.join(REPO, "node_modules", "@pulumi", "*")],
                },
            },
        );
        const problems = ts.getPreEmitDiagnostics(program).map((d) => {
            const f = files.find((x) => x.file === d.file?.fileName);
            const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
            return `${f ? `docs/${f.block.file}:${f.block.line + 1 + line}` : d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
        });
        assert.deepEqual(problems, []);
    });

    it("Python: the examples compile, and every keyword of a cap.* call is a schema input", async () => {
        const scan = [
            "import ast, json, sys",
            "out = []",
            "for f in sys.argv[1:]:",
            "    for n in ast.walk(ast.parse(open(f).read(), f)):",
            "        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and getattr(n.func.value, 'id', '') == 'cap':",
            "            out.append({'file': f, 'line': n.lineno, 'call': n.func.attr, 'keywords': [k.arg for k in n.keywords]})",
            "print(json.dumps(out))",
        ].join("\n");
        const files = of("python").map((b, i) => {
            const file = path.join(work, `example${i}.py`);
            fs.writeFileSync(file, b.code);
            return { file, block: b };
        });
        assert.ok(files.length > 0);
        await tool("python3", ["-m", "py_compile", ...files.map((f) => f.file)], work);
        const calls = JSON.parse(await tool("python3", ["-c", scan, ...files.map((f) => f.file)], work)) as {
            file: string;
            line: number;
            call: string;
            keywords: string[];
        }[];
        const problems: string[] = [];
        for (const c of calls) {
            const b = files.find((f) => f.file === c.file)!.block;
            const at = `docs/${b.file}:${b.line + c.line} cap.${c.call}`;
            if (c.call === "ExternalConnection" || c.call === "DataProtection") continue;
            const spec = specOfArgs(c.call);
            if (!spec) {
                problems.push(`${at}: no such schema type`);
                continue;
            }
            const keys = c.keywords.filter((k) => !(c.call === "CodeArtifactPlatform" && k === "opts")).map(camel);
            problems.push(...keysIn(spec, keys).map((k) => `${at}: ${k} is not in schema.yaml`));
        }
        assert.ok(
            calls.some((c) => c.call === "CodeArtifactPlatform"),
            "a CodeArtifactPlatform is declared",
        );
        assert.deepEqual(problems, []);
    });

    it(
        "Go: the examples go vet with a replace to sdk/go, and every field of a cap.*Args literal is a schema input",
        { timeout: 900 * 1000 },
        async () => {
            const problems: string[] = [];
            const goBlocks = of("go");
            assert.ok(goBlocks.length > 0);
            // The examples/go module's requirements (and sums), with the SDK replaced by this checkout's.
            const exampleMod = fs.readFileSync(path.join(REPO, "examples", "go", "go.mod"), "utf8");
            for (const [i, b] of goBlocks.entries()) {
                const dir = path.join(work, `go${i}`);
                fs.mkdirSync(dir);
                const mod = exampleMod
                    .replace(/^module .*$/m, `module docsexample${i}`)
                    .replace(/^replace .*$/gm, "")
                    .concat(
                        `\nreplace github.com/codeartifact-platform/pulumi-codeartifact-platform/sdk/go => ${path.join(REPO, "sdk", "go")}\n`,
                    );
                fs.writeFileSync(path.join(dir, "go.mod"), mod);
                fs.copyFileSync(path.join(REPO, "examples", "go", "go.sum"), path.join(dir, "go.sum"));
                fs.writeFileSync(path.join(dir, "main.go"), b.code);
                await tool("go", ["vet", "."], dir);
                // Field names of cap.XArgs{...} at the literal's own depth.
                for (const m of b.code.matchAll(/cap\.(\w+Args)\{/g)) {
                    const spec = specOfArgs(m[1]);
                    if (!spec) {
                        problems.push(`${where(b)}: cap.${m[1]} is no schema type`);
                        continue;
                    }
                    let depth = 0;
                    const fields: string[] = [];
                    for (let j = m.index + m[0].length; j < b.code.length && depth >= 0; j++) {
                        const ch = b.code[j];
                        if (ch === "{" || ch === "(") depth++;
                        else if (ch === "}" || ch === ")") depth--;
                        else if (depth === 0) {
                            const f = /^\s(\w+):/.exec(b.code.slice(j, j + 80));
                            if (f && /[\s{,]/.test(b.code[j])) fields.push(f[1]);
                        }
                    }
                    problems.push(
                        ...keysIn(spec, fields.map(lowerFirst)).map((k) => `${where(b)} cap.${m[1]}: ${k} is not in schema.yaml`),
                    );
                }
            }
            assert.deepEqual(problems, []);
        },
    );

    it("YAML: the examples parse, pin the schema's version and use only schema inputs", () => {
        const yamlBlocks = of("yaml");
        assert.ok(yamlBlocks.length > 0);
        for (const b of yamlBlocks) {
            const program = parseYaml(b.code);
            const platforms = Object.values<any>(program.resources ?? {}).filter((r) => r.type === PLATFORM);
            assert.ok(platforms.length > 0, `${where(b)} declares a ${PLATFORM}`);
            for (const r of platforms) {
                assert.equal(r.options?.version, schema.version, `${where(b)}: options.version`);
                assert.deepEqual(unknownKeys(toTree(r.properties), componentInputs, ""), [], `${where(b)}: inputs not in schema.yaml`);
            }
        }
    });

    it("JSON: the policy-pack config names only the pack's rules and, with their defaults, makes every rule mandatory", () => {
        const { policies } = createRequire(__filename)(path.join(POLICY_PACK, "bin", "policies.js")) as {
            policies: { name: string; enforcementLevel: string }[];
        };
        const json = of("json");
        assert.equal(json.length, 1, "one policy-pack config");
        const config = JSON.parse(json[0].code) as Record<string, unknown>;
        const names = policies.map((p) => p.name);
        assert.deepEqual(
            Object.keys(config).filter((k) => !names.includes(k)),
            [],
            "names of rules",
        );
        const level = (p: { name: string; enforcementLevel: string }) => (config[p.name] as string | undefined) ?? p.enforcementLevel;
        assert.deepEqual(
            policies.filter((p) => level(p) !== "mandatory").map((p) => p.name),
            [],
            "every rule mandatory",
        );
    });
});

/** A parsed YAML value as a Tree (keys only). */
function toTree(v: unknown): Tree {
    if (Array.isArray(v)) return v.map(toTree);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toTree(x)]));
    return null;
}
