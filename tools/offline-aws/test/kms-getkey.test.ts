// aws.kms.getKey (DescribeKey) answered from the inventory: key ids, key ARNs, alias names and alias
// ARNs; keyManager CUSTOMER unless the entry says AWS; an unknown key fails as the provider does;
// without an inventory every key exists (echo). Also over gRPC through the launcher.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { configFromVariables } from "../src/config";
import { INVENTORY_VAR, Inventory } from "../src/inventory";
import { invoke } from "../src/invokes";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";

const GET_KEY = "aws:kms/getKey:getKey";
const CMK_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const CMK = `arn:aws:kms:us-east-1:111122223333:key/${CMK_ID}`;
const AWS_KEY_ID = "0987dcba-09fe-87dc-65ba-ab0987654321";
const AWS_KEY = `arn:aws:kms:us-east-1:111122223333:key/${AWS_KEY_ID}`;
const cfg = configFromVariables({}, {});

function seed(resources: unknown[]): { inventory: Inventory; dir: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-aws-getkey-"));
    const file = path.join(dir, "inventory.json");
    fs.writeFileSync(file, JSON.stringify({ resources }));
    return { inventory: new Inventory(file), dir };
}

const RESOURCES = [
    { type: "aws:kms/key:Key", arn: CMK, properties: { description: "nextwork domain key" } },
    { type: "aws:kms/key:Key", arn: AWS_KEY, properties: { keyManager: "AWS" } },
    { type: "aws:kms/alias:Alias", id: "alias/aws/codeartifact", properties: { targetKeyId: AWS_KEY_ID } },
    { type: "aws:kms/alias:Alias", id: "alias/nextwork", properties: { targetKeyArn: CMK } },
    // As the stand-in writes a key it created: id = key id, ARN among the properties.
    {
        type: "aws:kms/key:Key",
        id: "5555aaaa-55aa-55aa-55aa-5555aaaa5555",
        properties: {
            arn: "arn:aws:kms:us-east-1:111122223333:key/5555aaaa-55aa-55aa-55aa-5555aaaa5555",
            keyId: "5555aaaa-55aa-55aa-55aa-5555aaaa5555",
        },
    },
    { type: "aws:kms/key:Key", arn: "arn:aws:kms:eu-west-1:111122223333:key/eeee0000-0000-0000-0000-000000000000" },
];

describe("getKey from the inventory", () => {
    const { inventory, dir } = seed(RESOURCES);
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const get = (keyId: string, extra: Record<string, unknown> = {}) => invoke(GET_KEY, { keyId, ...extra }, cfg, { inventory });

    it("a customer-managed key by ARN, by key id, by alias name and by alias ARN", () => {
        for (const id of [CMK, CMK_ID, "alias/nextwork", "arn:aws:kms:us-east-1:111122223333:alias/nextwork"]) {
            const k = get(id);
            assert.equal(k.arn, CMK, id);
            assert.equal(k.keyId, CMK_ID, id);
            assert.equal(k.id, CMK_ID, id);
            assert.equal(k.keyManager, "CUSTOMER", id);
            assert.equal(k.description, "nextwork domain key", id);
            assert.equal(k.keyState, "Enabled");
            assert.equal(k.awsAccountId, "111122223333");
            assert.equal(k.region, "us-east-1");
        }
    });

    it("an entry with keyManager AWS is AWS-managed, also through alias/aws/codeartifact", () => {
        assert.equal(get(AWS_KEY).keyManager, "AWS");
        const byAlias = get("alias/aws/codeartifact");
        assert.equal(byAlias.keyManager, "AWS");
        assert.equal(byAlias.arn, AWS_KEY);
    });

    it("a key the stand-in wrote (id = key id) is found by id and ARN", () => {
        assert.equal(get("5555aaaa-55aa-55aa-55aa-5555aaaa5555").keyManager, "CUSTOMER");
        assert.equal(
            get("arn:aws:kms:us-east-1:111122223333:key/5555aaaa-55aa-55aa-55aa-5555aaaa5555").keyId,
            "5555aaaa-55aa-55aa-55aa-5555aaaa5555",
        );
    });

    it("an unknown key, an unknown alias, or a key of another region fails as the provider does (NotFoundException behind it)", () => {
        const missing = "arn:aws:kms:us-east-1:111122223333:key/ffffffff-ffff-ffff-ffff-ffffffffffff";
        for (const id of [
            missing,
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "alias/nope",
            "arn:aws:kms:eu-west-1:111122223333:key/eeee0000-0000-0000-0000-000000000000",
        ]) {
            assert.throws(
                () => get(id),
                (e: Error) => {
                    assert.equal(
                        e.message,
                        `invoking aws:kms/getKey:getKey: reading KMS Key (${id}): couldn't find resource (DescribeKey: NotFoundException; the inventory has no such key or alias)`,
                    );
                    return true;
                },
            );
        }
        // The same key, asked for in its own region, exists.
        assert.equal(get("eeee0000-0000-0000-0000-000000000000", { region: "eu-west-1" }).region, "eu-west-1");
    });

    it("a missing keyId is the provider's required-argument error", () => {
        assert.throws(() => invoke(GET_KEY, {}, cfg, { inventory }), /The argument "key_id" is required/);
    });
});

describe("getKey without an inventory", () => {
    it("echoes: any key id or ARN is customer-managed, alias/aws/... AWS-managed", () => {
        assert.equal(invoke(GET_KEY, { keyId: CMK }, cfg).keyManager, "CUSTOMER");
        assert.equal(invoke(GET_KEY, { keyId: CMK }, cfg).arn, CMK);
        assert.equal(invoke(GET_KEY, { keyId: CMK_ID }, cfg).arn, CMK);
        assert.equal(invoke(GET_KEY, { keyId: "alias/aws/codeartifact" }, cfg).keyManager, "AWS");
    });
});

describe("getKey over gRPC (the launcher, OFFLINE_AWS_INVENTORY)", () => {
    let plugin: RunningPlugin | undefined;
    const { inventory, dir } = seed(RESOURCES);
    before(async () => {
        plugin = await startPlugin(launcherFor("aws"), envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", [INVENTORY_VAR]: inventory.file }));
    });
    after(() => {
        plugin?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const call = (keyId: string) => {
        const req = new provproto.InvokeRequest();
        req.setTok(GET_KEY);
        req.setArgs(struct({ keyId }));
        return unary<provproto.InvokeResponse>((cb) => plugin!.client.invoke(req, cb));
    };

    it("answers keyManager from the file and fails for a key it does not have", async () => {
        assert.equal((await call(CMK)).getReturn()!.toJavaScript().keyManager, "CUSTOMER");
        assert.equal((await call("alias/aws/codeartifact")).getReturn()!.toJavaScript().keyManager, "AWS");
        await assert.rejects(call("alias/nope"), (e: { details?: string }) => {
            assert.equal(
                e.details,
                "offline aws stand-in: invoking aws:kms/getKey:getKey: reading KMS Key (alias/nope): couldn't find resource (DescribeKey: NotFoundException; the inventory has no such key or alias)",
            );
            return true;
        });
    });
});
