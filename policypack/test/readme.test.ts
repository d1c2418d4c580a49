// Keeps README.md honest: the example messages it shows are exactly what the pack reports, the
// actions it names are the pack's publish and read vocabulary, and its rules table lists every
// policy with its real default enforcement level.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PUBLISH_ACTIONS, READ_ACTIONS } from "../src/iam";
import { policies } from "../src/policies";
import { fixText, WAIT_FIXES } from "../src/rules/waitingForUp";
import { brokenStack } from "../testing/examples";
import { runPack } from "../testing/harness";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

describe("README.md", () => {
    it("shows, verbatim, the description and message of every violation of the example stack", async () => {
        const v = await runPack(brokenStack());
        assert.equal(new Set(v.map((x) => x.policyName)).size, policies.length);
        for (const x of v) {
            assert.ok(README.includes(`${x.description}\n${x.message}\n`), `README lacks the example for ${x.policyName}:\n${x.message}`);
        }
    });

    it("names exactly the publish and read actions the rules look for", () => {
        const section = (name: string) => {
            const start = README.indexOf(`### ${name} (`);
            assert.ok(start >= 0, name);
            const end = README.indexOf("\n### ", start + 1);
            return README.slice(start, end < 0 ? undefined : end);
        };
        const publish = section("codeartifact-no-wildcard-publish");
        for (const a of PUBLISH_ACTIONS) {
            assert.ok(publish.includes(`\`${a}\``), a);
        }
        const read = section("codeartifact-no-public-read");
        const listed = new Set(
            [...read.matchAll(/`(?:codeartifact:)?((?:Read|Get|Describe|List)[A-Za-z]+)`/g)].map((m) => `codeartifact:${m[1]}`),
        );
        assert.deepEqual([...listed].sort(), [...READ_ACTIONS].sort());
    });

    it("shows every fix a waiting line can end with, verbatim", () => {
        for (const fix of WAIT_FIXES) {
            for (const count of [1, 2]) {
                assert.ok(README.includes(`| ${fixText(fix, count)} |`), fixText(fix, count));
            }
        }
    });

    it("lists every rule with its default enforcement level", () => {
        for (const p of policies) {
            const kind = "validateStack" in p ? "stack" : "resource";
            const row = new RegExp("^\\| `" + p.name + "` \\| " + kind + " \\| " + p.enforcementLevel + " \\|", "m");
            assert.match(README, row, p.name);
        }
    });
});
