// Bad component input through the engine: an upstream cycle (through stack config of the Python
// helper program) fails preview and up with the component's own message, and nothing is created.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { awsResources, REPO, tail } from "../src/harness";
import { scenario } from "../src/steps";

const PROGRAM = path.join(REPO, "tests", "e2e", "programs", "platform-py");
const MESSAGE = "repositories: upstream cycle app -> lib -> app (upstream chains must not loop)";

scenario("bad input: upstream cycle", PROGRAM, "e2e-bad", (step) => {
    step("preview fails with the component's error naming the cycle", async (ws) => {
        await ws.setConfig("repositories[0].name", "app", { path: true });
        await ws.setConfig("repositories[0].upstreams[0]", "lib", { path: true });
        await ws.setConfig("repositories[1].name", "lib", { path: true });
        await ws.setConfig("repositories[1].upstreams[0]", "app", { path: true });
        const r = await ws.run(["preview"]);
        assert.notEqual(r.code, 0, tail(r));
        const out = r.stdout + r.stderr;
        assert.ok(out.includes("upstream cycle"), tail(r));
        assert.ok(out.includes(MESSAGE), tail(r));
        assert.match(
            out,
            /codeartifact-platform:index:CodeArtifactPlatform resource 'platform' has a problem: invalid CodeArtifactPlatform input/,
        );
    });

    step("up fails the same way before any resource is registered: no call reaches the stand-in", async (ws) => {
        const r = await ws.run(["up", "--yes", "--skip-preview"]);
        assert.notEqual(r.code, 0, tail(r));
        assert.ok((r.stdout + r.stderr).includes(MESSAGE), tail(r));
        assert.deepEqual(ws.ledger(), []);
        const state = await ws.state();
        assert.deepEqual(awsResources(state), []);
        assert.deepEqual(
            state.filter((s) => s.type === "codeartifact-platform:index:CodeArtifactPlatform"),
            [],
        );
    });
});
