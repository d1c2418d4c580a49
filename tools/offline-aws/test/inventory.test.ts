// The inventory (OFFLINE_AWS_INVENTORY): file format, locking, import/refresh inputs, diff of
// imported resources, and both plugins over gRPC sharing one inventory file.
import { spawn } from "node:child_process";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { INVENTORY_VAR, Inventory, parseInventory } from "../src/inventory";
import { LEDGER_VAR, parseLedger } from "../src/ledger";
import { diff, importedInputs, propertiesFromId, refreshedInputs } from "../src/operations";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";

const DOMAIN = "aws:codeartifact/domain:Domain";
const REPO = "aws:codeartifact/repository:Repository";
const REPO_POLICY = "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy";
const N_DOMAIN = "aws-native:codeartifact:Domain";
const N_REPO = "aws-native:codeartifact:Repository";
const N_GROUP = "aws-native:codeartifact:PackageGroup";

const domainArn = "arn:aws:codeartifact:us-east-1:111122223333:domain/acme";
const repoArn = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/npm-internal";
const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function tmpdir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe("inventory file", () => {
    it("accepts short hand-written seeds: id from arn, properties optional, a bare list", () => {
        const inv = parseInventory(
            JSON.stringify([
                { type: DOMAIN, arn: domainArn, properties: { encryptionKey: key } },
                { type: "aws:iam/role:Role", id: "ci" },
            ]),
        );
        assert.deepEqual(inv.resources[0], { type: DOMAIN, id: domainArn, properties: { encryptionKey: key, arn: domainArn } });
        assert.deepEqual(inv.resources[1], { type: "aws:iam/role:Role", id: "ci", properties: {} });
        assert.deepEqual(parseInventory('{"resources": []}').resources, []);
        assert.deepEqual(parseInventory("").resources, []);
        assert.throws(() => parseInventory('[{"id": "x"}]', "inv.json"), /inv\.json: resources\[0\] needs a "type"/);
        assert.throws(() => parseInventory(`[{"type": "${DOMAIN}"}]`, "inv.json"), /needs an "id" or an "arn"/);
        assert.throws(() => parseInventory("{", "inv.json"), /inv\.json is not valid JSON/);
    });

    it("completes CodeArtifact seeds from the ARN (domain, repository, owner, region, package group pattern)", () => {
        assert.deepEqual(propertiesFromId(DOMAIN, domainArn), {
            arn: domainArn,
            domain: "acme",
            owner: "111122223333",
            region: "us-east-1",
        });
        assert.deepEqual(propertiesFromId(REPO, repoArn), {
            arn: repoArn,
            domain: "acme",
            repository: "npm-internal",
            domainOwner: "111122223333",
            administratorAccount: "111122223333",
            region: "us-east-1",
        });
        assert.deepEqual(propertiesFromId(REPO_POLICY, repoArn), {
            resourceArn: repoArn,
            domain: "acme",
            repository: "npm-internal",
            domainOwner: "111122223333",
            region: "us-east-1",
        });
        assert.deepEqual(propertiesFromId(N_GROUP, "arn:aws:codeartifact:us-east-1:111122223333:package-group/acme/npm/acme/%2a"), {
            arn: "arn:aws:codeartifact:us-east-1:111122223333:package-group/acme/npm/acme/%2a",
            domainName: "acme",
            domainOwner: "111122223333",
            pattern: "/npm/acme/*",
        });
        assert.deepEqual(propertiesFromId("aws-native:iam:Role", "ci"), { roleName: "ci" });
    });

    it("concurrent writers (two processes) lose no update", async () => {
        const dir = tmpdir("inventory-lock-");
        const file = path.join(dir, "inventory.json");
        const writer = path.resolve(__dirname, "..", "testing", "inventory-writer.js");
        try {
            const run = (prefix: string) =>
                new Promise<void>((resolve, reject) => {
                    const p = spawn(process.execPath, [writer, file, prefix, "25"], { stdio: "inherit" });
                    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${prefix} exited ${code}`))));
                });
            await Promise.all([run("a"), run("b")]);
            const ids = new Inventory(file)
                .load()
                .resources.map((r) => r.id)
                .sort();
            assert.equal(ids.length, 50);
            assert.equal(new Set(ids).size, 50);
            assert.equal(fs.existsSync(`${file}.lock`), false);
            assert.deepEqual(
                fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
                [],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("inputs of imported and refreshed resources", () => {
    it("import: properties minus output-only ones; Optional+Computed inputs are kept", () => {
        const live = {
            ...propertiesFromId(DOMAIN, domainArn),
            encryptionKey: key,
            createdTime: "2026-01-01T00:00:00Z",
            repositoryCount: 3,
            tagsAll: {},
        };
        assert.deepEqual(importedInputs(DOMAIN, live), { domain: "acme", region: "us-east-1", encryptionKey: key, tagsAll: {} });
        const repo = importedInputs(REPO, {
            ...propertiesFromId(REPO, repoArn),
            externalConnections: { externalConnectionName: "public:npmjs", packageFormat: "npm", status: "AVAILABLE" },
        });
        assert.deepEqual(repo, {
            domain: "acme",
            repository: "npm-internal",
            domainOwner: "111122223333",
            region: "us-east-1",
            externalConnections: { externalConnectionName: "public:npmjs" },
        });
        assert.deepEqual(importedInputs(N_DOMAIN, { ...propertiesFromId(N_DOMAIN, domainArn), encryptionKey: key }), {
            domainName: "acme",
            encryptionKey: key,
        });
    });

    it("the diff after an import: equal program inputs are no change; a different encryptionKey or name is a replacement", () => {
        const imported = importedInputs(DOMAIN, { ...propertiesFromId(DOMAIN, domainArn), encryptionKey: key });
        // a program that names only the domain: region and encryptionKey are the provider's to keep
        assert.equal(diff(DOMAIN, imported, { domain: "acme", tagsAll: {} }).changes, false);
        assert.equal(diff(DOMAIN, imported, { domain: "acme", encryptionKey: key, region: "us-east-1", tagsAll: {} }).changes, false);
        assert.deepEqual(
            diff(DOMAIN, imported, { domain: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/other" }).replaces,
            ["encryptionKey"],
        );
        assert.deepEqual(diff(DOMAIN, imported, { domain: "acme", tags: { team: "x" }, tagsAll: { team: "x" } }).replaces, []);
        const repo = importedInputs(REPO, propertiesFromId(REPO, repoArn));
        assert.deepEqual(diff(REPO, repo, { domain: "acme", repository: "npm", domainOwner: "111122223333" }).replaces, ["repository"]);
        assert.deepEqual(diff(REPO, repo, { domain: "acme", repository: "npm-internal", domainOwner: "444455556666" }).replaces, [
            "domainOwner",
        ]);
        assert.equal(diff(REPO, repo, { domain: "acme", repository: "npm-internal", description: "", upstreams: [] }).changes, false);
        // defaults: a role's path "/" is what a program that gives none means
        assert.equal(diff("aws:iam/role:Role", { name: "r", path: "/", maxSessionDuration: 3600 }, { name: "r" }).changes, false);
    });

    it("refresh: recorded inputs take the live values (drift), other inputs stay", () => {
        const recorded = { domain: "acme", repository: "npm-internal", description: "old", tagsAll: {} };
        const live = { ...propertiesFromId(REPO, repoArn), description: "edited in the console" };
        assert.deepEqual(refreshedInputs(REPO, recorded, live), {
            domain: "acme",
            repository: "npm-internal",
            description: "edited in the console",
            tagsAll: {},
        });
    });
});

describe("both plugins over gRPC with one OFFLINE_AWS_INVENTORY", () => {
    let aws: RunningPlugin;
    let native: RunningPlugin;
    let dir: string;
    let file: string;
    let ledger: string;

    before(async () => {
        dir = tmpdir("inventory-plugins-");
        file = path.join(dir, "inventory.json");
        ledger = path.join(dir, "calls.jsonl");
        fs.writeFileSync(
            file,
            JSON.stringify({
                resources: [
                    { type: DOMAIN, arn: domainArn, properties: { encryptionKey: key } },
                    { type: REPO, arn: repoArn, properties: { description: "from the console" } },
                ],
            }),
        );
        const env = envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", [INVENTORY_VAR]: file, [LEDGER_VAR]: ledger });
        [aws, native] = await Promise.all([startPlugin(launcherFor("aws"), env), startPlugin(launcherFor("aws-native"), env)]);
    });

    after(() => {
        aws?.stop();
        native?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const message = async (p: Promise<unknown>): Promise<string> => {
        try {
            await p;
        } catch (e) {
            return (e as { details?: string }).details ?? String(e);
        }
        return "no error";
    };

    it("import: Read with the ARN and no state returns the seeded domain; Check and Diff against it", async () => {
        const urn = `urn:pulumi:dev::proj::${DOMAIN}::packages-domain`;
        const rd = new provproto.ReadRequest();
        rd.setUrn(urn);
        rd.setId(domainArn);
        const read = await unary<provproto.ReadResponse>((cb) => aws.client.read(rd, cb));
        assert.equal(read.getId(), domainArn);
        assert.deepEqual(read.getProperties()!.toJavaScript(), {
            arn: domainArn,
            domain: "acme",
            owner: "111122223333",
            region: "us-east-1",
            encryptionKey: key,
        });
        const inputs = read.getInputs()!.toJavaScript();
        assert.deepEqual(inputs, { domain: "acme", region: "us-east-1", encryptionKey: key });

        // the engine then checks the program's inputs with the read inputs as olds, and diffs
        const chk = new provproto.CheckRequest();
        chk.setUrn(urn);
        chk.setOlds(read.getInputs());
        chk.setNews(struct({ domain: "acme", encryptionKey: "arn:aws:kms:us-east-1:111122223333:key/another" }));
        const checked = await unary<provproto.CheckResponse>((cb) => aws.client.check(chk, cb));
        const df = new provproto.DiffRequest();
        df.setUrn(urn);
        df.setId(domainArn);
        df.setOlds(read.getProperties());
        df.setOldInputs(read.getInputs());
        df.setNews(checked.getInputs());
        const d = await unary<provproto.DiffResponse>((cb) => aws.client.diff(df, cb));
        assert.deepEqual(d.getReplacesList(), ["encryptionKey"]);

        rd.setId("arn:aws:codeartifact:us-east-1:111122223333:domain/nope");
        const missing = await unary<provproto.ReadResponse>((cb) => aws.client.read(rd, cb));
        assert.equal(missing.getId(), "", "not in the inventory: the engine reports that the resource does not exist");
    });

    it("a create of a name the inventory has fails as AWS does, in either package", async () => {
        const cr = new provproto.CreateRequest();
        cr.setUrn(`urn:pulumi:dev::proj::${DOMAIN}::d`);
        cr.setProperties(struct({ domain: "acme" }));
        assert.match(
            await message(unary((cb) => aws.client.create(cr, cb))),
            /^offline aws stand-in: creating CodeArtifact Domain \(acme\): operation error codeartifact: CreateDomain, https response error StatusCode: 409, RequestID: [0-9a-f-]{36}, ConflictException: The operation did not succeed because prerequisites are not met\. \(domain acme already exists\): provider=aws@7\.48\.0$/,
        );
        const ncr = new provproto.CreateRequest();
        ncr.setUrn(`urn:pulumi:dev::proj::${N_DOMAIN}::d`);
        ncr.setProperties(struct({ domainName: "acme" }));
        assert.equal(
            await message(unary((cb) => native.client.create(ncr, cb))),
            `offline aws-native stand-in: creating resource: creating resource: operation CREATE failed with "AlreadyExists": Resource of type 'AWS::CodeArtifact::Domain' with identifier 'acme' already exists.`,
        );
        const rcr = new provproto.CreateRequest();
        rcr.setUrn(`urn:pulumi:dev::proj::${REPO}::r`);
        rcr.setProperties(struct({ domain: "acme", repository: "npm-internal" }));
        assert.match(
            await message(unary((cb) => aws.client.create(rcr, cb))),
            /^offline aws stand-in: creating CodeArtifact Repository: operation error codeartifact: CreateRepository, https response error StatusCode: 409, RequestID: [0-9a-f-]+, ConflictException: .* \(repository npm-internal already exists in domain acme\): provider=aws@7\.48\.0$/,
        );
        assert.equal(fs.existsSync(ledger), false, "refused creates are not in the ledger");
    });

    it("creates, updates and deletes are written back; the other plugin sees them", async () => {
        const urn = `urn:pulumi:dev::proj::${N_GROUP}::npm-acme`;
        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(struct({ domainName: "acme", pattern: "/npm/acme/*" }));
        const created = await unary<provproto.CreateResponse>((cb) => native.client.create(cr, cb));
        const groupArn = "arn:aws:codeartifact:us-east-1:111122223333:package-group/acme/npm/acme/%2a";
        assert.equal(created.getId(), groupArn);
        const entry = new Inventory(file).find(N_GROUP, groupArn)!;
        assert.deepEqual([entry.provider, entry.urn, entry.inputs], ["aws-native", urn, { domainName: "acme", pattern: "/npm/acme/*" }]);
        assert.equal(entry.properties.domainOwner, "111122223333");

        // a second create of the same group, through the other plugin's process, is taken
        assert.match(
            await message(unary((cb) => native.client.create(cr, cb))),
            /operation CREATE failed with "AlreadyExists": Resource of type 'AWS::CodeArtifact::PackageGroup' with identifier '\/npm\/acme\/\*' already exists\.$/,
        );

        // the aws plugin creates a repository; the aws-native one then cannot create the same
        const rcr = new provproto.CreateRequest();
        rcr.setUrn(`urn:pulumi:dev::proj::${REPO}::pypi`);
        rcr.setProperties(struct({ domain: "acme", repository: "pypi-internal" }));
        await unary((cb) => aws.client.create(rcr, cb));
        const ncr = new provproto.CreateRequest();
        ncr.setUrn(`urn:pulumi:dev::proj::${N_REPO}::pypi`);
        ncr.setProperties(struct({ domainName: "acme", repositoryName: "pypi-internal" }));
        assert.match(await message(unary((cb) => native.client.create(ncr, cb))), /identifier 'pypi-internal' already exists/);

        const up = new provproto.UpdateRequest();
        up.setUrn(urn);
        up.setId(groupArn);
        up.setOlds(created.getProperties());
        up.setNews(struct({ domainName: "acme", pattern: "/npm/acme/*", description: "acme's npm packages" }));
        await unary((cb) => native.client.update(up, cb));
        assert.equal(new Inventory(file).find(N_GROUP, groupArn)!.properties.description, "acme's npm packages");

        const del = new provproto.DeleteRequest();
        del.setUrn(urn);
        del.setId(groupArn);
        del.setProperties(created.getProperties());
        await unary((cb) => native.client.delete(del, cb));
        assert.equal(new Inventory(file).find(N_GROUP, groupArn), undefined);
        // deleting what is already gone succeeds
        await unary((cb) => native.client.delete(del, cb));

        assert.deepEqual(
            parseLedger(fs.readFileSync(ledger, "utf8")).map((e) => [e.op, e.provider, e.type]),
            [
                ["create", "aws-native", N_GROUP],
                ["create", "aws", REPO],
                ["update", "aws-native", N_GROUP],
                ["delete", "aws-native", N_GROUP],
                ["delete", "aws-native", N_GROUP],
            ],
        );
    });

    it("refresh: an edit of the file is drift; a resource the file lost is gone", async () => {
        const urn = `urn:pulumi:dev::proj::${REPO}::npm`;
        const rd = new provproto.ReadRequest();
        rd.setUrn(urn);
        rd.setId(repoArn);
        rd.setProperties(struct({ ...propertiesFromId(REPO, repoArn), description: "old" }));
        rd.setInputs(struct({ domain: "acme", repository: "npm-internal", description: "old", tagsAll: {} }));
        const read = await unary<provproto.ReadResponse>((cb) => aws.client.read(rd, cb));
        assert.equal(read.getProperties()!.toJavaScript().description, "from the console");
        assert.deepEqual(read.getInputs()!.toJavaScript(), {
            domain: "acme",
            repository: "npm-internal",
            description: "from the console",
            tagsAll: {},
        });

        const inv = new Inventory(file);
        inv.remove(REPO, repoArn);
        const gone = await unary<provproto.ReadResponse>((cb) => aws.client.read(rd, cb));
        assert.equal(gone.getId(), "");
    });

    it("drift the recorded inputs never named (an external connection attached): refresh, Diff against the state, Update restores", async () => {
        const urn = `urn:pulumi:dev::proj::${REPO}::consuming`;
        const arn = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/consuming";
        const declared = { domain: "acme", repository: "consuming", tagsAll: {} };
        const cr = new provproto.CreateRequest();
        cr.setUrn(urn);
        cr.setProperties(struct(declared));
        const created = await unary<provproto.CreateResponse>((cb) => aws.client.create(cr, cb));
        // Outside Pulumi: the console attaches public:npmjs to the consuming repository.
        const inv = new Inventory(file);
        const entry = inv.find(REPO, arn)!;
        inv.put({
            ...entry,
            properties: {
                ...entry.properties,
                externalConnections: { externalConnectionName: "public:npmjs", packageFormat: "npm", status: "AVAILABLE" },
            },
        });

        const rd = new provproto.ReadRequest();
        rd.setUrn(urn);
        rd.setId(arn);
        rd.setProperties(created.getProperties());
        rd.setInputs(struct(declared));
        const read = await unary<provproto.ReadResponse>((cb) => aws.client.read(rd, cb));
        const live = read.getProperties()!.toJavaScript() as { externalConnections?: { externalConnectionName?: string } };
        assert.equal(live.externalConnections?.externalConnectionName, "public:npmjs");
        assert.deepEqual(read.getInputs()!.toJavaScript(), declared, "the recorded inputs never named externalConnections");

        const diffWith = async (olds: provproto.ReadResponse | provproto.UpdateResponse) => {
            const df = new provproto.DiffRequest();
            df.setUrn(urn);
            df.setId(arn);
            df.setOlds(olds.getProperties());
            df.setOldInputs(read.getInputs());
            df.setNews(struct(declared));
            return unary<provproto.DiffResponse>((cb) => aws.client.diff(df, cb));
        };
        const d = await diffWith(read);
        assert.equal(d.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepEqual([d.getDiffsList(), d.getReplacesList()], [["externalConnections"], []]);
        const dd = d.getDetaileddiffMap().get("externalConnections")!;
        assert.deepEqual([dd.getKind(), dd.getInputdiff()], [provproto.PropertyDiff.Kind.DELETE, false]);

        const up = new provproto.UpdateRequest();
        up.setUrn(urn);
        up.setId(arn);
        up.setOlds(read.getProperties());
        up.setNews(struct(declared));
        const updated = await unary<provproto.UpdateResponse>((cb) => aws.client.update(up, cb));
        assert.equal(inv.find(REPO, arn)!.properties.externalConnections, null, "the inventory has it detached");
        assert.equal((await diffWith(updated)).getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);
    });
});
