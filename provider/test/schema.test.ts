// schema.yaml is the public API; src/args.ts is what the component accepts and returns.
// This test reads both (the TypeScript through the compiler API) and fails when a property
// is missing on either side, differs in optionality, or has a different type.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { DATA_PROTECTION_MODES, EXTERNAL_UPSTREAM_MODES, EXTERNAL_CONNECTIONS, FORMATS, PLATFORM_TOKEN } from "../src/args";
import { PlatformProvider } from "../src/provider";

const root = path.join(__dirname, "..", "..");
const schema = YAML.parse(fs.readFileSync(path.join(root, "schema.yaml"), "utf8"));
const PKG = "codeartifact-platform:index:";

/** TS interface name → schema object type name. */
const OBJECTS: Record<string, string> = {
    RepositoryArgs: "Repository",
    Ec2AccessArgs: "Ec2Access",
    GithubActionsArgs: "GithubActions",
    ManagedPoliciesArgs: "ManagedPolicies",
    PackageGroupArgs: "PackageGroup",
    AdoptArgs: "Adopt",
};
/** TS alias → schema enum type name, with the runtime list the component validates against. */
const ENUMS: Record<string, readonly string[]> = {
    ExternalConnection: Object.keys(EXTERNAL_CONNECTIONS),
    PackageFormat: FORMATS,
    DataProtection: DATA_PROTECTION_MODES,
    ExternalUpstream: EXTERNAL_UPSTREAM_MODES,
};

interface Prop {
    type: string;
    optional: boolean;
}

/** Normalises a TS type node: Input/Output/unions with undefined are unwrapped. */
function tsType(node: ts.TypeNode): string {
    if (ts.isUnionTypeNode(node)) {
        const parts = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        assert.strictEqual(parts.length, 1, `unexpected union ${node.getText()}`);
        return tsType(parts[0]);
    }
    if (ts.isArrayTypeNode(node)) return `array<${tsType(node.elementType)}>`;
    if (node.kind === ts.SyntaxKind.StringKeyword) return "string";
    if (node.kind === ts.SyntaxKind.NumberKeyword) return "number";
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return "boolean";
    if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName.getText();
        const args = node.typeArguments ?? [];
        if (name === "pulumi.Input" || name === "pulumi.Output") return tsType(args[0]);
        if (name === "Record") return `map<${tsType(args[1])}>`;
        if (name in OBJECTS) return `ref:${OBJECTS[name]}`;
        if (name in ENUMS) return `ref:${name}`;
    }
    throw new Error(`no schema equivalent for TS type ${node.getText()}`);
}

function schemaType(p: any): string {
    if (p.$ref) return `ref:${String(p.$ref).replace(`#/types/${PKG}`, "")}`;
    if (p.type === "array") return `array<${schemaType(p.items)}>`;
    if (p.type === "object" && p.additionalProperties) return `map<${schemaType(p.additionalProperties)}>`;
    if (p.type === "integer" || p.type === "number") return "number";
    return p.type;
}

const source = ts.createSourceFile(
    "args.ts",
    fs.readFileSync(path.join(__dirname, "..", "src", "args.ts"), "utf8"),
    ts.ScriptTarget.ES2020,
    true,
);
function tsInterface(name: string): Record<string, Prop> {
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    assert.ok(decl, `interface ${name} not found in src/args.ts`);
    const out: Record<string, Prop> = {};
    for (const m of decl.members) {
        if (!ts.isPropertySignature(m) || !m.type) continue;
        out[m.name.getText()] = { type: tsType(m.type), optional: !!m.questionToken || /\| undefined/.test(m.type.getText()) };
    }
    return out;
}

function schemaObject(properties: Record<string, any>, required: string[] = []): Record<string, Prop> {
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, { type: schemaType(v), optional: !required.includes(k) }]));
}

describe("schema.yaml and src/args.ts agree", () => {
    const component = schema.resources[PLATFORM_TOKEN];

    it("declares the component token as a component", () => {
        assert.ok(component, `${PLATFORM_TOKEN} missing from schema.yaml`);
        assert.strictEqual(component.isComponent, true);
    });

    it("has the same inputs, optionality and types", () => {
        assert.deepStrictEqual(tsInterface("CodeArtifactPlatformArgs"), schemaObject(component.inputProperties, component.requiredInputs));
    });

    it("has the same outputs, optionality and types", () => {
        assert.deepStrictEqual(tsInterface("CodeArtifactPlatformOutputs"), schemaObject(component.properties, component.required));
    });

    for (const [tsName, schemaName] of Object.entries(OBJECTS)) {
        it(`object type ${schemaName} matches ${tsName}`, () => {
            const t = schema.types[PKG + schemaName];
            assert.ok(t, `${schemaName} missing from schema.yaml types`);
            assert.deepStrictEqual(tsInterface(tsName), schemaObject(t.properties, t.required));
        });
    }

    for (const [name, values] of Object.entries(ENUMS)) {
        it(`enum ${name} has exactly the values the component validates`, () => {
            const t = schema.types[PKG + name];
            assert.ok(t, `${name} missing from schema.yaml types`);
            assert.deepStrictEqual(
                t.enum.map((e: any) => e.value),
                [...values],
            );
        });
    }

    it("has no schema types the TypeScript does not use", () => {
        const used = new Set([...Object.values(OBJECTS), ...Object.keys(ENUMS)]);
        assert.deepStrictEqual(
            Object.keys(schema.types)
                .map((k) => k.replace(PKG, ""))
                .filter((k) => !used.has(k)),
            [],
        );
    });

    it("has the provider's package name and version", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
        assert.strictEqual(schema.name, "codeartifact-platform");
        assert.strictEqual(schema.version, pkg.version);
    });
});

describe("pluginDownloadURL", () => {
    const url: unknown = schema.pluginDownloadURL;
    const sdk = path.join(root, "sdk");
    const read = (...p: string[]) => fs.readFileSync(path.join(sdk, ...p), "utf8");

    it("names this project's GitHub repository, the one the Go module path names", () => {
        assert.strictEqual(typeof url, "string", "schema.yaml must set pluginDownloadURL");
        const m = /^github:\/\/api\.github\.com\/([^/]+)\/([^/]+)$/.exec(url as string);
        assert.ok(m, `pluginDownloadURL ${JSON.stringify(url)} is not github://api.github.com/<owner>/<repo>`);
        const goPath: string = schema.language.go.importBasePath;
        assert.strictEqual(`github.com/${m[1]}/${m[2]}`, goPath.split("/").slice(0, 3).join("/"));
    });

    it("is in the schema the provider serves (GetSchema)", async () => {
        const served = JSON.parse(await new PlatformProvider(schema.version, path.join(__dirname, "..", "bin", "schema.json")).getSchema());
        assert.strictEqual(served.pluginDownloadURL, url);
    });

    it("is carried by the generated SDKs (plugin metadata and default resource options)", () => {
        assert.strictEqual(JSON.parse(read("nodejs", "package.json")).pulumi.server, url);
        assert.ok(read("nodejs", "utilities.ts").includes(`pluginDownloadURL: ${JSON.stringify(url)}`), "sdk/nodejs/utilities.ts");
        for (const dir of ["python/pulumi_codeartifact_platform", "go/codeartifactplatform"]) {
            assert.strictEqual(JSON.parse(read(dir, "pulumi-plugin.json")).server, url, `sdk/${dir}/pulumi-plugin.json`);
        }
        assert.strictEqual(
            /def get_plugin_download_url\(\):\s+return "([^"]+)"/.exec(
                read("python", "pulumi_codeartifact_platform", "_utilities.py"),
            )?.[1],
            url,
        );
        const goDefaults = read("go", "codeartifactplatform", "internal", "pulumiUtilities.go");
        assert.strictEqual(
            goDefaults.split(`pulumi.PluginDownloadURL(${JSON.stringify(url)})`).length - 1,
            2,
            "Go resource and invoke defaults",
        );
    });
});
