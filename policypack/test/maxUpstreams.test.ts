import * as assert from "node:assert/strict";
import { maxUpstreams } from "../src/rules/maxUpstreams";
import { runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { repo } from "../testing/fixtures";
import * as native from "../testing/native";

describe("codeartifact-max-upstreams", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => ({ repositoryName: `up-${i + 1}` }));
    it("passes 10 upstreams", async () => {
        assert.deepEqual(await runResourcePolicy(maxUpstreams, repo("app", { upstreams: names(10) })), []);
    });
    it("flags 11 upstreams (mandatory: apply would fail)", async () => {
        const r = repo("app", { upstreams: names(11) });
        const v = await runResourcePolicy(maxUpstreams, r);
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "mandatory");
        assert.equal(v[0].urn, urnOf(r));
        assert.equal(
            v[0].message,
            'repository "app" lists 11 upstreams (up-1, up-2, up-3, up-4, up-5, up-6, up-7, up-8, up-9, up-10, up-11); ' +
                "CodeArtifact accepts at most 10, so apply would fail. Chain repositories instead: move some upstreams to an " +
                "intermediate repository and list that one.",
        );
    });
    it("counts upstreams whose names are unknown; an unknown list waits for up", async () => {
        const v = await runResourcePolicy(maxUpstreams, repo("app", { upstreams: [...names(10), { repositoryName: UNKNOWN_VALUE }] }));
        assert.match(v[0].message, /lists 11 upstreams \(.*up-10, \(not known yet\)\)/);
        const u = repo("app", { upstreams: UNKNOWN_VALUE });
        assert.deepEqual(await runResourcePolicy(maxUpstreams, u), []);
        assert.deepEqual(await waitingLines([u]), [
            {
                urn: urnOf(u),
                message:
                    'aws:codeartifact/repository:Repository "app": codeartifact-max-upstreams waits for up (upstreams is unknown during ' +
                    "preview). It runs at up; list the upstreams by name or as outputs of repositories of this stack (repo.repository) " +
                    "to have them checked now.",
            },
        ]);
    });
});

describe("codeartifact-max-upstreams: aws-native:codeartifact:Repository", () => {
    it("flags more than 10 upstreams given as names", async () => {
        const r = native.repo("fat", { upstreams: Array.from({ length: 11 }, (_, i) => `r${i}`) });
        const v = await runResourcePolicy(maxUpstreams, r);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /^repository "fat" lists 11 upstreams \(r0, r1, .*r10\); CodeArtifact accepts at most 10/);
    });

    it("passes 10, and waits on an unknown list", async () => {
        assert.deepEqual(
            await runResourcePolicy(maxUpstreams, native.repo("ok", { upstreams: Array.from({ length: 10 }, (_, i) => `r${i}`) })),
            [],
        );
        const lines = await waitingLines([native.repo("later", { upstreams: UNKNOWN_VALUE })]);
        assert.equal(lines.length, 1);
        assert.match(lines[0].message, /codeartifact-max-upstreams waits for up \(upstreams is unknown/);
    });
});
