// The call ledger (OFFLINE_AWS_LEDGER): pure helpers, then the plugin over gRPC through its launcher.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { LEDGER_VAR, ledgerEntry, parseLedger, record } from "../src/ledger";

const launcher = path.resolve(__dirname, "..", "..", "launcher", "pulumi-resource-aws");
const config = { region: "us-west-2", accountId: "123456789012" };

describe("ledger helpers", () => {
    it("builds an entry from the URN, id, arn and the provider's region and account", () => {
        const urn = "urn:pulumi:dev::proj::my:index:Comp$aws:codeartifact/domain:Domain::packages-domain";
        const arn = "arn:aws:codeartifact:us-west-2:123456789012:domain/acme";
        assert.deepEqual(ledgerEntry("delete", urn, arn, { arn, domain: "acme" }, config), {
            op: "delete",
            type: "aws:codeartifact/domain:Domain",
            name: "packages-domain",
            urn,
            id: arn,
            arn,
            region: "us-west-2",
            accountId: "123456789012",
        });
        const noArn = ledgerEntry("create", "urn:pulumi:dev::proj::aws:iam/rolePolicy:RolePolicy::p", "r:p", { region: "eu-west-1" }, config);
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
            assert.deepEqual(parseLedger(fs.readFileSync(file, "utf8")).map((x) => x.op), ["create", "delete"]);
            assert.deepEqual(parseLedger("\n\n"), []);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

function call<Req, Res>(client: any, method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))));
}

describe("plugin with OFFLINE_AWS_LEDGER", () => {
    let child: ChildProcess;
    let client: any;
    let dir: string;
    let file: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-plugin-"));
        file = path.join(dir, "calls.jsonl");
        const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_OFFLINE_AWS_STANDIN: "1", OFFLINE_AWS_ACCOUNT_ID: "123456789012", OFFLINE_AWS_REGION: "us-west-2", [LEDGER_VAR]: file };
        delete env.AWS_REGION;
        delete env.AWS_DEFAULT_REGION;
        child = spawn(launcher, [], { env, stdio: ["ignore", "pipe", "inherit"] });
        const port = await new Promise<string>((resolve, reject) => {
            let buf = "";
            child.stdout!.on("data", (d) => {
                buf += d;
                const nl = buf.indexOf("\n");
                if (nl >= 0) {
                    resolve(buf.slice(0, nl).trim());
                }
            });
            child.on("exit", (code) => reject(new Error(`plugin exited early with ${code}`)));
        });
        const Client = grpc.makeClientConstructor(provrpc.ResourceProviderService as any, "ResourceProvider");
        client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        child?.kill();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("records real create, update and delete calls, and no preview calls", async () => {
        const urn = "urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::main";
        const arn = "arn:aws:codeartifact:us-west-2:123456789012:domain/acme";
        const props = structproto.Struct.fromJavaScript({ domain: "acme" });

        const preview = new provproto.CreateRequest();
        preview.setUrn(urn);
        preview.setProperties(props);
        preview.setPreview(true);
        await call(client, "create", preview);
        assert.equal(fs.existsSync(file), false, "a preview create is not recorded");

        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(props);
        const created = await call<any, provproto.CreateResponse>(client, "create", cr);
        assert.equal(created.getId(), arn);

        const up = new provproto.UpdateRequest();
        up.setUrn(urn);
        up.setId(arn);
        up.setOlds(created.getProperties());
        up.setNews(structproto.Struct.fromJavaScript({ domain: "acme", tags: { a: "b" } }));
        up.setPreview(true);
        await call(client, "update", up);
        up.setPreview(false);
        await call(client, "update", up);

        const del = new provproto.DeleteRequest();
        del.setUrn(urn);
        del.setId(arn);
        del.setProperties(created.getProperties());
        await call(client, "delete", del);

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
