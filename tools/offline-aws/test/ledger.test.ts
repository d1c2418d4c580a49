// The call ledger (OFFLINE_AWS_LEDGER): pure helpers, then the plugin over gRPC through its launcher.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { LEDGER_VAR, ledgerEntry, parseLedger, record } from "../src/ledger";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";
const config = { region: "us-west-2", accountId: "123456789012" };

describe("ledger helpers", () => {
    it("builds an entry from the URN, id, arn and the provider's region and account", () => {
        const urn = "urn:pulumi:dev::proj::my:index:Comp$aws:codeartifact/domain:Domain::packages-domain";
        const arn = "arn:aws:codeartifact:us-west-2:123456789012:domain/acme";
        assert.deepEqual(ledgerEntry("delete", urn, arn, { arn, domain: "acme" }, config), {
            op: "delete",
            provider: "aws",
            type: "aws:codeartifact/domain:Domain",
            name: "packages-domain",
            urn,
            id: arn,
            arn,
            region: "us-west-2",
            accountId: "123456789012",
        });
        const noArn = ledgerEntry(
            "create",
            "urn:pulumi:dev::proj::aws:iam/rolePolicy:RolePolicy::p",
            "r:p",
            { region: "eu-west-1" },
            config,
        );
        assert.equal(noArn.arn, undefined);
        assert.equal(noArn.region, "eu-west-1");
    });

    it("appends one JSON line per call only when the variable is set", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-"));
        const file = path.join(dir, "calls.jsonl");
        try {
            const e = ledgerEntry("create", "urn:pulumi:dev::proj::aws:iam/role:Role::r", "r", {}, config);
            record({}, e);
            assert.equal(fs.existsSync(file), false);
            record({ [LEDGER_VAR]: file }, e);
            record({ [LEDGER_VAR]: file }, { ...e, op: "delete" });
            assert.deepEqual(
                parseLedger(fs.readFileSync(file, "utf8")).map((x) => x.op),
                ["create", "delete"],
            );
            assert.deepEqual(parseLedger("\n\n"), []);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("plugin with OFFLINE_AWS_LEDGER", () => {
    let plugin: RunningPlugin;
    let dir: string;
    let file: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-plugin-"));
        file = path.join(dir, "calls.jsonl");
        plugin = await startPlugin(
            launcherFor("aws"),
            envWith({
                PULUMI_OFFLINE_AWS_STANDIN: "1",
                OFFLINE_AWS_ACCOUNT_ID: "123456789012",
                OFFLINE_AWS_REGION: "us-west-2",
                [LEDGER_VAR]: file,
            }),
        );
    });

    after(() => {
        plugin?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("records real create, update and delete calls, and no preview calls", async () => {
        const urn = "urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::main";
        const arn = "arn:aws:codeartifact:us-west-2:123456789012:domain/acme";
        const props = struct({ domain: "acme" });

        const preview = new provproto.CreateRequest();
        preview.setUrn(urn);
        preview.setProperties(props);
        preview.setPreview(true);
        await unary((cb) => plugin.client.create(preview, cb));
        assert.equal(fs.existsSync(file), false, "a preview create is not recorded");

        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(props);
        const created = await unary<provproto.CreateResponse>((cb) => plugin.client.create(cr, cb));
        assert.equal(created.getId(), arn);

        const up = new provproto.UpdateRequest();
        up.setUrn(urn);
        up.setId(arn);
        up.setOlds(created.getProperties());
        up.setNews(struct({ domain: "acme", tags: { a: "b" } }));
        up.setPreview(true);
        await unary((cb) => plugin.client.update(up, cb));
        up.setPreview(false);
        await unary((cb) => plugin.client.update(up, cb));

        const del = new provproto.DeleteRequest();
        del.setUrn(urn);
        del.setId(arn);
        del.setProperties(created.getProperties());
        await unary((cb) => plugin.client.delete(del, cb));

        const entries = parseLedger(fs.readFileSync(file, "utf8"));
        assert.deepEqual(
            entries.map((e) => [e.op, e.type, e.name, e.id, e.arn, e.region, e.accountId]),
            [
                ["create", "aws:codeartifact/domain:Domain", "main", arn, arn, "us-west-2", "123456789012"],
                ["update", "aws:codeartifact/domain:Domain", "main", arn, arn, "us-west-2", "123456789012"],
                ["delete", "aws:codeartifact/domain:Domain", "main", arn, arn, "us-west-2", "123456789012"],
            ],
        );
    });
});
