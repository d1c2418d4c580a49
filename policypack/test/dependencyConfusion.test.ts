import * as assert from "node:assert/strict";
import { candidateUpstreams, dependencyConfusion } from "../src/rules/dependencyConfusion";
import { pointsAt, repositoryOf } from "../src/rules/publicConnection";
import { programView } from "../src/resources";
import { FakeResource, runStackPolicy, stackArgs, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { runPack, waitingLines } from "../testing/harness";
import { compliantPlatform } from "../testing/examples";
import { doc, KEY_ARN, pkgArn, repo, res, TYPES } from "../testing/fixtures";
import * as native from "../testing/native";

const NAME = "codeartifact-dependency-confusion";
const domain = res(TYPES.domain, "acme", { domain: "acme", encryptionKey: KEY_ARN });
const store = repo("npm-store", { externalConnections: { externalConnectionName: "public:npmjs" } });
const internal = repo("npm-internal", { upstreams: [{ repositoryName: "npm-store" }] });
const publishGrant = res(TYPES.rolePolicy, "ci-publish", {
    role: "ci",
    policy: doc({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/*") }),
});
const blocking = native.packageGroup("acme-group", "/npm/acme/*", {
    publish: "ALLOW_SPECIFIC_REPOSITORIES",
    publishRepositories: ["npm-internal"],
    externalUpstream: "BLOCK",
});

async function run(resources: FakeResource[], config?: Record<string, unknown>) {
    return runStackPolicy(dependencyConfusion, resources, config ? { [NAME]: config } : undefined);
}

const DOMAIN_FIX =
    'Add an aws-native:codeartifact:PackageGroup for the internal names (e.g. pattern "/npm/acme/*") with ' +
    "originConfiguration.restrictions publish ALLOW_SPECIFIC_REPOSITORIES (the publishing repositories) and " +
    "externalUpstream BLOCK, or exempt the domain with exemptResources.";

describe(NAME, () => {
    it("flags a hand-wired domain with a publish grant and a proxy chain but no blocking group (advisory)", async () => {
        const v = await run([domain, store, internal, publishGrant]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(domain));
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.equal(
            v[0].message,
            'domain "acme": repository "npm-internal" receives publishes (policy statement #1 of aws:iam/rolePolicy:RolePolicy ' +
                '"ci-publish") and reaches public:npmjs through "npm-store", and no package group of the domain blocks external ' +
                "upstream, so a package published internally can be replaced by a higher version of the same name from the public " +
                `registry (dependency confusion). ${DOMAIN_FIX}`,
        );
    });

    it("passes the same domain once a package group of it blocks external upstream (the component's groups)", async () => {
        assert.deepEqual(await run([domain, store, internal, publishGrant, blocking]), []);
    });

    it("passes a domain whose publishing repositories reach no public registry, and one nobody publishes to", async () => {
        assert.deepEqual(await run([domain, internal, repo("npm-store"), publishGrant]), []);
        assert.deepEqual(await run([domain, store, internal]), []);
    });

    it("counts a repository named in a group's publish list as receiving publishes", async () => {
        const allow = native.packageGroup("g", "/npm/acme/*", {
            publish: "ALLOW_SPECIFIC_REPOSITORIES",
            publishRepositories: ["npm-internal"],
            externalUpstream: "INHERIT",
        });
        const v = await run([domain, store, internal, allow]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /receives publishes \(the publish list of package group "\/npm\/acme\/\*"\)/);
    });

    it("counts publish grants in repository policies, domain policies and through wildcards", async () => {
        const repoPolicy = res(TYPES.repositoryPermissionsPolicy, "rp", {
            domain: "acme",
            repository: "npm-internal",
            policyDocument: doc({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111122223333:role/ci" },
                Action: "codeartifact:PublishPackageVersion",
                Resource: "*",
            }),
        });
        assert.equal((await run([domain, store, internal, repoPolicy])).length, 1);
        const wide = res(TYPES.policy, "wide", { policy: doc({ Effect: "Allow", Action: "codeartifact:*", Resource: "*" }) });
        assert.equal((await run([domain, store, internal, wide])).length, 1);
        const other = res(TYPES.policy, "other", {
            policy: doc({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("other/npm-internal/*") }),
        });
        assert.deepEqual(await run([domain, store, internal, other]), []);
    });

    it("covers aws-native domains, repositories and documents, and mixed stacks", async () => {
        const nd = native.domain("acme");
        const nstore = native.repo("npm-store", { externalConnections: ["public:npmjs"] });
        const ninternal = native.repo("npm-internal", {
            upstreams: ["npm-store"],
            permissionsPolicyDocument: {
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::111122223333:role/ci" },
                        Action: "codeartifact:PublishPackageVersion",
                    },
                ],
            },
        });
        const v = await run([nd, nstore, ninternal]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(nd));
        assert.match(
            v[0].message,
            /receives publishes \(permissionsPolicyDocument statement #1 of aws-native:codeartifact:Repository "npm-internal"\)/,
        );
        assert.deepEqual(await run([nd, nstore, ninternal, blocking]), []);
        // aws domain and proxy, aws-native consuming repository and ManagedPolicy grant
        const grant = native.policy(TYPES.nativeManagedPolicy, "mp", [
            { Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/apps/*") },
        ]);
        assert.equal((await run([domain, store, native.repo("apps", { upstreams: ["npm-internal"] }), internal, grant])).length, 1);
    });

    it("flags a group that allows external upstream while the domain publishes to its pattern", async () => {
        const allow = native.packageGroup("open-group", "/npm/acme/*", {
            publish: "ALLOW_SPECIFIC_REPOSITORIES",
            publishRepositories: ["npm-internal"],
            externalUpstream: "ALLOW",
        });
        const v = await run([domain, store, internal, allow, blocking]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(allow));
        assert.equal(
            v[0].message,
            'package group "/npm/acme/*" (domain "acme") allows external upstream while the domain publishes to its pattern ' +
                '(repository "npm-internal", which reaches public:npmjs through "npm-store"), so a public package of the same name ' +
                "can take the place of an internal one. Set originConfiguration.restrictions.externalUpstream to { restrictionMode: " +
                '"BLOCK" } on the group (publish ALLOW_SPECIFIC_REPOSITORIES of the internal repositories), or exempt it with exemptResources.',
        );
        // A grant on pypi packages only does not publish to an npm pattern.
        const pypiOnly = res(TYPES.rolePolicy, "py", {
            role: "ci",
            policy: doc({ Effect: "Allow", Action: "codeartifact:PublishPackageVersion", Resource: pkgArn("acme/npm-internal/pypi/*") }),
        });
        const openNoList = native.packageGroup("open", "/npm/acme/*", { externalUpstream: "ALLOW" });
        assert.deepEqual(await run([domain, store, internal, pypiOnly, openNoList, blocking]), []);
    });

    it("exempts domains (name, logical name, URN) and groups (logical name, domain/pattern)", async () => {
        for (const e of ["acme", urnOf(domain)]) {
            assert.deepEqual(await run([domain, store, internal, publishGrant], { exemptResources: [e] }), []);
        }
        const allow = native.packageGroup("open-group", "/npm/acme/*", { publish: "ALLOW", externalUpstream: "ALLOW" });
        assert.deepEqual(
            await run([domain, store, internal, publishGrant, allow, blocking], { exemptResources: ["acme//npm/acme/*"] }),
            [],
        );
    });

    it("at preview: the component's shape (group domainName from the domain) decides; an unknown grant waits", async () => {
        assert.deepEqual(await runPack(compliantPlatform("preview"), "mandatory"), []);
        const later = res(TYPES.rolePolicy, "later", { role: "ci", policy: UNKNOWN_VALUE });
        const lines = await waitingLines([domain, store, internal, later]);
        const mine = lines.filter((l) => l.message.includes(NAME));
        assert.equal(mine.length, 1);
        assert.equal(
            mine[0].message,
            'aws:codeartifact/domain:Domain "acme": codeartifact-dependency-confusion waits for up (policy of ' +
                'aws:iam/rolePolicy:RolePolicy "later" is unknown during preview). It runs at up; make the document known at preview ' +
                "(build it from names, not resource outputs) to have it checked now.",
        );
        assert.deepEqual(
            (await waitingLines([domain, store, internal, later, blocking])).filter((l) => l.message.includes(NAME)),
            [],
        );
    });
});

describe(`${NAME}: the upstream index`, () => {
    // The reach loop only looks at candidateUpstreams(r): it must keep every repository pointsAt does
    // not rule out, in the stack's order, whichever of names, upstream names and dependencies are known.
    it("keeps every repository a repository may point at, in order, for known, unknown and explained upstreams", () => {
        const names = ["npm-store", "pypi-store", UNKNOWN_VALUE];
        const stack: FakeResource[] = [domain];
        names.forEach((n, i) =>
            stack.push(repo(`proxy-${i}`, { repository: n, externalConnections: { externalConnectionName: "public:npmjs" } })),
        );
        const proxyUrn = (i: number) => urnOf(stack[1 + i]);
        const upstreamShapes: { upstreams?: unknown; deps?: string[] }[] = [
            {},
            { upstreams: [{ repositoryName: "npm-store" }] },
            { upstreams: [{ repositoryName: UNKNOWN_VALUE }] },
            { upstreams: [{ repositoryName: UNKNOWN_VALUE }], deps: [proxyUrn(1)] },
            { upstreams: [{ repositoryName: UNKNOWN_VALUE }, { repositoryName: "npm-store" }], deps: [proxyUrn(2)] },
            { upstreams: [{ repositoryName: UNKNOWN_VALUE }, { repositoryName: "npm-store" }] },
            { upstreams: UNKNOWN_VALUE },
            { upstreams: UNKNOWN_VALUE, deps: [proxyUrn(0), proxyUrn(2)] },
        ];
        upstreamShapes.forEach((u, i) => stack.push(repo(`app-${i}`, u.upstreams === undefined ? {} : { upstreams: u.upstreams }, "acme")));
        upstreamShapes.forEach((u, i) => {
            if (u.deps) {
                stack[1 + names.length + i].propertyDependencies = { upstreams: u.deps };
            }
        });
        const repos = programView(stackArgs(stack, NAME).resources)
            .filter((r) => r.type === TYPES.repository)
            .map(repositoryOf);
        const candidatesOf = candidateUpstreams(repos);
        for (const r of repos) {
            const mayPoint = repos.filter((o) => pointsAt(r, o) !== false);
            const candidates = candidatesOf(r);
            assert.deepEqual(
                mayPoint.map((o) => o.r.name),
                candidates.filter((o) => mayPoint.includes(o)).map((o) => o.r.name),
                r.r.name,
            );
            assert.deepEqual(
                candidates.map((o) => repos.indexOf(o)),
                [...candidates.map((o) => repos.indexOf(o))].sort((a, b) => a - b),
            );
        }
        // The explained unknown upstream narrows to the repository it was computed from.
        assert.deepEqual(
            candidatesOf(repos.find((r) => r.r.name === "app-3")!).map((o) => o.r.name),
            ["proxy-1"],
        );
    });
});
