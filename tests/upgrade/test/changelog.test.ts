// CHANGELOG.md parses the way the upgrade suite reads it, and the suite's judge applies its rows.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { describe, it } from "node:test";
import { allowedBy, changesSince, matchesChild, parseChangelog, readChangelog } from "../src/changelog";
import { judge, Preview } from "../src/plan";
import { REPO } from "../src/workspace";

const TABLE = "| Child | Type | Change | Properties | Why |\n| --- | --- | --- | --- | --- |\n";
const section = (heading: string, rows: string) =>
    `## ${heading}\n\n### What you gain\n\n- x\n\n### Children that change\n\n${TABLE}${rows}`;

describe("CHANGELOG.md", () => {
    const releases = readChangelog(path.join(REPO, "CHANGELOG.md"));

    it("has sections for 0.1.0 and 0.2.0, newest first, only the newest unreleased, each with its children table", () => {
        const versions = releases.map((r) => r.release);
        assert.ok(versions.includes("0.1.0") && versions.includes("0.2.0"), versions.join(", "));
        const key = (v: string) => v.split(".").reduce((n, x) => n * 1000 + Number(x), 0);
        assert.deepEqual(
            versions,
            [...versions].sort((a, b) => key(b) - key(a)),
            "newest first, no release twice",
        );
        assert.deepEqual(
            releases
                .slice(1)
                .filter((r) => /unreleased/i.test(r.heading))
                .map((r) => r.heading),
            [],
        );
        for (const r of releases) {
            assert.ok(r.hasTable, `${r.heading}: "### Children that change" with a table`);
        }
    });

    it("rows are what the upgrade suite allows for stacks of earlier releases", () => {
        const all = releases.flatMap((r) => r.changes);
        assert.deepEqual(
            changesSince(releases, "0.1.0"),
            all.filter((c) => c.release !== "0.1.0"),
        );
        assert.deepEqual(changesSince(releases, releases[0].release), []);
    });
});

describe("the changelog table", () => {
    const text = [
        "# Changelog\n",
        section(
            "Unreleased (0.3.0)",
            "| `<name>-repo-*` | `aws:codeartifact/repository:Repository` | update | `description`, `tags` | why |\n",
        ),
        section(
            "0.2.0 (2026-12-24)",
            "| `<name>-github-read` | `aws:iam/role:Role` | update | `permissionsBoundary` | b |\n| `<name>-read-policy` | `aws:iam/policy:Policy` | create | — | c |\n",
        ),
        section("0.1.0 (2026-11-23)", "| (none) | | | | |\n"),
    ].join("\n");

    it("parses releases, rows, properties and line numbers", () => {
        const rs = parseChangelog(text);
        assert.deepEqual(
            rs.map((r) => [r.release, r.changes.length]),
            [
                ["0.3.0", 1],
                ["0.2.0", 2],
                ["0.1.0", 0],
            ],
        );
        assert.deepEqual(rs[0].changes[0].properties, ["description", "tags"]);
        assert.equal(text.split("\n")[rs[1].changes[1].line - 1].includes("read-policy"), true);
        assert.deepEqual(
            changesSince(rs, "0.2.0").map((c) => c.child),
            ["<name>-repo-*"],
        );
        assert.equal(changesSince(rs, "0.1.0").length, 3);
    });

    it("refuses rows that would allow a replacement or deletion, and malformed rows", () => {
        const bad = (row: string) => () => parseChangelog(section("0.2.0", row));
        assert.throws(
            bad("| `<name>-domain` | `aws:codeartifact/domain:Domain` | replace | `encryptionKey` | x |\n"),
            /update" or "create"/,
        );
        assert.throws(bad("| `<name>-domain` | `aws:codeartifact/domain:Domain` | delete | — | x |\n"), /update" or "create"/);
        assert.throws(bad("| `<name>-x` | `aws:iam/role:Role` | update | | x |\n"), /names the properties/);
        assert.throws(bad("| `packages-x` | `aws:iam/role:Role` | create | — | x |\n"), /must start with <name>/);
        assert.throws(bad("| `<name>-x` | Role | create | — | x |\n"), /not a Pulumi type token/);
        assert.throws(bad("| `<name>-x` | `aws:iam/role:Role` | create | — |\n"), /4 cells, expected 5/);
        assert.throws(() => parseChangelog("## Unreleased\n"), /names no version/);
    });

    it("matches logical names: <name> is the component, * any characters", () => {
        assert.ok(matchesChild("<name>-repo-*", "packages-repo-npm-internal", "packages"));
        assert.ok(!matchesChild("<name>-repo-*", "packages-proxy-npmjs", "packages"));
        assert.ok(!matchesChild("<name>-repo-*", "other-repo-a", "packages"));
        assert.ok(matchesChild("<name>-github-read", "packages-github-read", "packages"));
        assert.ok(!matchesChild("<name>-github-read", "packages-github-read-access", "packages"));
        assert.ok(matchesChild("<name>", "a.b", "a.b") && !matchesChild("<name>", "axb", "a.b"));
    });

    it("allows an update only for a named property, a create only for a create row", () => {
        const rows = parseChangelog(text).flatMap((r) => r.changes);
        const role = { type: "aws:iam/role:Role", name: "packages-github-read", component: "packages" };
        assert.ok(allowedBy(rows, { ...role, change: "update", property: "permissionsBoundary" }));
        assert.equal(allowedBy(rows, { ...role, change: "update", property: "assumeRolePolicy" }), undefined);
        assert.equal(allowedBy(rows, { ...role, change: "create" }), undefined);
        assert.ok(
            allowedBy(rows, { type: "aws:iam/policy:Policy", name: "packages-read-policy", component: "packages", change: "create" }),
        );
    });
});

describe("judge (a preview against the rows)", () => {
    const rows = parseChangelog(
        section("0.2.0", "| `<name>-github-read` | `aws:iam/role:Role` | update | `permissionsBoundary` | b |\n"),
    ).flatMap((r) => r.changes);
    const comp = "urn:pulumi:s::p::codeartifact-platform:index:CodeArtifactPlatform::packages";
    const child = (type: string, name: string) => `urn:pulumi:s::p::codeartifact-platform:index:CodeArtifactPlatform$${type}::${name}`;
    const state = (type: string, urn: string, inputs: Record<string, unknown>) => ({ type, urn, parent: comp, inputs });

    it("reports every replace and delete, and updates no row names, with old -> new", () => {
        const role = child("aws:iam/role:Role", "packages-github-read");
        const repo = child("aws:codeartifact/repository:Repository", "packages-repo-a");
        const preview: Preview = {
            changeSummary: {},
            steps: [
                { op: "same", urn: comp },
                {
                    op: "update",
                    urn: role,
                    diffReasons: ["permissionsBoundary", "assumeRolePolicy"],
                    oldState: state("aws:iam/role:Role", role, { assumeRolePolicy: "old" }),
                    newState: state("aws:iam/role:Role", role, { assumeRolePolicy: "new", permissionsBoundary: "arn:b" }),
                },
                {
                    op: "replace",
                    urn: repo,
                    diffReasons: ["domain"],
                    oldState: state("aws:codeartifact/repository:Repository", repo, { domain: "a" }),
                    newState: state("aws:codeartifact/repository:Repository", repo, { domain: "b" }),
                },
                { op: "delete", urn: child("aws:iam/rolePolicy:RolePolicy", "packages-x") },
                { op: "create", urn: child("aws:iam/policy:Policy", "packages-read-policy") },
            ],
        };
        const { problems, allowed } = judge(preview, rows, [comp]);
        assert.deepEqual(
            allowed.map((f) => `${f.op} ${f.property}`),
            ["update permissionsBoundary"],
        );
        assert.deepEqual(
            problems.map((f) => [f.op, f.property, f.old, f.new]),
            [
                ["update", "assumeRolePolicy", "old", "new"],
                ["replace", "domain", "a", "b"],
                ["delete", undefined, undefined, undefined],
                ["create", undefined, undefined, undefined],
            ],
        );
    });
});
