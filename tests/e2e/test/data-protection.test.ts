// dataProtection against Pulumi's own `protect` / `retainOnDelete`, measured through the engine
// with the Python helper program. What was deleted is read from the stand-in's call ledger (the
// CLI counts a retained resource as "deleted": it leaves the stack, but AWS gets no Delete).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { awsResources, DATA_TYPES, nameOf, REPO, StateResource, tail, Workspace } from "../src/harness";
import { scenario } from "../src/steps";

const PROGRAM = path.join(REPO, "tests", "e2e", "programs", "platform-py");
/** key, domain, proxy-npmjs, npm-internal, apps */
const DATA_COUNT = 5;
const CHILD_COUNT = 13;

const names = (xs: { urn: string }[]) => xs.map((x) => nameOf(x.urn)).sort();
const isData = (s: { type: string }) => DATA_TYPES.has(s.type);

async function upOk(ws: Workspace): Promise<StateResource[]> {
    const r = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.equal(r.code, 0, tail(r));
    const children = awsResources(await ws.state());
    assert.equal(children.length, CHILD_COUNT);
    return children;
}

async function destroy(ws: Workspace, extra: string[] = []) {
    const mark = ws.ledgerMark();
    const r = await ws.run(["destroy", "--yes", "--skip-preview", ...extra]);
    const deletes = ws.ledgerSince(mark).filter((c) => c.op === "delete");
    return { r, deletes, left: awsResources(await ws.state()) };
}

scenario("dataProtection: protect", PROGRAM, "e2e-dp-protect", (step) => {
    step("destroy fails at the protected children; the unprotected ones are deleted first; the data stays, still protected", async (ws) => {
        await ws.setConfig("dataProtection", "protect");
        const children = await upOk(ws);
        assert.deepEqual(names(children.filter((c) => c.protect)), names(children.filter(isData)));
        const { r, deletes, left } = await destroy(ws);
        assert.notEqual(r.code, 0);
        assert.match(r.stdout + r.stderr, /cannot be deleted\s+because it is protected/);
        assert.deepEqual(names(deletes), names(children.filter((c) => !isData(c))));
        assert.deepEqual(names(left), names(children.filter(isData)));
        assert.ok(left.every((c) => c.protect));
    });
    step("destroy --exclude-protected succeeds, deletes nothing more and leaves the protected data in the stack", async (ws) => {
        const { r, deletes, left } = await destroy(ws, ["--exclude-protected"]);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(deletes, []);
        assert.equal(left.length, DATA_COUNT);
        assert.ok(left.every((c) => c.protect));
    });
    step("dataProtection none + up clears protect without any provider call; destroy then deletes the data", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        const mark = ws.ledgerMark();
        const r = await ws.run(["up", "--yes", "--skip-preview"]);
        assert.equal(r.code, 0, tail(r));
        // The remaining data resources are unchanged in AWS; the unprotected ones deleted above are re-created.
        const calls = ws.ledgerSince(mark);
        assert.deepEqual(
            calls.filter((c) => isData(c) || c.op !== "create"),
            [],
        );
        assert.ok(awsResources(await ws.state()).every((c) => !c.protect));
        const d = await destroy(ws);
        assert.equal(d.r.code, 0, tail(d.r));
        assert.equal(d.deletes.filter(isData).length, DATA_COUNT);
        assert.deepEqual(d.left, []);
    });
});

scenario("component option protect: true (dataProtection none)", PROGRAM, "e2e-dp-cprotect", (step) => {
    step("every child inherits protect, policies and roles included; destroy deletes nothing", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        await ws.setConfig("componentOptions.protect", "true", { path: true, type: "bool" });
        const children = await upOk(ws);
        assert.ok(children.every((c) => c.protect && !c.retainOnDelete));
        const { r, deletes, left } = await destroy(ws);
        assert.notEqual(r.code, 0);
        assert.match(r.stdout + r.stderr, /because it is protected/);
        assert.deepEqual(deletes, []);
        assert.equal(left.length, CHILD_COUNT);
    });
});

scenario("component option retainOnDelete: true (dataProtection none)", PROGRAM, "e2e-dp-cretain", (step) => {
    step("every child inherits retainOnDelete, policies and roles included; destroy succeeds and sends no Delete at all", async (ws) => {
        await ws.setConfig("dataProtection", "none");
        await ws.setConfig("componentOptions.retainOnDelete", "true", { path: true, type: "bool" });
        const children = await upOk(ws);
        assert.ok(children.every((c) => c.retainOnDelete && !c.protect));
        const { r, deletes, left } = await destroy(ws);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(deletes, []);
        assert.deepEqual(left, []);
    });
});

scenario("retain -> none without an up in between", PROGRAM, "e2e-dp-noup", (step) => {
    step("destroy follows the flags recorded at the last up: the data is still retained", async (ws) => {
        const children = await upOk(ws);
        assert.deepEqual(names(children.filter((c) => c.retainOnDelete)), names(children.filter(isData)));
        await ws.setConfig("dataProtection", "none");
        const { r, deletes, left } = await destroy(ws);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(deletes.filter(isData), []);
        assert.equal(deletes.length, CHILD_COUNT - DATA_COUNT);
        assert.deepEqual(left, []);
    });
});

scenario("retain -> none with an up in between", PROGRAM, "e2e-dp-up", (step) => {
    step("up records the new flags without any provider call; destroy then deletes the data", async (ws) => {
        await upOk(ws);
        await ws.setConfig("dataProtection", "none");
        const mark = ws.ledgerMark();
        const r = await ws.run(["up", "--yes", "--skip-preview"]);
        assert.equal(r.code, 0, tail(r));
        assert.deepEqual(ws.ledgerSince(mark), []);
        assert.ok(awsResources(await ws.state()).every((c) => !c.retainOnDelete));
        const d = await destroy(ws);
        assert.equal(d.r.code, 0, tail(d.r));
        assert.equal(d.deletes.length, CHILD_COUNT);
        assert.equal(d.deletes.filter(isData).length, DATA_COUNT);
    });
});
