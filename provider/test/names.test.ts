// Pins the children's types and logical names. A multi-language construct carries no aliases, so
// a renamed domain or repository would be REPLACED on the next update — deleting its packages.
// If this test fails, the change renames live resources: do not just update the list.
import { strict as assert } from "assert";
import { CodeArtifactPlatformArgs, RepositoryArgs } from "../src/args";
import { Run, run } from "./harness";

const NPM: RepositoryArgs = {
    name: "npm-internal",
    externalConnection: "public:npmjs",
    readers: ["arn:aws:iam::555566667777:role/reader"],
};
const PY: RepositoryArgs = { name: "py-internal", externalConnection: "public:pypi", publishers: ["arn:aws:iam::777788889999:role/ci"] };

function reference(repositories: RepositoryArgs[] = [NPM, PY]): CodeArtifactPlatformArgs {
    return {
        domainName: "acme",
        repositories,
        crossAccountReaders: ["444455556666"],
        ec2Access: { roleName: "acme-build-host" },
        githubActions: {
            readSubjects: ["repo:acme/*:ref:refs/heads/main"],
            publishSubjects: ["repo:acme/lib:ref:refs/tags/v*"],
            publishRepositories: ["npm-internal"],
        },
        tags: { team: "platform" },
    };
}

const typeAndName = (r: Run) => r.resources.map((c) => `${c.type} ${c.name}`).sort();

/** Logical name → what identifies the resource in AWS (its type and physical name inputs). */
function identities(r: Run): Map<string, string> {
    return new Map(
        r.resources.map((c) => {
            const p = r.byName.get(c.name)!.props;
            return [c.name, JSON.stringify([c.type, p.domain ?? null, p.repository ?? null, p.name ?? null])];
        }),
    );
}
const repositoryInputs = (r: Run) =>
    new Map(
        r.resources
            .filter((c) => c.type === "aws:codeartifact/repository:Repository")
            .map((c) => [c.name, JSON.stringify(r.byName.get(c.name)!.props)]),
    );

/** Asserts every resource in both runs kept its identity and (for repositories) its inputs. */
function assertSharedUnchanged(a: Run, b: Run) {
    const ia = identities(a);
    const ib = identities(b);
    const shared = [...ia.keys()].filter((n) => ib.has(n));
    assert.ok(shared.length > 0);
    for (const n of shared) assert.equal(ib.get(n), ia.get(n), `identity of ${n}`);
    const ra = repositoryInputs(a);
    const rb = repositoryInputs(b);
    for (const [n, inputs] of ra) if (rb.has(n)) assert.equal(rb.get(n), inputs, `inputs of repository ${n}`);
}

describe("child resource names", () => {
    let ref: Run;
    before(async () => {
        ref = await run("ref", reference());
    });

    it("are pinned for the reference configuration", () => {
        assert.deepEqual(typeAndName(ref), [
            "aws:codeartifact/domain:Domain ref-domain",
            "aws:codeartifact/domainPermissions:DomainPermissions ref-domain-policy",
            "aws:codeartifact/repository:Repository ref-proxy-npmjs",
            "aws:codeartifact/repository:Repository ref-proxy-pypi",
            "aws:codeartifact/repository:Repository ref-repo-npm-internal",
            "aws:codeartifact/repository:Repository ref-repo-py-internal",
            "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy ref-repo-policy-npm-internal",
            "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy ref-repo-policy-py-internal",
            "aws:iam/instanceProfile:InstanceProfile ref-ec2-profile",
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider ref-github-oidc",
            "aws:iam/role:Role ref-ec2-role",
            "aws:iam/role:Role ref-github-publish",
            "aws:iam/role:Role ref-github-read",
            "aws:iam/rolePolicy:RolePolicy ref-ec2-access",
            "aws:iam/rolePolicy:RolePolicy ref-github-publish-access",
            "aws:iam/rolePolicy:RolePolicy ref-github-read-access",
            "aws:kms/key:Key ref-key",
        ]);
    });

    it("pin the physical names of the domain and repositories", () => {
        const physical = Object.fromEntries(
            ref.resources
                .filter((c) => /codeartifact\/(domain|repository):/.test(c.type))
                .map((c) => [c.name, [ref.byName.get(c.name)!.props.domain, ref.byName.get(c.name)!.props.repository ?? null]]),
        );
        assert.deepEqual(physical, {
            "ref-domain": ["acme", null],
            "ref-proxy-npmjs": ["acme", "proxy-npmjs"],
            "ref-proxy-pypi": ["acme", "proxy-pypi"],
            "ref-repo-npm-internal": ["acme", "npm-internal"],
            "ref-repo-py-internal": ["acme", "py-internal"],
        });
        assert.equal(ref.byName.get("ref-ec2-role")!.props.name, "acme-build-host");
    });

    it("are prefixed by the component's name, so two platforms in one stack do not collide", async () => {
        const other = await run("other", reference());
        assert.deepEqual(
            typeAndName(other),
            typeAndName(ref).map((s) => s.replace(" ref-", " other-")),
        );
    });

    it("do not change when the repositories are reordered", async () => {
        const reordered = await run("ref", reference([PY, NPM]));
        assert.deepEqual(typeAndName(reordered), typeAndName(ref));
        assertSharedUnchanged(ref, reordered);
    });

    it("do not change for the others when a repository is added (first in the list)", async () => {
        const added = await run(
            "ref",
            reference([{ name: "go-internal", upstreams: ["npm-internal"], externalConnection: "public:crates-io" }, NPM, PY]),
        );
        const before = new Set(typeAndName(ref));
        const now = typeAndName(added);
        assert.ok(
            [...before].every((n) => now.includes(n)),
            "every existing child keeps its name",
        );
        assert.deepEqual(
            now.filter((n) => !before.has(n)),
            [
                "aws:codeartifact/repository:Repository ref-proxy-crates-io",
                "aws:codeartifact/repository:Repository ref-repo-go-internal",
                "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy ref-repo-policy-go-internal",
            ],
        );
        assertSharedUnchanged(ref, added);
    });

    it("do not change for the others when a repository is removed", async () => {
        const removed = await run("ref", reference([NPM]));
        const now = new Set(typeAndName(removed));
        assert.deepEqual(
            typeAndName(ref).filter((n) => !now.has(n)),
            [
                "aws:codeartifact/repository:Repository ref-proxy-pypi",
                "aws:codeartifact/repository:Repository ref-repo-py-internal",
                "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy ref-repo-policy-py-internal",
            ],
        );
        assert.ok(
            [...now].every((n) => typeAndName(ref).includes(n)),
            "nothing new appears",
        );
        assertSharedUnchanged(ref, removed);
    });
});
