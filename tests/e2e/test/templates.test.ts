// The `pulumi new` templates (templates/codeartifact-platform-{typescript,python,go,yaml}) through the
// built CLI and language hosts, offline: `pulumi new` makes a project in a temporary directory; the
// project is pointed at this checkout's SDK and plugin the way a user points a project at a local
// build (npm file: + install-links, pip install <sdk>, a Go replace, `pulumi plugin install --file`);
// `preview --policy-pack` with every rule mandatory passes with the expected resources; and no file
// of the project names this checkout, except the lines the pointing step itself wrote.
//
// The SDK packages the templates depend on (@codeartifact-platform/pulumi, pulumi_codeartifact_platform
// and the Go module, all 0.2.0) are not published, so `pulumi new` cannot install them: TypeScript,
// Python and Go run `pulumi new --generate-only`, then the pointing step, `pulumi install`, `stack
// init` and `config set`. YAML has nothing to install, so it runs the whole `pulumi new --stack dev
// --config ...`, which also saves the template's config defaults into the stack.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
    assertPackPassed,
    log,
    nameOf,
    parseEvents,
    POLICY_PACK,
    REPO,
    summaryEvent,
    tail,
    Workspace,
    writeAllMandatoryConfig,
} from "../src/harness";
import {
    checkoutPathsIn,
    listFiles,
    packageVersion,
    parseYaml,
    pluginArchive,
    TEMPLATE_LANGUAGES,
    TemplateLanguage,
    templateDir,
    templateProject,
    tool,
} from "../src/templates";

const ACCOUNT = "111122223333";
/** The config the test chooses (the template defaults are acme-packages, acme, acme, us-east-1). */
const CHOSEN: Record<string, string> = {
    domainName: "team-packages",
    githubOwner: "my-org",
    internalNamespace: "myorg",
    "aws:region": "eu-west-1",
    "aws-native:region": "eu-west-1",
};
const REGION = CHOSEN["aws:region"];

/** The aws and aws-native children a template's program declares (logical names), by type. */
const EXPECTED_CHILDREN: Record<string, string[]> = {
    "aws:kms/key:Key": ["key"],
    "aws:codeartifact/domain:Domain": ["domain"],
    "aws:codeartifact/repository:Repository": ["proxy-npmjs", "proxy-pypi", "proxy-maven-central"].concat(
        ["npm", "py", "maven"].map((f) => `repo-${f}-internal`),
    ),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["github-oidc"],
    "aws:iam/role:Role": ["github-read", "github-publish", "ec2-role"],
    "aws:iam/rolePolicy:RolePolicy": ["github-read-access", "github-publish-access", "ec2-access"],
    "aws:iam/instanceProfile:InstanceProfile": ["ec2-profile"],
    "aws-native:codeartifact:PackageGroup": ["/npm/myorg/*", "/pypi//myorg~", "/maven/com.myorg~"].map((p) => `group-${p}`),
};
const EXPECTED = Object.entries(EXPECTED_CHILDREN)
    .flatMap(([type, names]) => names.map((n) => `${type} packages-${n}`))
    .sort();

/**
 * How each language's project is pointed at the local build. `skip`: directories the pointing or the
 * install created (dependencies, never the user's files); `allowed`: per file, the checkout path
 * the pointing wrote there, which a user pointing at a local build writes too.
 */
interface Pointing {
    skip: Set<string>;
    allowed: Record<string, string[]>;
}

async function pointAtLocalBuild(lang: TemplateLanguage, ws: Workspace): Promise<Pointing> {
    const dir = ws.projectDir;
    const env = ws.env();
    if (lang === "typescript") {
        // The built SDK, copied in (install-links) so it shares the project's one @pulumi/pulumi.
        const sdk = path.join(REPO, "sdk", "nodejs", "bin");
        const file = path.join(dir, "package.json");
        const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
        assert.equal(pkg.dependencies["@codeartifact-platform/pulumi"], packageVersion(), "the template depends on the published SDK");
        pkg.dependencies["@codeartifact-platform/pulumi"] = `file:${sdk}`;
        fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
        fs.writeFileSync(path.join(dir, ".npmrc"), "install-links=true\n");
        return {
            skip: new Set(["node_modules"]),
            allowed: { "package.json": [sdk], "package-lock.json": [sdk, path.relative(dir, sdk)] },
        };
    }
    if (lang === "python") {
        // The template's virtualenv (runtime.options.virtualenv: venv), with the built SDK in it first:
        // requirements.txt's pulumi_codeartifact_platform==0.2.0 is then already satisfied.
        await tool("python3", ["-m", "venv", "venv"], dir, env);
        await tool(path.join(dir, "venv", "bin", "pip"), ["install", "--quiet", path.join(REPO, "sdk", "python")], dir, env);
        return { skip: new Set(["venv"]), allowed: {} };
    }
    if (lang === "go") {
        const sdk = path.join(REPO, "sdk", "go");
        const module = "github.com/codeartifact-platform/pulumi-codeartifact-platform/sdk/go";
        assert.match(fs.readFileSync(path.join(dir, "go.mod"), "utf8"), new RegExp(`^\\t${module} v${packageVersion()}$`, "m"));
        await tool("go", ["mod", "edit", `-replace=${module}=${sdk}`], dir, env);
        await tool("go", ["mod", "tidy"], dir, env);
        return { skip: new Set(), allowed: { "go.mod": [sdk] } };
    }
    return { skip: new Set(), allowed: {} };
}

/** The template's own files as `pulumi new` writes them (Pulumi.yaml rewritten, stack files apart). */
function assertGeneratedFromTemplate(lang: TemplateLanguage, ws: Workspace, name: string, description: string): void {
    const files = listFiles(ws.projectDir);
    assert.deepEqual(files, listFiles(templateDir(lang)), "pulumi new copies the template's files, nothing else");
    for (const f of files) {
        assert.ok(!fs.readFileSync(path.join(ws.projectDir, f), "utf8").includes("${PROJECT}"), `${f}: \${PROJECT} substituted`);
    }
    const project = parseYaml(fs.readFileSync(path.join(ws.projectDir, "Pulumi.yaml"), "utf8"));
    assert.equal(project.name, name);
    assert.equal(project.description, description);
    assert.equal(project.template, undefined, "pulumi new drops the template section");
    assert.equal(project.plugins, undefined, "no plugin path: the plugin is installed");
    assert.ok(fs.readFileSync(path.join(ws.projectDir, "README.md"), "utf8").startsWith(`# ${name}\n\n${description}\n`));
    // `pulumi new` itself records where the template came from, as the stack tag pulumi:template: the
    // directory given on its command line (a URL, for a user). The template's files name no path.
    assert.equal(project.config["pulumi:tags"]?.value?.["pulumi:template"], templateDir(lang));
    assert.deepEqual(
        checkoutPathsIn(ws.projectDir, new Set(), TEMPLATE_TAG(lang)),
        [],
        "the generated project names no path into this checkout",
    );
}

/** The one checkout path `pulumi new <template dir>` writes: the pulumi:template tag in Pulumi.yaml. */
const TEMPLATE_TAG = (lang: TemplateLanguage): Record<string, string[]> => ({
    "Pulumi.yaml": [`pulumi:template: ${templateDir(lang)}\n`],
});

describe("templates: the four templates agree", () => {
    it("same template.config (keys, defaults) and project config in every language", () => {
        const [first, ...rest] = TEMPLATE_LANGUAGES.map((lang) => ({ lang, project: templateProject(lang) }));
        assert.deepEqual(Object.keys(first.project.template.config).sort(), [
            "aws-native:region",
            "aws:region",
            "dataProtection",
            "domainName",
            "githubOwner",
            "internalNamespace",
        ]);
        for (const [key, c] of Object.entries<{ description?: string; default?: string }>(first.project.template.config)) {
            assert.ok(c.description && c.default, `${key} has a description and a default`);
        }
        for (const { lang, project } of rest) {
            assert.deepEqual(project.template.config, first.project.template.config, lang);
            assert.deepEqual(project.config, first.project.config, lang);
        }
    });
});

for (const lang of TEMPLATE_LANGUAGES) {
    const generateOnly = lang !== "yaml";
    const name = `my-${lang}-registry`;
    const description = `Our package registry (${lang})`;
    describe(`templates/codeartifact-platform-${lang}`, () => {
        let ws: Workspace;
        let failed: string | undefined;
        let pointing: Pointing = { skip: new Set(), allowed: {} };
        let started = 0;
        before(() => {
            started = Date.now();
            ws = Workspace.forNewProject(`tpl-${lang.slice(0, 2)}`, "dev");
        });
        after(() => {
            log(`templates/${lang}: ${((Date.now() - started) / 1000).toFixed(1)}s wall, ${ws.totalSeconds().toFixed(1)}s in pulumi`);
            ws.dispose();
        });
        const step = (title: string, fn: () => Promise<void>) =>
            it(title, { timeout: 1200 * 1000 }, async (t) => {
                if (failed) {
                    t.skip(`skipped: earlier step failed (${failed})`);
                    return;
                }
                try {
                    await fn();
                } catch (e) {
                    failed = title;
                    throw e;
                }
            });

        step(
            generateOnly
                ? "pulumi new --generate-only: the template's files, substituted, naming no path into this checkout"
                : "pulumi new --stack dev --config: the template's files and the stack config with the template's defaults",
            async () => {
                const installed = await ws.run(
                    ["plugin", "install", "resource", "codeartifact-platform", packageVersion(), "--file", await pluginArchive()],
                    { noStack: true, noConfigFile: true },
                );
                assert.equal(installed.code, 0, tail(installed));
                const args = ["new", templateDir(lang), "--dir", ws.projectDir, "--yes", "--name", name, "--description", description];
                if (generateOnly) {
                    args.push("--generate-only");
                } else {
                    for (const [k, v] of Object.entries(CHOSEN)) args.push("--config", `${k}=${v}`);
                }
                const r = await ws.run(args, { noStack: generateOnly, noConfigFile: true });
                assert.equal(r.code, 0, tail(r));
                const stackFile = path.join(ws.projectDir, "Pulumi.dev.yaml");
                if (!generateOnly) {
                    // The stack config `pulumi new` saved: the chosen values and the template's default.
                    const config = parseYaml(fs.readFileSync(stackFile, "utf8")).config;
                    fs.renameSync(stackFile, ws.configFile);
                    assert.deepEqual(config, {
                        ...Object.fromEntries(Object.entries(CHOSEN).map(([k, v]) => [k.includes(":") ? k : `${name}:${k}`, v])),
                        [`${name}:dataProtection`]: "retain",
                    });
                } else {
                    assert.ok(!fs.existsSync(stackFile), "--generate-only makes no stack");
                }
                assertGeneratedFromTemplate(lang, ws, name, description);
            },
        );

        if (generateOnly) {
            step("point at the local build, pulumi install, stack init dev, config set", async () => {
                pointing = await pointAtLocalBuild(lang, ws);
                const install = await ws.run(["install"], { noStack: true, noConfigFile: true });
                assert.equal(install.code, 0, tail(install));
                const init = await ws.run(["stack", "init"], { noConfigFile: true });
                assert.equal(init.code, 0, tail(init));
                fs.renameSync(path.join(ws.projectDir, "Pulumi.dev.yaml"), ws.configFile);
                for (const [k, v] of Object.entries(CHOSEN)) await ws.setConfig(k, v);
            });
        }

        step("preview --policy-pack (every rule mandatory): 21 creates as expected, no violation", async () => {
            const mandatory = path.join(ws.dir, "policy-config.json");
            writeAllMandatoryConfig(mandatory);
            const r = await ws.run(["preview", "--json", "--policy-pack", POLICY_PACK, "--policy-pack-config", mandatory], {
                env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
            });
            assert.equal(r.code, 0, tail(r));
            const events = parseEvents(r.stdout);
            const summary = summaryEvent(events);
            assert.equal(summary.result, "succeeded", tail(r));
            assert.deepEqual(summary.resourceChanges, { create: EXPECTED.length + 2 }, "stack + component + the children");
            assertPackPassed(events, "no policy event");

            const steps = events.filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent.metadata);
            const children = steps.filter((m) => /^aws(-native)?:/.test(m.type));
            assert.deepEqual(children.map((m) => `${m.type} ${nameOf(m.urn)}`).sort(), EXPECTED);
            // The chosen config reached the program: the domain's name and the region in its ARN.
            const domain = children.find((m) => m.type === "aws:codeartifact/domain:Domain");
            assert.equal(domain.new.inputs.domain, CHOSEN.domainName);
            const policies = JSON.stringify(children.map((m) => [m.new?.inputs?.policy, m.new?.inputs?.assumeRolePolicy]));
            assert.ok(policies.includes(`arn:aws:codeartifact:${REGION}:${ACCOUNT}:domain/${CHOSEN.domainName}`), policies);
            assert.ok(policies.includes(`repo:${CHOSEN.githubOwner}/*`), "the GitHub owner is in the trust");
        });

        step("no file of the project names this checkout, but for what the pointing step wrote", async () => {
            assert.deepEqual(checkoutPathsIn(ws.projectDir, pointing.skip, { ...pointing.allowed, ...TEMPLATE_TAG(lang) }), []);
            // The pointing only added dependencies and its own lines: the template's program is untouched.
            for (const f of listFiles(templateDir(lang))) {
                if (pointing.allowed[f] || f === "Pulumi.yaml" || f === "README.md") continue;
                const made = fs.readFileSync(path.join(ws.projectDir, f), "utf8");
                const source = fs.readFileSync(path.join(templateDir(lang), f), "utf8");
                assert.equal(made, source.split("${PROJECT}").join(name), `${f} is the template's`);
            }
        });
    });
}
