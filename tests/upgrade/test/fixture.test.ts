// The committed fixtures are normalized (record.sh's output, not hand edits) and retarget points
// every URN at the suite's fresh stack.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Deployment, nameOf, normalize, retarget, stableOrder, stackOf, StateResource } from "../src/fixture";
import { REPO } from "../src/workspace";

const FIXTURES = path.join(REPO, "tests", "upgrade", "fixtures");
const fixtures = fs
    .readdirSync(FIXTURES)
    .filter((d) => /^v\d+\.\d+\.\d+$/.test(d))
    .flatMap((tag) =>
        fs
            .readdirSync(path.join(FIXTURES, tag))
            .filter((f) => f.endsWith(".json") && f !== "provenance.json")
            .map((f) => ({ tag, file: path.join(FIXTURES, tag, f), lang: f.replace(/\.json$/, "") })),
    );

const refsOf = (r: StateResource) =>
    [
        r.parent,
        r.provider?.slice(0, r.provider.lastIndexOf("::")),
        ...(r.dependencies ?? []),
        ...Object.values(r.propertyDependencies ?? {}).flat(),
    ].filter((u): u is string => !!u);

describe("fixtures", () => {
    it("there are fixtures of 0.1.0 for the three starter stacks", () => {
        assert.deepEqual(
            fixtures
                .filter((f) => f.tag === "v0.1.0")
                .map((f) => f.lang)
                .sort(),
            ["go", "python", "typescript"],
        );
    });

    for (const f of fixtures) {
        describe(`${f.tag}/${f.lang}.json`, () => {
            const text = fs.readFileSync(f.file, "utf8");
            const fixture = JSON.parse(text) as Deployment;

            it("is normalized: record.sh's normalize changes nothing in it", () => {
                const { stack } = stackOf(fixture);
                const again = normalize(fixture, { time: fixture.deployment.manifest.time, stack }).fixture;
                assert.equal(JSON.stringify(again, null, 2) + "\n", text);
            });

            it("holds nothing of the recording machine: no paths, times of registration, stack traces or salt", () => {
                assert.doesNotMatch(text, /\/(tmp|work|home|root|Users)\//);
                assert.doesNotMatch(text, /"(created|modified|sourcePosition|stackTrace)":/);
                assert.equal(fixture.deployment.secrets_providers, undefined);
                assert.equal(new Set(text.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g)).size, 1, "one timestamp: the release's");
            });

            it("lists every resource after the resources it refers to", () => {
                const seen = new Set<string>();
                for (const r of fixture.deployment.resources) {
                    for (const u of refsOf(r)) {
                        assert.ok(seen.has(u), `${nameOf(r.urn)} refers to ${u} before it is listed`);
                    }
                    seen.add(r.urn);
                }
                assert.deepEqual(stableOrder([...fixture.deployment.resources].reverse()), fixture.deployment.resources);
            });

            it("retarget points every URN and provider reference at the new stack and project", () => {
                const from = stackOf(fixture);
                const moved = retarget(fixture, "fresh", "proj");
                const movedText = JSON.stringify(moved);
                assert.ok(!movedText.includes(`urn:pulumi:${from.stack}::`));
                assert.deepEqual(stackOf(moved), { stack: "fresh", project: "proj" });
                assert.ok(moved.deployment.resources.some((r) => r.urn === "urn:pulumi:fresh::proj::pulumi:pulumi:Stack::proj-fresh"));
                for (const r of moved.deployment.resources) {
                    assert.ok(r.urn.startsWith("urn:pulumi:fresh::proj::"), r.urn);
                    for (const u of refsOf(r)) {
                        assert.ok(
                            moved.deployment.resources.some((x) => x.urn === u),
                            `${nameOf(r.urn)}: ${u} resolves`,
                        );
                    }
                }
                assert.equal(movedText.split(`${from.project}-${from.stack}`).length, 1, "the old stack resource name is gone");
            });
        });
    }

    it("provenance.json names the release commit and counts each fixture's resources", () => {
        for (const tag of new Set(fixtures.map((f) => f.tag))) {
            const p = JSON.parse(fs.readFileSync(path.join(FIXTURES, tag, "provenance.json"), "utf8"));
            assert.equal(`v${p.release}`, tag);
            assert.match(p.commit, /^[0-9a-f]{40}$/);
            for (const f of fixtures.filter((x) => x.tag === tag)) {
                const res = (JSON.parse(fs.readFileSync(f.file, "utf8")) as Deployment).deployment.resources;
                assert.equal(p.fixtures[f.lang].resources, res.length, f.lang);
            }
        }
    });
});
