// Upgrades replace nothing: each starter stack recorded with an earlier release
// (fixtures/<tag>/<language>.json, see record.sh) is imported into a fresh stack and previewed with
// THIS checkout's provider and SDKs, offline. No replace, no delete; every update and create must
// be one that CHANGELOG.md's "Children that change" rows of a later release name.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { changesSince, readChangelog } from "../src/changelog";
import { Deployment, nameOf, retarget } from "../src/fixture";
import { COMPONENT_TYPE, describeFinding, judge, Preview } from "../src/plan";
import { log, projectName, REPO, tail, Workspace } from "../src/workspace";

const FIXTURES = path.join(REPO, "tests", "upgrade", "fixtures");
const CHANGELOG = path.join(REPO, "CHANGELOG.md");
const only = (process.env.UPGRADE_LANGUAGES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const tags = fs
    .readdirSync(FIXTURES)
    .filter((d) => /^v\d+\.\d+\.\d+$/.test(d))
    .sort();

/** Imports `fixture` into a fresh stack of the project in `projectDir` and previews it with this checkout's provider. */
async function importAndPreview(
    fixture: Deployment,
    projectDir: string,
    stack: string,
    check: (p: Preview, state: Deployment) => void,
): Promise<void> {
    const ws = await Workspace.create(projectDir, stack);
    try {
        const state = retarget(fixture, stack, projectName(projectDir));
        const stateFile = path.join(ws.dir, "fixture.json");
        fs.writeFileSync(stateFile, JSON.stringify(state));
        await ws.ok(["stack", "import", "--file", stateFile], { noConfigFile: true });
        const r = await ws.run(["preview", "--json"]);
        assert.equal(r.code, 0, tail(r));
        const preview = JSON.parse(r.stdout) as Preview;
        const diags = (preview.diagnostics ?? []).map((d) => d.message);
        assert.ok(
            diags.some((m) => m.includes("offline aws stand-in: this provider is a test double")),
            "the preview ran on the aws stand-in",
        );
        check(preview, state);
    } finally {
        ws.dispose();
    }
}

const componentsOf = (state: Deployment) => state.deployment.resources.filter((x) => x.type === COMPONENT_TYPE).map((x) => x.urn);

for (const tag of tags) {
    const release = tag.slice(1);
    const files = fs
        .readdirSync(path.join(FIXTURES, tag))
        .filter((f) => f.endsWith(".json") && f !== "provenance.json")
        .sort();
    describe(`upgrade from ${release}`, () => {
        for (const file of files) {
            const lang = file.replace(/\.json$/, "");
            const projectDir = path.join(REPO, "examples", lang);
            const skip = !fs.existsSync(path.join(projectDir, "Pulumi.yaml"))
                ? `examples/${lang} is not present`
                : only.length > 0 && !only.includes(lang)
                  ? "not in UPGRADE_LANGUAGES"
                  : false;
            const title = `examples/${lang}: the ${release} state previews with no replace, no delete, and only the changes CHANGELOG.md names`;
            it(title, { skip, timeout: 300_000 }, async () => {
                const rows = changesSince(readChangelog(CHANGELOG), release);
                const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, tag, file), "utf8")) as Deployment;
                await importAndPreview(fixture, projectDir, `upgrade-${lang.slice(0, 2)}`, (preview, state) => {
                    const components = componentsOf(state);
                    assert.ok(components.length > 0, "the fixture holds a CodeArtifactPlatform");
                    const { problems, allowed } = judge(preview, rows, components);
                    const counts = Object.entries(preview.changeSummary)
                        .map(([op, n]) => `${n} ${op}`)
                        .join(", ");
                    log(
                        `examples/${lang} from ${release}: ${counts}; ${allowed.length} change(s) CHANGELOG.md allows, ${problems.length} it does not`,
                    );
                    for (const f of allowed) {
                        log(`  allowed: ${describeFinding(f)}`);
                    }
                    assert.deepEqual(
                        problems.map(describeFinding),
                        [],
                        `upgrading the ${release} examples/${lang} stack changes what CHANGELOG.md does not name ` +
                            `(replacements and deletions are never allowed):\n` +
                            problems.map((f) => `  ${describeFinding(f)}`).join("\n"),
                    );
                    // Every resource of the fixture is still there: same, or updated as allowed.
                    const touched = new Set(preview.steps.filter((s) => s.op !== "same").map((s) => s.urn));
                    const kept = state.deployment.resources.filter((x) => !x.type.startsWith("pulumi:providers:"));
                    const same = kept.filter((x) => !touched.has(x.urn)).length;
                    assert.equal(preview.changeSummary.same ?? 0, same, `same count (${kept.map((x) => nameOf(x.urn)).join(", ")})`);
                });
            });
        }
    });
}

// The assertions bite through the real engine: a 0.1.0 state whose domain was encrypted with another
// key and whose build-host role had another description must be reported as a replacement of the
// domain and an update CHANGELOG.md does not name, each with its old and new value.
describe("control", () => {
    const file = path.join(FIXTURES, "v0.1.0", "typescript.json");
    const projectDir = path.join(REPO, "examples", "typescript");
    const skip =
        !fs.existsSync(file) || !fs.existsSync(path.join(projectDir, "Pulumi.yaml")) ? "no v0.1.0 typescript fixture or example" : false;
    it(
        "a state that differs from what the program declares: replace and unnamed update are reported",
        { skip, timeout: 300_000 },
        async () => {
            const fixture = JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
            const otherKey = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000c0de";
            const byName = (n: string) => fixture.deployment.resources.find((r) => nameOf(r.urn) === n)!;
            const domain = byName("packages-domain");
            const role = byName("packages-ec2-role");
            const newKey = domain.inputs!.encryptionKey;
            const newDescription = role.inputs!.description;
            domain.inputs!.encryptionKey = otherKey;
            role.inputs!.description = "an older description";
            await importAndPreview(fixture, projectDir, "upgrade-control", (preview, state) => {
                const { problems } = judge(preview, changesSince(readChangelog(CHANGELOG), "0.1.0"), componentsOf(state));
                const seen = problems.map((f) => [f.op, nameOf(f.urn), f.property, f.old, f.new]);
                const replaced = seen.filter(([op]) => op === "replace");
                assert.deepEqual(replaced[0], ["replace", "packages-domain", "encryptionKey", otherKey, newKey], JSON.stringify(seen));
                // The domain's owner is unknown until it is replaced: every repository in it would be replaced (emptied) too.
                const repos = [
                    "proxy-maven-central",
                    "proxy-npmjs",
                    "proxy-pypi",
                    "repo-maven-internal",
                    "repo-npm-internal",
                    "repo-py-internal",
                ];
                assert.deepEqual(
                    replaced
                        .slice(1)
                        .map(([, n, p]) => `${n} ${p}`)
                        .sort(),
                    repos.map((r) => `packages-${r} domainOwner`),
                );
                assert.deepEqual(
                    seen.filter(([op]) => op === "update"),
                    [["update", "packages-ec2-role", "description", "an older description", newDescription]],
                );
            });
        },
    );
});
