// Runs the built plugin through its launcher, as the engine does, and talks gRPC to it.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";

const launcher = path.resolve(__dirname, "..", "..", "launcher", "pulumi-resource-aws");

function envWith(extra: { [k: string]: string }): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.OFFLINE_AWS_ACCOUNT_ID;
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    delete env.OFFLINE_AWS_REGION;
    return { ...env, ...extra };
}

function call<Req, Res>(client: any, method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))));
}

function struct(v: object): structproto.Struct {
    return structproto.Struct.fromJavaScript(v as any);
}

describe("plugin launcher", () => {
    it("refuses to start without PULUMI_OFFLINE_AWS_STANDIN=1", () => {
        const env = envWith({});
        delete env.PULUMI_OFFLINE_AWS_STANDIN;
        const r = spawnSync(launcher, ["127.0.0.1:1"], { env, encoding: "utf8" });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /offline aws stand-in: refusing to start because PULUMI_OFFLINE_AWS_STANDIN=1 is not set/);
    });
});

describe("plugin over gRPC", () => {
    let child: ChildProcess;
    let client: any;

    before(async () => {
        child = spawn(launcher, [], {
            env: envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", OFFLINE_AWS_ACCOUNT_ID: "123456789012" }),
            stdio: ["ignore", "pipe", "inherit"],
        });
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
        assert.match(port, /^\d+$/);
        const Client = grpc.makeClientConstructor(provrpc.ResourceProviderService as any, "ResourceProvider");
        client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        child?.kill();
    });

    it("handshakes without secrets/resources and reports version 7.48.0", async () => {
        const hs = new provproto.ProviderHandshakeRequest();
        hs.setEngineAddress("");
        const res = await call<any, provproto.ProviderHandshakeResponse>(client, "handshake", hs);
        assert.equal(res.getAcceptSecrets(), false);
        assert.equal(res.getAcceptResources(), false);
        const info = await call<any, plugproto.PluginInfo>(client, "getPluginInfo", new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
        assert.equal(info.getVersion(), "7.48.0");
    });

    it("configures from variables, then creates with that region and account", async () => {
        const cfg = new provproto.ConfigureRequest();
        cfg.getVariablesMap().set("aws:config:region", "eu-central-1");
        cfg.getVariablesMap().set("aws:config:defaultTags", JSON.stringify({ tags: { owner: "platform" } }));
        cfg.getVariablesMap().set("aws:config:skipCredentialsValidation", "true");
        await call(client, "configure", cfg);

        const urn = "urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::main";
        const chk = new provproto.CheckRequest();
        chk.setUrn(urn);
        chk.setOlds(struct({}));
        chk.setNews(struct({ domain: "acme", tags: { app: "ca" } }));
        const checked = await call<any, provproto.CheckResponse>(client, "check", chk);
        assert.equal(checked.getFailuresList().length, 0);
        const inputs = checked.getInputs()!.toJavaScript();
        assert.deepEqual(inputs.tagsAll, { owner: "platform", app: "ca" });

        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(checked.getInputs());
        const created = await call<any, provproto.CreateResponse>(client, "create", cr);
        assert.equal(created.getId(), "arn:aws:codeartifact:eu-central-1:123456789012:domain/acme");
        assert.equal(created.getProperties()!.toJavaScript().owner, "123456789012");

        const df = new provproto.DiffRequest();
        df.setUrn(urn);
        df.setId(created.getId());
        df.setOlds(created.getProperties());
        df.setOldInputs(checked.getInputs());
        df.setNews(checked.getInputs());
        const same = await call<any, provproto.DiffResponse>(client, "diff", df);
        assert.equal(same.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);
        df.setNews(struct({ ...inputs, domain: "other" }));
        const changed = await call<any, provproto.DiffResponse>(client, "diff", df);
        assert.equal(changed.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepEqual(changed.getReplacesList(), ["domain"]);
        assert.equal(changed.getDetaileddiffMap().get("domain")!.getKind(), provproto.PropertyDiff.Kind.UPDATE_REPLACE);

        const inv = new provproto.InvokeRequest();
        inv.setTok("aws:index/getRegion:getRegion");
        inv.setArgs(struct({}));
        const region = await call<any, provproto.InvokeResponse>(client, "invoke", inv);
        assert.equal(region.getReturn()!.toJavaScript().region, "eu-central-1");
    });

    it("returns check failures that name the property, and errors for unsupported types and invokes", async () => {
        const chk = new provproto.CheckRequest();
        chk.setUrn("urn:pulumi:dev::proj::aws:iam/role:Role::r");
        chk.setOlds(struct({}));
        chk.setNews(struct({}));
        const res = await call<any, provproto.CheckResponse>(client, "check", chk);
        assert.deepEqual(
            res.getFailuresList().map((f) => f.getProperty()),
            ["assumeRolePolicy"],
        );
        assert.match(String(res.getInputs()!.toJavaScript().name), /^r-[0-9a-f]{7}$/);

        chk.setUrn("urn:pulumi:dev::proj::aws:s3/bucketV2:BucketV2::b");
        await assert.rejects(call(client, "check", chk), /the offline aws stand-in does not support resource type aws:s3\/bucketV2:BucketV2/);

        const inv = new provproto.InvokeRequest();
        inv.setTok("aws:iam/getPolicyDocument:getPolicyDocument");
        inv.setArgs(struct({}));
        await assert.rejects(call(client, "invoke", inv), /does not support function aws:iam\/getPolicyDocument:getPolicyDocument/);
    });

    it("create errors carry the AWS-like message", async () => {
        const cr = new provproto.CreateRequest();
        cr.setUrn("urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::bad");
        cr.setProperties(struct({ domain: "Bad_Name" }));
        await assert.rejects(call(client, "create", cr), /offline aws stand-in: CreateDomain: ValidationException/);
    });
});
