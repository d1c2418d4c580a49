// codeartifact-no-public-connection-on-consuming-repo: no direct public connection on a consuming
// repository (stack-level).
//
// A repository that holds an external connection (public:npmjs, ...) must be a pure proxy: no
// upstreams of its own, and at least one other repository of the stack (same domain) lists it as
// an upstream. A repository with an external connection that nothing points at is what clients
// log in to, so they pull straight from the public registry past every curation step.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DOMAIN_TYPES, domainNameKey, programView, REPOSITORY_TYPES, repositoryDomainKey, repositoryNameKey, strProp } from "../resources";
import { isUnknown, plain, read, Tri, triAnd, triNot, triOr, UNKNOWN, Unknown } from "../unknown";
import { Config, reportStackFindings, Verdict } from "../verdict";
import { configList } from "./common";

export const NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO = "codeartifact-no-public-connection-on-consuming-repo";

const REMEDIATION =
    "Keep the external connection on a proxy repository with no upstreams, list that proxy last in the " +
    "upstreams of the repositories clients log in to, or exempt it with exemptRepositories when its consumers " +
    "live in another stack.";

export interface Repo {
    r: PolicyResource;
    /** The domain name; when unknown during preview, the name of the stack's domain it was computed from. */
    domain: string | Unknown | undefined;
    /** URN of the one domain resource (aws or aws-native) of the stack `domain` was computed from, if any. */
    domainResource: string | undefined;
    name: string | Unknown | undefined;
    upstreams: (string | Unknown)[] | Unknown;
    /** External connection name; UNKNOWN if unknown; undefined if none. */
    connection: string | Unknown | undefined;
    /** Whether the repository has an external connection at all. */
    hasConnection: Tri;
}

/**
 * The domain a resource of the stack names through `key` (a repository's `domain`/`domainName`, a
 * package group's `domainName`): the name, or, when it is unknown during preview, the name of the one
 * domain resource of the stack it was computed from; and that resource's URN.
 */
export function domainOf(r: PolicyResource, key: string): { domain: string | Unknown | undefined; domainResource: string | undefined } {
    const deps = (r.propertyDependencies ?? {})[key] ?? [];
    const domainResource = deps.length === 1 && deps[0] && DOMAIN_TYPES.has(deps[0].type) ? deps[0] : undefined;
    let domain = strProp(r.props, key);
    if (isUnknown(domain) && domainResource) {
        const name = strProp(domainResource.props, domainNameKey(domainResource.type));
        domain = typeof name === "string" ? name : UNKNOWN;
    }
    return { domain, domainResource: domainResource?.urn };
}

/**
 * A repository of either provider: aws keeps `upstreams` as [{repositoryName}] and one
 * `externalConnections: {externalConnectionName}`; aws-native keeps both as lists of names.
 */
export function repositoryOf(r: PolicyResource): Repo {
    const upRaw = plain(read(r.props, "upstreams"));
    let upstreams: (string | Unknown)[] | Unknown = [];
    if (isUnknown(upRaw)) {
        upstreams = UNKNOWN;
    } else if (Array.isArray(upRaw)) {
        upstreams = upRaw.map((u) => (isUnknown(u) ? UNKNOWN : typeof u === "string" ? u : (strProp(u, "repositoryName") ?? UNKNOWN)));
    }
    let ec = plain(read(r.props, "externalConnections"));
    if (Array.isArray(ec)) {
        ec = ec.length > 0 ? ec[0] : undefined;
    }
    let connection: string | Unknown | undefined;
    let hasConnection: Tri = false;
    if (isUnknown(ec)) {
        connection = UNKNOWN;
        hasConnection = UNKNOWN;
    } else if (typeof ec === "string" && ec !== "") {
        connection = ec;
        hasConnection = true;
    } else if (ec && typeof ec === "object") {
        connection = strProp(ec, "externalConnectionName") ?? UNKNOWN;
        hasConnection = true;
    }
    return {
        r,
        ...domainOf(r, repositoryDomainKey(r.type)),
        name: strProp(r.props, repositoryNameKey(r.type)),
        upstreams,
        connection,
        hasConnection,
    };
}

function fmt(v: string | Unknown | undefined): string {
    return typeof v === "string" ? JSON.stringify(v) : "(not known yet)";
}

/**
 * Are both repositories in the same domain? By name (see repositoryOf), or else by the domain resources
 * of the stack their `domain` was computed from: one Domain resource is one domain.
 */
export function sameDomain(a: Pick<Repo, "domain" | "domainResource">, b: Pick<Repo, "domain" | "domainResource">): Tri {
    if (typeof a.domain === "string" && typeof b.domain === "string") {
        return a.domain === b.domain;
    }
    if (a.domainResource !== undefined && b.domainResource !== undefined) {
        return a.domainResource === b.domainResource;
    }
    return UNKNOWN;
}

/** Does `other` list `proxy` as an upstream? */
export function pointsAt(other: Repo, proxy: Repo): Tri {
    const deps = (other.r.propertyDependencies ?? {})["upstreams"] ?? [];
    if (deps.some((d) => d && d.urn === proxy.r.urn)) {
        return true;
    }
    // The engine records which resources the upstreams value was computed from; when it did, an
    // upstream name unknown during preview comes from one of those, so it is not `proxy`.
    const unknownNamesExplained = deps.length > 0;
    const sameDom = sameDomain(other, proxy);
    if (isUnknown(other.upstreams)) {
        return sameDom === false || unknownNamesExplained ? false : UNKNOWN;
    }
    const verdicts: Tri[] = other.upstreams.map((u) => {
        if (isUnknown(u)) {
            return unknownNamesExplained ? false : UNKNOWN;
        }
        if (isUnknown(proxy.name)) {
            return UNKNOWN;
        }
        return u === proxy.name;
    });
    return triAnd([sameDom, triOr(verdicts)]);
}

function isExemptRepo(exempt: string[], repo: Repo): boolean {
    const keys = [repo.r.name, repo.r.urn];
    if (typeof repo.name === "string") {
        keys.push(repo.name);
        if (typeof repo.domain === "string") {
            keys.push(`${repo.domain}/${repo.name}`);
        }
    }
    return keys.some((k) => exempt.includes(k));
}

export const noPublicConnectionOnConsumingRepo: StackValidationPolicy = {
    name: NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO,
    description: "A repository with an external (public) connection must be a pure proxy that other repositories use as an upstream.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            exemptRepositories: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: 'Repositories this rule skips: repository name, "domain/repository", logical name or URN.',
            },
        },
    },
    validateStack: (args, reportViolation) =>
        reportStackFindings(checkNoPublicConnection(programView(args.resources), args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkNoPublicConnection(resources: PolicyResource[], config: Config): Verdict {
    const verdict = new Verdict();
    const exempt = configList(config, "exemptRepositories");
    const repos = resources.filter((r) => REPOSITORY_TYPES.has(r.type)).map(repositoryOf);
    for (const repo of repos) {
        if (repo.hasConnection === false || isExemptRepo(exempt, repo)) {
            continue;
        }
        const urn = repo.r.urn;
        const where = `repository ${fmt(repo.name)}${typeof repo.domain === "string" ? ` (domain ${JSON.stringify(repo.domain)})` : ""}`;
        const conn = typeof repo.connection === "string" ? repo.connection : "an external connection";
        const connectionUnknown = isUnknown(repo.hasConnection);

        // A proxy has no upstreams of its own.
        const hasUpstreams: Tri = isUnknown(repo.upstreams) ? UNKNOWN : repo.upstreams.length > 0;
        const v1 = triAnd([repo.hasConnection, hasUpstreams]);
        if (v1 === true) {
            const list = (repo.upstreams as (string | Unknown)[]).map(fmt).join(", ");
            verdict.report(
                `${where} holds ${conn} and also has upstreams [${list}]; a repository with an external ` +
                    `connection must be a pure proxy with no upstreams of its own. ${REMEDIATION}`,
                urn,
            );
        } else if (isUnknown(v1)) {
            verdict.wait(connectionUnknown ? "externalConnections" : "upstreams", { urn, fix: connectionUnknown ? "value" : "upstreams" });
        }

        // Something else must point at it.
        const referenced = triOr(repos.filter((o) => o !== repo).map((o) => pointsAt(o, repo)));
        const v2 = triAnd([repo.hasConnection, triNot(referenced)]);
        if (v2 === true) {
            verdict.report(
                `${where} holds ${conn} but no repository in this stack lists it as an upstream, so clients ` +
                    `log in to it and pull straight from the public registry. ${REMEDIATION}`,
                urn,
            );
        } else if (isUnknown(v2)) {
            verdict.wait(connectionUnknown ? "externalConnections" : "which repositories list it as an upstream", {
                urn,
                fix: connectionUnknown ? "value" : "upstreams",
            });
        }
    }
    return verdict;
}
