import * as assert from "node:assert/strict";
import { noPublicConnectionOnConsumingRepo } from "../src/rules/publicConnection";
import { FakeResource, runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { repo, res, TYPES, KEY_ARN } from "../testing/fixtures";
import * as native from "../testing/native";

const NAME = "codeartifact-no-public-connection-on-consuming-repo";
const npmjs = { externalConnections: { externalConnectionName: "public:npmjs" } };
const ups = (...names: string[]) => ({ upstreams: names.map((repositoryName) => ({ repositoryName })) });
const domain = res(TYPES.domain, "acme", { domain: "acme", encryptionKey: KEY_ARN });

async function run(resources: FakeResource[], config?: Record<string, unknown>) {
    return runStackPolicy(noPublicConnectionOnConsumingRepo, [domain, ...resources], config ? { [NAME]: config } : undefined);
}

describe(NAME, () => {
    it("passes the proxy pattern: external connection on a pure proxy that a consuming repository lists", async () => {
        assert.deepEqual(
            await run([
                repo("npm-store", npmjs),
                repo("npm-internal", ups("npm-store")),
                repo("py-store", { externalConnections: { externalConnectionName: "public:pypi" } }),
                repo("py-internal", ups("libs", "py-store")),
                repo("libs"),
            ]),
            [],
        );
    });

    it("passes a chain: consumer -> shared -> proxy", async () => {
        assert.deepEqual(await run([repo("app", ups("shared")), repo("shared", ups("npm-store")), repo("npm-store", npmjs)]), []);
    });

    it("flags a repository with an external connection that nothing points at", async () => {
        const direct = repo("npm-internal", npmjs);
        const v = await run([direct, repo("other")]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(direct));
        assert.equal(v[0].enforcementLevel, "mandatory");
        assert.equal(
            v[0].message,
            'repository "npm-internal" (domain "acme") holds public:npmjs but no repository in this stack lists it as an ' +
                "upstream, so clients log in to it and pull straight from the public registry. Keep the external connection " +
                "on a proxy repository with no upstreams, list that proxy last in the upstreams of the repositories clients " +
                "log in to, or exempt it with exemptRepositories when its consumers live in another stack.",
        );
    });

    it("flags a consuming repository that holds the connection itself and has upstreams", async () => {
        const consuming = repo("npm-internal", { ...npmjs, ...ups("libs") });
        const v = await run([consuming, repo("libs")]);
        assert.deepEqual(
            v.map((x) => x.urn),
            [urnOf(consuming), urnOf(consuming)],
        );
        assert.match(
            v[0].message,
            /^repository "npm-internal" \(domain "acme"\) holds public:npmjs and also has upstreams \["libs"\]; a repository with an external connection must be a pure proxy with no upstreams of its own\./,
        );
        assert.match(v[1].message, /no repository in this stack lists it as an upstream/);
    });

    it("flags a proxy that is referenced but has upstreams of its own", async () => {
        const proxy = repo("npm-store", { ...npmjs, ...ups("libs") });
        const v = await run([proxy, repo("libs"), repo("app", ups("npm-store"))]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /holds public:npmjs and also has upstreams \["libs"\]/);
    });

    it("does not count a same-named repository of another domain as a consumer", async () => {
        const proxy = repo("npm-store", npmjs, "acme");
        const v = await run([proxy, repo("app", ups("npm-store"), "other-domain")]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(proxy));
    });

    it("does not count a repository listing itself", async () => {
        const self = repo("npm-store", { ...npmjs, ...ups("npm-store") });
        const v = await run([self]);
        assert.equal(v.length, 2);
    });

    it("honours exemptRepositories by repository name, domain/name, logical name or URN", async () => {
        const direct = repo("npm-store", npmjs);
        for (const key of ["npm-store", "acme/npm-store", direct.name, urnOf(direct)]) {
            assert.deepEqual(await run([direct], { exemptRepositories: [key] }), [], key);
        }
        assert.equal((await run([direct], { exemptRepositories: ["npm-other"] })).length, 1);
    });

    it("links through the engine's property dependencies when upstream names are outputs", async () => {
        const proxy = repo("npm-store", npmjs);
        const consumer = repo("app", { upstreams: [{ repositoryName: UNKNOWN_VALUE }] });
        consumer.propertyDependencies = { upstreams: [urnOf(proxy)] };
        assert.deepEqual(await run([proxy, consumer]), []);
    });

    it("waits when consumers cannot be identified during preview", async () => {
        const proxy = repo("npm-store", npmjs);
        const consumer = repo("app", { upstreams: [{ repositoryName: UNKNOWN_VALUE }] });
        assert.deepEqual(await run([proxy, consumer]), []);
        assert.deepEqual(await waitingLines([domain, proxy, consumer]), [
            {
                urn: urnOf(proxy),
                message:
                    `aws:codeartifact/repository:Repository "npm-store": ${NAME} waits for up (which repositories list it as an upstream ` +
                    "is unknown during preview). It runs at up; list the upstreams by name or as outputs of repositories of this stack " +
                    "(repo.repository) to have them checked now.",
            },
        ]);
    });

    it("a proxy whose own upstreams are unknown waits on them", async () => {
        const proxy = repo("npm-store", { ...npmjs, upstreams: UNKNOWN_VALUE });
        assert.deepEqual(await run([proxy, repo("app", ups("npm-store"))]), []);
        assert.deepEqual(
            (await waitingLines([domain, proxy, repo("app", ups("npm-store"))])).map((x) => x.message),
            [
                `aws:codeartifact/repository:Repository "npm-store": ${NAME} and codeartifact-max-upstreams wait for up (upstreams is ` +
                    "unknown during preview). They run at up; list the upstreams by name or as outputs of repositories of this stack " +
                    "(repo.repository) to have them checked now.",
            ],
        );
    });

    it("still flags what is decidable when another repository's upstreams are unknown (and then does not wait)", async () => {
        const direct = repo("npm-store", { ...npmjs, ...ups("libs") });
        const stack = [direct, repo("libs"), repo("app", { upstreams: UNKNOWN_VALUE })];
        const v = await run(stack);
        assert.deepEqual(
            v.map((x) => [x.urn, x.enforcementLevel]),
            [[urnOf(direct), "mandatory"]],
        );
        assert.match(v[0].message, /holds public:npmjs and also has upstreams \["libs"\]/);
        assert.deepEqual(
            (await waitingLines([domain, ...stack])).map((x) => x.urn),
            [urnOf(stack[2])],
        );
    });

    it("during preview, a repository computed from the stack's domain is in that domain (the component's shape)", async () => {
        const inDomain = (d: FakeResource) => ({ domain: UNKNOWN_VALUE, propertyDependencies: { domain: [urnOf(d)] } });
        const other = res(TYPES.domain, "other", { domain: "other", encryptionKey: KEY_ARN });
        const at = (name: string, props: Record<string, unknown>, d = domain) => {
            const { propertyDependencies, ...p } = inDomain(d);
            return res(TYPES.repository, name, { repository: name, ...props, ...p }, { propertyDependencies });
        };
        // Names known, domains unknown: linked by the Domain resource they come from.
        assert.deepEqual(await run([at("npm-store", npmjs), at("app", ups("npm-store"))]), []);
        assert.deepEqual(await waitingLines([domain, at("npm-store", npmjs), at("app", ups("npm-store"))]), []);
        // The same name in another domain of the stack does not count.
        const v = await run([other, at("npm-store", npmjs), at("app", ups("npm-store"), other)]);
        assert.deepEqual(
            v.map((x) => x.message.split(" but ")[0]),
            ['repository "npm-store" (domain "acme") holds public:npmjs'],
        );
    });

    it("is not applicable to stacks without repositories", async () => {
        assert.deepEqual(await run([]), []);
    });
});

describe(`${NAME}: property dependencies explain unknown upstream names`, () => {
    it("an unknown upstream name that the engine attributes to another repository does not count for this one", async () => {
        const proxy = repo("npm-store", npmjs);
        const other = repo("pypi-store", { externalConnections: { externalConnectionName: "public:pypi" } });
        const consumer = repo("app", { upstreams: [{ repositoryName: UNKNOWN_VALUE }] });
        consumer.propertyDependencies = { upstreams: [urnOf(other)] };
        const v = await run([proxy, other, consumer]);
        assert.deepEqual(
            v.map((x) => [x.urn, x.enforcementLevel]),
            [[urnOf(proxy), "mandatory"]],
        );
    });
});

describe(`${NAME}: aws-native and mixed stacks`, () => {
    const nd = native.domain("acme");
    it("passes an aws-native proxy that an aws-native repository lists by name", async () => {
        assert.deepEqual(
            await run([
                nd,
                native.repo("npm-store", { externalConnections: ["public:npmjs"] }),
                native.repo("npm-internal", { upstreams: ["npm-store"] }),
            ]),
            [],
        );
    });

    it("flags an aws-native repository whose externalConnections list holds a connection nothing points at", async () => {
        const direct = native.repo("npm-direct", { externalConnections: ["public:npmjs"] });
        const v = await run([nd, direct]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(direct));
        assert.match(
            v[0].message,
            /^repository "npm-direct" \(domain "acme"\) holds public:npmjs but no repository in this stack lists it/,
        );
    });

    it("flags an aws-native proxy with upstreams of its own", async () => {
        const v = await run([
            nd,
            native.repo("p", { externalConnections: ["public:pypi"], upstreams: ["libs"] }),
            native.repo("libs"),
            native.repo("c", { upstreams: ["p"] }),
        ]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /holds public:pypi and also has upstreams \["libs"\]/);
    });

    it("sees both providers: an aws repository upstream of an aws-native proxy, and the reverse", async () => {
        assert.deepEqual(
            await run([native.repo("npm-store", { externalConnections: ["public:npmjs"] }), repo("npm-internal", ups("npm-store"))]),
            [],
        );
        assert.deepEqual(await run([repo("npm-store", npmjs), native.repo("npm-internal", { upstreams: ["npm-store"] })]), []);
    });

    it("links through property dependencies at preview (domainName from an aws-native domain, upstreams from repositories)", async () => {
        const store = native.repo("npm-store", { domainName: UNKNOWN_VALUE, externalConnections: ["public:npmjs"] }, "acme", {
            propertyDependencies: { domainName: [urnOf(nd)] },
        });
        const consumer = native.repo("npm-internal", { domainName: UNKNOWN_VALUE, upstreams: [UNKNOWN_VALUE] }, "acme", {
            propertyDependencies: { domainName: [urnOf(nd)], upstreams: [urnOf(store)] },
        });
        assert.deepEqual(await run([nd, store, consumer]), []);
        assert.deepEqual(await waitingLines([nd, store, consumer]), []);
    });

    it("waits on an unknown externalConnections list", async () => {
        const lines = await waitingLines([native.repo("r", { externalConnections: UNKNOWN_VALUE })]);
        assert.equal(lines.length, 1);
        assert.match(lines[0].message, /externalConnections is unknown during preview/);
    });
});
