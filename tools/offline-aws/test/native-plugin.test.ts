// The aws-native plugin (launcher/pulumi-resource-aws-native) driven over gRPC as the engine does:
// its guard, version, config namespace, a PackageGroup's check/create/diff/delete and the ledger.
import { spawnSync } from "node:child_process";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { LEDGER_VAR, parseLedger } from "../src/ledger";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";

const launcher = launcherFor("aws-native");

describe("aws-native plugin launcher", () => {
    it("refuses to start without PULUMI_OFFLINE_AWS_STANDIN=1, naming aws-native", () => {
        const env = envWith({});
        delete env.PULUMI_OFFLINE_AWS_STANDIN;
        const r = spawnSync(launcher, ["127.0.0.1:1"], { env, encoding: "utf8" });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.match(
            r.stderr,
            /^offline aws-native stand-in: refusing to start because PULUMI_OFFLINE_AWS_STANDIN=1 is not set\. This pulumi-resource-aws-native \(/,
        );
    });
});

describe("aws-native plugin over gRPC", () => {
    let plugin: RunningPlugin;
    let dir: string;
    let ledger: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "native-plugin-"));
        ledger = path.join(dir, "calls.jsonl");
        plugin = await startPlugin(
            launcher,
            envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", OFFLINE_AWS_ACCOUNT_ID: "123456789012", [LEDGER_VAR]: ledger }),
        );
    });

    after(() => {
        plugin?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("reports version 1.79.0 and an aws-native schema stub", async () => {
        const info = await unary<plugproto.PluginInfo>((cb) => plugin.client.getPluginInfo(new emptyproto.Empty(), cb));
        assert.equal(info.getVersion(), "1.79.0");
        const schema = await unary<provproto.GetSchemaResponse>((cb) => plugin.client.getSchema(new provproto.GetSchemaRequest(), cb));
        assert.equal(JSON.parse(schema.getSchema()).name, "aws-native");
    });

    it("configures from aws-native:config:*, then checks, creates, diffs and deletes a PackageGroup", async () => {
        const cfg = new provproto.ConfigureRequest();
        cfg.getVariablesMap().set("aws-native:config:region", "eu-central-1");
        cfg.getVariablesMap().set("aws-native:config:defaultTags", JSON.stringify({ tags: { owner: "platform" } }));
        await unary((cb) => plugin.client.configure(cfg, cb));

        const urn = "urn:pulumi:dev::proj::aws-native:codeartifact:PackageGroup::npm-acme";
        const chk = new provproto.CheckRequest();
        chk.setUrn(urn);
        chk.setOlds(struct({}));
        chk.setNews(
            struct({
                domainName: "acme",
                pattern: "/npm/acme/*",
                originConfiguration: {
                    restrictions: {
                        publish: { restrictionMode: "ALLOW_SPECIFIC_REPOSITORIES", repositories: ["npm-internal"] },
                        externalUpstream: { restrictionMode: "BLOCK" },
                    },
                },
            }),
        );
        const checked = await unary<provproto.CheckResponse>((cb) => plugin.client.check(chk, cb));
        assert.deepEqual(checked.getFailuresList(), []);
        assert.deepEqual(checked.getInputs()!.toJavaScript().tags, [{ key: "owner", value: "platform" }]);

        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(checked.getInputs());
        const created = await unary<provproto.CreateResponse>((cb) => plugin.client.create(cr, cb));
        const arn = "arn:aws:codeartifact:eu-central-1:123456789012:package-group/acme/npm/acme/%2a";
        assert.equal(created.getId(), arn);
        assert.equal(created.getProperties()!.toJavaScript().domainOwner, "123456789012");

        const df = new provproto.DiffRequest();
        df.setUrn(urn);
        df.setId(arn);
        df.setOlds(created.getProperties());
        df.setOldInputs(checked.getInputs());
        df.setNews(struct({ ...checked.getInputs()!.toJavaScript(), pattern: "/npm/acme~" }));
        const changed = await unary<provproto.DiffResponse>((cb) => plugin.client.diff(df, cb));
        assert.deepEqual(changed.getReplacesList(), ["pattern"]);
        assert.equal(changed.getDetaileddiffMap().get("pattern")!.getKind(), provproto.PropertyDiff.Kind.UPDATE_REPLACE);

        const del = new provproto.DeleteRequest();
        del.setUrn(urn);
        del.setId(arn);
        del.setProperties(created.getProperties());
        await unary((cb) => plugin.client.delete(del, cb));

        const entries = parseLedger(fs.readFileSync(ledger, "utf8"));
        assert.deepEqual(
            entries.map((e) => [e.op, e.provider, e.type, e.name, e.id, e.arn, e.region, e.accountId]),
            [
                ["create", "aws-native", "aws-native:codeartifact:PackageGroup", "npm-acme", arn, arn, "eu-central-1", "123456789012"],
                ["delete", "aws-native", "aws-native:codeartifact:PackageGroup", "npm-acme", arn, arn, "eu-central-1", "123456789012"],
            ],
        );

        const inv = new provproto.InvokeRequest();
        inv.setTok("aws-native:index:getRegion");
        inv.setArgs(struct({}));
        const region = await unary<provproto.InvokeResponse>((cb) => plugin.client.invoke(inv, cb));
        assert.deepEqual(region.getReturn()!.toJavaScript(), { region: "eu-central-1" });
    });

    it("check failures in aws-native's wording; aws types and unknown aws-native types refused", async () => {
        const chk = new provproto.CheckRequest();
        chk.setUrn("urn:pulumi:dev::proj::aws-native:codeartifact:PackageGroup::g");
        chk.setOlds(struct({}));
        chk.setNews(struct({ domainName: "acme" }));
        const res = await unary<provproto.CheckResponse>((cb) => plugin.client.check(chk, cb));
        assert.deepEqual(
            res.getFailuresList().map((f) => [f.getProperty(), f.getReason().split(" (")[0]]),
            [["pattern", "missing required property pattern"]],
        );
        chk.setUrn("urn:pulumi:dev::proj::aws:codeartifact/domain:Domain::d");
        await assert.rejects(
            unary((cb) => plugin.client.check(chk, cb)),
            /offline aws-native stand-in does not support resource type aws:codeartifact\/domain:Domain; it answers only for aws-native:\* types/,
        );
        chk.setUrn("urn:pulumi:dev::proj::aws-native:s3:Bucket::b");
        await assert.rejects(
            unary((cb) => plugin.client.check(chk, cb)),
            /the offline aws-native stand-in does not support resource type aws-native:s3:Bucket/,
        );
    });

    it("create errors carry Cloud Control's shape", async () => {
        const cr = new provproto.CreateRequest();
        cr.setUrn("urn:pulumi:dev::proj::aws-native:codeartifact:Domain::bad");
        cr.setProperties(struct({ domainName: "Bad_Name" }));
        await assert.rejects(
            unary((cb) => plugin.client.create(cr, cb)),
            /offline aws-native stand-in: creating resource: creating resource: operation error CloudControl: CreateResource, https response error StatusCode: 400, RequestID: [0-9a-f-]+, api error ValidationException: Model validation failed \(#\/DomainName: failed validation constraint for keyword \[pattern\]\)/,
        );
    });
});
