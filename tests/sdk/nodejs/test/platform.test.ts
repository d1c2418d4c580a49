// The generated Node.js SDK under Pulumi mocks: a TypeScript program declares the component, the
// mock sees the remote-component registration exactly as the SDK serialised it, and the program
// reads the mock's outputs back through the SDK's typed outputs.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as cap from "@codeartifact-platform/pulumi";

// Shared with the Python and Go tests: the wire inputs every SDK must send, the mock's outputs.
// (This file runs compiled, from tests/sdk/nodejs/bin/test.)
interface Fixture {
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}
function fixture(name: string): Fixture {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../fixtures", `${name}.json`), "utf8"));
}
const full = fixture("full");
const minimal = fixture("minimal");
const publishOnly = fixture("publish-policy-only");

const TOKEN = "codeartifact-platform:index:CodeArtifactPlatform";

// Every registration the mock receives; the answer for a component comes from `answers` by name.
const registered: pulumi.runtime.MockResourceArgs[] = [];
const answers = new Map<string, Record<string, unknown>>();

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            registered.push(args);
            const state = answers.get(args.name);
            if (args.type !== TOKEN || state === undefined) {
                throw new Error(`unexpected registration ${args.type} ${args.name}`);
            }
            return { id: undefined, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            throw new Error(`unexpected call ${args.token}`);
        },
    },
    "sdk-tests",
    "test",
    false,
);

// The value of an Output once the mock has answered.
function value<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply(resolve));
}

function registrationsOf(name: string): pulumi.runtime.MockResourceArgs[] {
    return registered.filter((r) => r.name === name);
}

describe("Node.js SDK: CodeArtifactPlatform under mocks", () => {
    it("registers one remote component with the inputs serialised exactly (camelCase, nested objects, enum strings)", async () => {
        answers.set("full", full.outputs);
        const platform = new cap.CodeArtifactPlatform("full", {
            domainName: "acme-packages",
            kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            repositories: [
                {
                    name: "npm-internal",
                    description: "Internal npm packages",
                    externalConnection: cap.ExternalConnection.Npmjs,
                    readers: ["arn:aws:iam::444455556666:root"],
                    publishers: ["arn:aws:iam::111122223333:role/release"],
                },
                { name: "py-internal", externalConnection: cap.ExternalConnection.Pypi, formats: [cap.PackageFormat.Pypi] },
                // An Output among the inputs: the SDK resolves it before sending.
                { name: "web-libs", upstreams: ["npm-internal", "py-internal"], readers: [pulumi.output("444455556666")] },
            ],
            crossAccountReaders: ["444455556666"],
            ec2Access: { roleName: "build-host", read: ["npm-internal", "py-internal"], publish: ["web-libs"] },
            githubActions: {
                oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
                readSubjects: ["repo:acme/*"],
                publishSubjects: ["repo:acme/web:ref:refs/tags/v*"],
                publishRepositories: ["web-libs"],
                readRoleName: "packages-github-read",
                publishRoleName: "packages-github-publish",
            },
            dataProtection: cap.DataProtection.None,
            tags: { team: "platform", "cost-center": "42" },
            // Another Output among the inputs, at the top level.
            permissionsBoundary: pulumi.output("arn:aws:iam::111122223333:policy/platform-boundary"),
            organizationId: "o-a1b2c3d4e5",
            organizationalUnitPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"],
            managedPolicies: {
                read: true,
                readPolicyName: "CodeArtifactReadAccess",
                publish: ["web-libs"],
                publishPolicyName: "CodeArtifactWriteAccess",
            },
        });

        // Wait for the registration round trip.
        await value(platform.urn);
        const regs = registrationsOf("full");
        assert.equal(regs.length, 1);
        const reg = regs[0];
        assert.equal(reg.type, TOKEN);
        assert.equal(reg.custom, false, "a component, not a custom resource");
        assert.deepStrictEqual(reg.inputs, full.inputs);
        // Spelled out, the facts that matter most on the wire:
        assert.equal(reg.inputs.repositories[0].externalConnection, "public:npmjs");
        assert.deepStrictEqual(reg.inputs.repositories[2].upstreams, ["npm-internal", "py-internal"]);
        assert.deepStrictEqual(reg.inputs.repositories[2].readers, ["444455556666"]);
        assert.equal(reg.inputs.githubActions.readSubjects[0], "repo:acme/*");
        assert.equal(reg.inputs.ec2Access.roleName, "build-host");
        assert.equal(reg.inputs.dataProtection, "none");
        assert.equal(reg.inputs.githubActions.readRoleName, "packages-github-read");
        assert.equal(reg.inputs.githubActions.publishRoleName, "packages-github-publish");
        assert.equal(reg.inputs.permissionsBoundary, "arn:aws:iam::111122223333:policy/platform-boundary");
        assert.equal(reg.inputs.organizationId, "o-a1b2c3d4e5");
        assert.deepStrictEqual(reg.inputs.organizationalUnitPaths, [
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*",
        ]);
        // A nested object with camelCase keys, its boolean a boolean (not the string "true").
        assert.deepStrictEqual(reg.inputs.managedPolicies, {
            read: true,
            readPolicyName: "CodeArtifactReadAccess",
            publish: ["web-libs"],
            publishPolicyName: "CodeArtifactWriteAccess",
        });
        assert.equal(reg.inputs.managedPolicies.read, true);
    });

    it("sends managedPolicies.read false as the boolean false, and reads an absent readPolicyArn beside a present publishPolicyArn", async () => {
        answers.set("publish-only", publishOnly.outputs);
        const p = new cap.CodeArtifactPlatform("publish-only", {
            domainName: "tiny",
            repositories: [{ name: "libs" }],
            managedPolicies: { read: false, publish: ["libs"] },
        });
        await value(p.urn);
        const regs = registrationsOf("publish-only");
        assert.equal(regs.length, 1);
        assert.deepStrictEqual(regs[0].inputs, publishOnly.inputs);
        assert.deepStrictEqual(regs[0].inputs.managedPolicies, { read: false, publish: ["libs"] });
        assert.equal(regs[0].inputs.managedPolicies.read, false);
        assert.equal(await value(p.readPolicyArn), undefined);
        assert.equal(await value(p.publishPolicyArn), "arn:aws:iam::111122223333:policy/tiny-publish-policy-1a2b3c4");
        assert.deepStrictEqual(await value(p.accessPolicyDocuments), publishOnly.outputs.accessPolicyDocuments);
        assert.deepStrictEqual(Object.keys(await value(p.accessPolicyDocuments)).sort(), ["publish", "read"]);
        assert.equal(
            await value(p.accessPolicyDocuments.apply((d) => JSON.parse(d["publish"]).Statement[3].Resource)),
            "arn:aws:codeartifact:us-east-1:111122223333:package/tiny/libs/*",
        );
        assert.equal(await value(p.githubWorkflow), undefined);
    });

    it("reads every output back through the typed SDK outputs", async () => {
        answers.set("outputs", full.outputs);
        const p = new cap.CodeArtifactPlatform("outputs", {
            domainName: "acme-packages",
            repositories: [{ name: "npm-internal", externalConnection: cap.ExternalConnection.Npmjs }],
        });
        assert.equal(await value(p.domainName), "acme-packages");
        assert.equal(await value(p.domainArn), "arn:aws:codeartifact:us-east-1:111122223333:domain/acme-packages");
        assert.equal(await value(p.domainOwner), "111122223333");
        assert.equal(await value(p.kmsKeyArn), full.outputs.kmsKeyArn);
        assert.deepStrictEqual(await value(p.repositoryArns), full.outputs.repositoryArns);
        assert.equal(
            await value(p.repositoryArns.apply((arns) => arns["proxy-npmjs"])),
            "arn:aws:codeartifact:us-east-1:111122223333:repository/acme-packages/proxy-npmjs",
        );
        assert.deepStrictEqual(await value(p.proxyRepositoryNames), { "public:npmjs": "proxy-npmjs", "public:pypi": "proxy-pypi" });
        // Nested maps: repository -> format -> URL.
        assert.deepStrictEqual(await value(p.endpoints), full.outputs.endpoints);
        assert.equal(
            await value(p.endpoints.apply((e) => e["web-libs"]["pypi"])),
            "https://acme-packages-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/web-libs/simple/",
        );
        assert.deepStrictEqual(await value(p.loginCommands), full.outputs.loginCommands);
        assert.deepStrictEqual(await value(p.clientConfig), full.outputs.clientConfig);
        assert.equal(
            await value(p.clientConfig.apply((c) => c["py-internal"].pipIndexUrl)),
            full.outputs.clientConfig["py-internal"].pipIndexUrl,
        );
        assert.equal(await value(p.ec2RoleArn), "arn:aws:iam::111122223333:role/build-host");
        assert.equal(await value(p.ec2InstanceProfileName), "build-host");
        assert.equal(await value(p.githubReadRoleArn), "arn:aws:iam::111122223333:role/packages-github-read");
        assert.equal(await value(p.githubPublishRoleArn), "arn:aws:iam::111122223333:role/packages-github-publish");
        assert.equal(await value(p.oidcProviderArn), full.outputs.oidcProviderArn);
        assert.equal(await value(p.readPolicyArn), "arn:aws:iam::111122223333:policy/CodeArtifactReadAccess");
        assert.equal(await value(p.publishPolicyArn), "arn:aws:iam::111122223333:policy/CodeArtifactWriteAccess");
        // Maps of strings: policy documents stay JSON text, workflows stay multi-line YAML text.
        assert.deepStrictEqual(await value(p.accessPolicyDocuments), full.outputs.accessPolicyDocuments);
        assert.deepStrictEqual(Object.keys(await value(p.accessPolicyDocuments)).sort(), ["publish", "read"]);
        assert.deepStrictEqual(
            await value(p.accessPolicyDocuments.apply((d) => JSON.parse(d["publish"]).Statement.map((s: { Sid: string }) => s.Sid))),
            ["GetAuthorizationToken", "GetServiceBearerToken", "Read", "Publish"],
        );
        assert.equal(
            await value(p.accessPolicyDocuments.apply((d) => JSON.parse(d["publish"]).Statement[3].Resource)),
            "arn:aws:codeartifact:us-east-1:111122223333:package/acme-packages/web-libs/*",
        );
        assert.deepStrictEqual(await value(p.githubWorkflow), full.outputs.githubWorkflow);
        const workflow = await value(p.githubWorkflow);
        assert.deepStrictEqual(Object.keys(workflow ?? {}).sort(), ["publish", "read"]);
        assert.equal(
            workflow?.["publish"].split("\n")[7],
            '      role-to-assume: "arn:aws:iam::111122223333:role/packages-github-publish"',
        );
        assert.equal(workflow?.["read"].endsWith('--region us-east-1"\n'), true);
    });

    it("sends only the required inputs when nothing optional is set, and reads absent optional outputs as undefined", async () => {
        answers.set("minimal", minimal.outputs);
        const p = new cap.CodeArtifactPlatform("minimal", { domainName: "tiny", repositories: [{ name: "libs" }] });
        await value(p.urn);
        const regs = registrationsOf("minimal");
        assert.equal(regs.length, 1);
        assert.deepStrictEqual(regs[0].inputs, minimal.inputs);
        assert.deepStrictEqual(await value(p.proxyRepositoryNames), {});
        assert.deepStrictEqual(await value(p.endpoints), minimal.outputs.endpoints);
        assert.equal(await value(p.ec2RoleArn), undefined);
        assert.equal(await value(p.ec2InstanceProfileName), undefined);
        assert.equal(await value(p.githubReadRoleArn), undefined);
        assert.equal(await value(p.githubPublishRoleArn), undefined);
        assert.equal(await value(p.oidcProviderArn), undefined);
        assert.equal(await value(p.readPolicyArn), undefined);
        assert.equal(await value(p.publishPolicyArn), undefined);
        assert.equal(await value(p.githubWorkflow), undefined);
        // Required: always there, with the read document only.
        assert.deepStrictEqual(await value(p.accessPolicyDocuments), { read: minimal.outputs.accessPolicyDocuments.read });
        assert.deepStrictEqual(Object.keys(await value(p.accessPolicyDocuments)), ["read"]);
    });

    it("refuses a missing required input before registering anything", () => {
        const before = registered.length;
        assert.throws(() => new cap.CodeArtifactPlatform("no-repos", { domainName: "acme-packages" } as cap.CodeArtifactPlatformArgs), {
            message: "Missing required property 'repositories'",
        });
        assert.equal(registered.length, before);
    });
});
