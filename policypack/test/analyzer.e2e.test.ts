// The pack as the engine runs it: `pulumi-analyzer-policy` starts
// `node node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> .` in the pack directory, which
// require()s the directory (package.json `main` -> bin/index.js, the compiled pack); the PolicyPack
// constructor starts the analyzer gRPC server and prints its port. This test does exactly that and
// speaks the Analyzer protocol to it like the CLI would (GetAnalyzerInfo, Configure, Analyze,
// AnalyzeStack), with the engine's unknown sentinel in the properties. No Pulumi CLI needed.

import * as assert from "node:assert/strict";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { UNKNOWN_VALUE } from "../testing/engine";
import { doc, KEY_ARN } from "../testing/fixtures";

import * as grpc from "@grpc/grpc-js";
import * as rpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

const PACK_DIR = path.resolve(__dirname, "..");

function call<T>(client: any, method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

function resourceMsg(
    cls: any,
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
) {
    const m = new cls();
    m.setType(type);
    m.setName(name);
    m.setUrn(`urn:pulumi:dev::e2e::${type}::${name}`);
    m.setProperties(Struct.fromJavaScript(props as Record<string, JavaScriptValue>));
    m.setOptions(new pb.AnalyzerResourceOptions());
    if (cls === pb.AnalyzerResource) {
        // As the SDKs send them: an entry for every input property, most of them empty.
        const all = { ...Object.fromEntries(Object.keys(props).map((k) => [k, [] as string[]])), ...propertyDependencies };
        for (const [k, urns] of Object.entries(all)) {
            const d = new pb.AnalyzerPropertyDependencies();
            d.setUrnsList(urns);
            m.getPropertydependenciesMap().set(k, d);
        }
    }
    return m;
}

interface Diag {
    policy: string;
    message: string;
    level: number;
    urn: string;
}

function diags(resp: any): Diag[] {
    return resp.getDiagnosticsList().map((d: any) => ({
        policy: d.getPolicyname(),
        message: d.getMessage(),
        level: d.getEnforcementlevel(),
        urn: d.getUrn(),
    }));
}

describe("analyzer server (compiled pack started through run-policy-pack)", function () {
    this.timeout(60000);
    let child: ChildProcess;
    let client: any;

    before(async () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        assert.equal(pkg.main, "bin/index.js");
        if (!fs.existsSync(path.join(PACK_DIR, pkg.main))) {
            execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
                cwd: PACK_DIR,
                stdio: "inherit",
            });
        }
        child = spawn(process.execPath, [path.join(PACK_DIR, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:0", "."], {
            cwd: PACK_DIR,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += String(d)));
        const port = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no port printed; stderr: ${stderr}`)), 45000);
            child.stdout!.once("data", (d) => {
                clearTimeout(timer);
                resolve(String(d).trim());
            });
            child.once("exit", (code) => reject(new Error(`pack exited with ${code}; stderr: ${stderr}`)));
        });
        assert.match(port, /^\d+$/);
        client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        if (child && child.exitCode === null) {
            child.kill();
        }
    });

    it("describes every policy, its enforcement level and config schema", async () => {
        const info = await call<any>(client, "getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "codeartifact-platform-policies");
        assert.equal(info.getVersion(), "0.2.0");
        const policies = new Map<string, any>(info.getPoliciesList().map((p: any) => [p.getName(), p]));
        assert.equal(policies.size, 13);
        assert.equal(policies.get("codeartifact-no-wildcard-publish").getEnforcementlevel(), pb.EnforcementLevel.MANDATORY);
        assert.equal(policies.get("codeartifact-oidc-trust-audience").getEnforcementlevel(), pb.EnforcementLevel.ADVISORY);
        const p3 = policies.get("codeartifact-no-public-connection-on-consuming-repo");
        assert.equal(p3.getPolicyType(), pb.PolicyType.POLICY_TYPE_STACK);
        assert.deepEqual(p3.getConfigschema().getProperties().toJavaScript().exemptRepositories.type, "array");
        const waiting = policies.get("codeartifact-checks-waiting-for-up");
        assert.equal(waiting.getPolicyType(), pb.PolicyType.POLICY_TYPE_STACK);
        assert.equal(waiting.getEnforcementlevel(), pb.EnforcementLevel.ADVISORY);
        assert.deepEqual(Object.keys(waiting.getConfigschema().getProperties().toJavaScript()).sort(), ["exemptResources", "ignoreRules"]);
    });

    it("Analyze: reports a domain without a customer-managed key, with the description line first", async () => {
        const req = resourceMsg(pb.AnalyzeRequest, "aws:codeartifact/domain:Domain", "acme", { domain: "acme" });
        const d = diags(await call(client, "analyze", req));
        assert.equal(d.length, 1);
        assert.equal(d[0].policy, "codeartifact-domain-cmk-encryption");
        assert.equal(d[0].level, pb.EnforcementLevel.MANDATORY);
        assert.equal(d[0].message.split("\n")[0], "CodeArtifact domains must be encrypted with a customer-managed KMS key.");
        assert.match(d[0].message.split("\n")[1], /^domain "acme" has no encryptionKey/);
    });

    it('Analyze: values unknown during preview get no diagnostic at all (no "can\'t run policy" paragraph)', async () => {
        const domain = resourceMsg(pb.AnalyzeRequest, "aws:codeartifact/domain:Domain", "acme", {
            domain: "acme",
            encryptionKey: UNKNOWN_VALUE,
        });
        assert.deepEqual(diags(await call(client, "analyze", domain)), []);
        const rolePolicy = resourceMsg(pb.AnalyzeRequest, "aws:iam/rolePolicy:RolePolicy", "ci-access", {
            role: "ci",
            policy: UNKNOWN_VALUE,
        });
        assert.deepEqual(diags(await call(client, "analyze", rolePolicy)), []);
    });

    it("AnalyzeStack: one line per resource that waits for up; a domain keyed by a KMS key of the stack decides at preview", async () => {
        const urn = (type: string, name: string) => `urn:pulumi:dev::e2e::${type}::${name}`;
        const req = new pb.AnalyzeStackRequest();
        req.setResourcesList([
            resourceMsg(pb.AnalyzerResource, "aws:kms/key:Key", "acme-key", { enableKeyRotation: true, arn: UNKNOWN_VALUE }),
            resourceMsg(
                pb.AnalyzerResource,
                "aws:codeartifact/domain:Domain",
                "acme",
                { domain: "acme", encryptionKey: UNKNOWN_VALUE },
                { encryptionKey: [urn("aws:kms/key:Key", "acme-key")] },
            ),
            resourceMsg(pb.AnalyzerResource, "aws:codeartifact/domain:Domain", "hand-wired", {
                domain: "hand-wired",
                encryptionKey: UNKNOWN_VALUE,
            }),
            resourceMsg(pb.AnalyzerResource, "aws:iam/rolePolicy:RolePolicy", "ci-access", { role: "ci", policy: UNKNOWN_VALUE }),
            resourceMsg(pb.AnalyzerResource, "aws:iam/rolePolicy:RolePolicy", "ci-read", {
                role: "ci",
                policy: doc({ Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: UNKNOWN_VALUE }),
            }),
        ]);
        const d = diags(await call(client, "analyzeStack", req));
        const description = "Some checks of this pack wait for pulumi up: a value they need is unknown during preview.";
        assert.deepEqual(d, [
            {
                policy: "codeartifact-checks-waiting-for-up",
                level: pb.EnforcementLevel.ADVISORY,
                urn: urn("aws:codeartifact/domain:Domain", "hand-wired"),
                message:
                    `${description}\naws:codeartifact/domain:Domain "hand-wired": codeartifact-domain-cmk-encryption waits for up ` +
                    "(encryptionKey is unknown during preview). It runs at up; take encryptionKey from an aws.kms.Key of this stack " +
                    "(key.arn) or pass a known key ARN to have it checked now.",
            },
            {
                policy: "codeartifact-checks-waiting-for-up",
                level: pb.EnforcementLevel.ADVISORY,
                urn: urn("aws:iam/rolePolicy:RolePolicy", "ci-access"),
                message:
                    `${description}\naws:iam/rolePolicy:RolePolicy "ci-access": codeartifact-no-wildcard-publish and ` +
                    "codeartifact-bearer-token-service-condition wait for up (policy is unknown during preview). They run at up; " +
                    "make the document known at preview (build it from names, not resource outputs) to have it checked now.",
            },
        ]);
    });

    it("Analyze: a wildcard publish grant in a role's inline policy", async () => {
        const req = resourceMsg(pb.AnalyzeRequest, "aws:iam/role:Role", "ci", {
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
            inlinePolicies: [{ name: "publish", policy: doc({ Effect: "Allow", Action: "codeartifact:Publish*", Resource: "*" }) }],
        });
        const d = diags(await call(client, "analyze", req));
        assert.deepEqual(
            d.map((x) => x.policy),
            ["codeartifact-no-wildcard-publish"],
        );
        assert.match(
            d[0].message,
            /\ninlinePolicies\[0\] \("publish"\) statement #1 allows codeartifact:PublishPackageVersion via Action "codeartifact:Publish\*" on Resource "\*"/,
        );
    });

    it("AnalyzeStack: a public connection on a repository nothing points at; property dependencies link a proxy", async () => {
        const req = new pb.AnalyzeStackRequest();
        req.setResourcesList([
            resourceMsg(pb.AnalyzerResource, "aws:codeartifact/domain:Domain", "acme", { domain: "acme", encryptionKey: KEY_ARN }),
            resourceMsg(pb.AnalyzerResource, "aws:codeartifact/repository:Repository", "direct", {
                domain: "acme",
                repository: "direct",
                externalConnections: { externalConnectionName: "public:npmjs" },
            }),
            resourceMsg(pb.AnalyzerResource, "aws:codeartifact/repository:Repository", "store", {
                domain: "acme",
                repository: "store",
                externalConnections: { externalConnectionName: "public:pypi" },
            }),
            resourceMsg(
                pb.AnalyzerResource,
                "aws:codeartifact/repository:Repository",
                "py",
                {
                    domain: "acme",
                    repository: "py",
                    upstreams: [{ repositoryName: UNKNOWN_VALUE }],
                },
                { upstreams: ["urn:pulumi:dev::e2e::aws:codeartifact/repository:Repository::store"] },
            ),
        ]);
        const d = diags(await call(client, "analyzeStack", req));
        assert.deepEqual(
            d.map((x) => [x.policy, x.urn]),
            [
                [
                    "codeartifact-no-public-connection-on-consuming-repo",
                    "urn:pulumi:dev::e2e::aws:codeartifact/repository:Repository::direct",
                ],
            ],
        );
        assert.match(
            d[0].message,
            /\nrepository "direct" \(domain "acme"\) holds public:npmjs but no repository in this stack lists it as an upstream/,
        );
    });

    it("Configure: per-policy config and enforcement levels reach the policies", async () => {
        const cfg = new pb.ConfigureAnalyzerRequest();
        const exempt = new pb.PolicyConfig();
        exempt.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
        exempt.setProperties(Struct.fromJavaScript({ exemptRepositories: ["direct"] }));
        cfg.getPolicyconfigMap().set("codeartifact-no-public-connection-on-consuming-repo", exempt);
        const off = new pb.PolicyConfig();
        off.setEnforcementlevel(pb.EnforcementLevel.DISABLED);
        off.setProperties(Struct.fromJavaScript({}));
        cfg.getPolicyconfigMap().set("codeartifact-domain-cmk-encryption", off);
        await call(client, "configure", cfg);

        const domain = resourceMsg(pb.AnalyzeRequest, "aws:codeartifact/domain:Domain", "acme", { domain: "acme" });
        assert.deepEqual(diags(await call(client, "analyze", domain)), []);
        const req = new pb.AnalyzeStackRequest();
        req.setResourcesList([
            resourceMsg(pb.AnalyzerResource, "aws:codeartifact/repository:Repository", "direct", {
                domain: "acme",
                repository: "direct",
                externalConnections: { externalConnectionName: "public:npmjs" },
            }),
        ]);
        assert.deepEqual(diags(await call(client, "analyzeStack", req)), []);

        // The waiting rule is configured like the others: ignoreRules, exemptResources, or disabled.
        const waiting = new pb.PolicyConfig();
        waiting.setEnforcementlevel(pb.EnforcementLevel.ADVISORY);
        waiting.setProperties(Struct.fromJavaScript({ ignoreRules: ["codeartifact-no-wildcard-publish"] }));
        cfg.getPolicyconfigMap().set("codeartifact-checks-waiting-for-up", waiting);
        await call(client, "configure", cfg);
        const later = new pb.AnalyzeStackRequest();
        later.setResourcesList([
            resourceMsg(pb.AnalyzerResource, "aws:iam/rolePolicy:RolePolicy", "ci-access", { role: "ci", policy: UNKNOWN_VALUE }),
        ]);
        assert.deepEqual(
            diags(await call(client, "analyzeStack", later)).map((x) => x.message.split("\n")[1].split(" (")[0]),
            ['aws:iam/rolePolicy:RolePolicy "ci-access": codeartifact-bearer-token-service-condition waits for up'],
        );
        waiting.setEnforcementlevel(pb.EnforcementLevel.DISABLED);
        await call(client, "configure", cfg);
        assert.deepEqual(diags(await call(client, "analyzeStack", later)), []);
    });
});
