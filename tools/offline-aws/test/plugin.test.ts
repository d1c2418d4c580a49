// Runs the built plugin through its launcher, as the engine does, and talks gRPC to it.
import { spawnSync } from "node:child_process";
import { strict as assert } from "node:assert";
import { after, before, describe, it } from "node:test";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";

const launcher = launcherFor("aws");

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
    let plugin: RunningPlugin;

    before(async () => {
        plugin = await startPlugin(launcher, envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", OFFLINE_AWS_ACCOUNT_ID: "123456789012" }));
    });

    after(() => plugin?.stop());

    it("handshakes without secrets/resources and reports version 7.48.0", async () => {
        const hs = new provproto.ProviderHandshakeRequest();
        hs.setEngineAddress("");
        const res = await unary<provproto.ProviderHandshakeResponse>((cb) => plugin.client.handshake(hs, cb));
        assert.equal(res.getAcceptSecrets(), false);
        assert.equal(res.getAcceptResources(), false);
        const info = await unary<plugproto.PluginInfo>((cb) => plugin.client.getPluginInfo(new emptyproto.Empty(), cb));
        assert.equal(info.getVersion(), "7.48.0");
    });

    it("configures from variables, then creates with that region and account", async () => {
        const cfg = new provproto.ConfigureRequest();
        cfg.getVariablesMap().set("aws:config:region", "eu-central-1");
        cfg.getVariablesMap().set("aws:config:defaultTags", JSON.stringify({ tags: { owner: "platform" } }));
        cfg.getVariablesMap().set("aws:config:skipCredentialsValidation", "true");
        await unary((cb) => plugin.client.configure(cfg, cb));

        const urn = "urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::main";
        const chk = new provproto.CheckRequest();
        chk.setUrn(urn);
        chk.setOlds(struct({}));
        chk.setNews(struct({ domain: "acme", tags: { app: "ca" } }));
        const checked = await unary<provproto.CheckResponse>((cb) => plugin.client.check(chk, cb));
        assert.equal(checked.getFailuresList().length, 0);
        const inputs = checked.getInputs()!.toJavaScript();
        assert.deepEqual(inputs.tagsAll, { owner: "platform", app: "ca" });

        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(checked.getInputs());
        const created = await unary<provproto.CreateResponse>((cb) => plugin.client.create(cr, cb));
        assert.equal(created.getId(), "arn:aws:codeartifact:eu-central-1:123456789012:domain/acme");
        assert.equal(created.getProperties()!.toJavaScript().owner, "123456789012");

        const df = new provproto.DiffRequest();
        df.setUrn(urn);
        df.setId(created.getId());
        df.setOlds(created.getProperties());
        df.setOldInputs(checked.getInputs());
        df.setNews(checked.getInputs());
        const same = await unary<provproto.DiffResponse>((cb) => plugin.client.diff(df, cb));
        assert.equal(same.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);
        df.setNews(struct({ ...inputs, domain: "other" }));
        const changed = await unary<provproto.DiffResponse>((cb) => plugin.client.diff(df, cb));
        assert.equal(changed.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepEqual(changed.getReplacesList(), ["domain"]);
        assert.equal(changed.getDetaileddiffMap().get("domain")!.getKind(), provproto.PropertyDiff.Kind.UPDATE_REPLACE);

        const inv = new provproto.InvokeRequest();
        inv.setTok("aws:index/getRegion:getRegion");
        inv.setArgs(struct({}));
        const region = await unary<provproto.InvokeResponse>((cb) => plugin.client.invoke(inv, cb));
        assert.equal(region.getReturn()!.toJavaScript().region, "eu-central-1");
    });

    it("returns check failures that name the property, and errors for unsupported types and invokes", async () => {
        const chk = new provproto.CheckRequest();
        chk.setUrn("urn:pulumi:dev::proj::aws:iam/role:Role::r");
        chk.setOlds(struct({}));
        chk.setNews(struct({}));
        const res = await unary<provproto.CheckResponse>((cb) => plugin.client.check(chk, cb));
        assert.deepEqual(
            res.getFailuresList().map((f) => f.getProperty()),
            ["assumeRolePolicy"],
        );
        assert.match(String(res.getInputs()!.toJavaScript().name), /^r-[0-9a-f]{7}$/);

        chk.setUrn("urn:pulumi:dev::proj::aws:s3/bucketV2:BucketV2::b");
        await assert.rejects(
            unary((cb) => plugin.client.check(chk, cb)),
            /the offline aws stand-in does not support resource type aws:s3\/bucketV2:BucketV2/,
        );

        const inv = new provproto.InvokeRequest();
        inv.setTok("aws:iam/getPolicyDocument:getPolicyDocument");
        inv.setArgs(struct({}));
        await assert.rejects(
            unary((cb) => plugin.client.invoke(inv, cb)),
            /does not support function aws:iam\/getPolicyDocument:getPolicyDocument/,
        );
    });

    it("create errors carry the AWS-like message", async () => {
        const cr = new provproto.CreateRequest();
        cr.setUrn("urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::bad");
        cr.setProperties(struct({ domain: "Bad_Name" }));
        await assert.rejects(
            unary((cb) => plugin.client.create(cr, cb)),
            /offline aws stand-in: CreateDomain: ValidationException/,
        );
    });
});
