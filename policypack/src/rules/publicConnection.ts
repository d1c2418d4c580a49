// codeartifact-no-public-connection-on-consuming-repo: no direct public connection on a consuming
// repository (stack-level).
//
// A repository that holds an external connection (public:npmjs, ...) must be a pure proxy: no
// upstreams of its own, and at least one other repository of the stack (same domain) lists it as
// an upstream. A repository with an external connection that nothing points at is what clients
// log in to, so they pull straight from the public registry past every curation step.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { programView, strProp, T } from "../resources";
import { isUnknown, plain, read, Tri, triAnd, triNot, triOr, UNKNOWN, Unknown } from "../unknown";
import { Config, reportStackFindings, Verdict } from "../verdict";
import { configList, onlyStackType } from "./common";

export const NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO = "codeartifact-no-public-connection-on-consuming-repo";

const REMEDIATION =
    "Keep the external connection on a proxy repository with no upstreams, list that proxy last in the " +
    "upstreams of the repositories clients log in to, or exempt it with exemptRepositories when its consumers " +
    "live in another stack.";

interface Repo {
    r: PolicyResource;
    /** The domain name; when unknown during preview, the name of the stack's domain it was computed from. */
    domain: string | Unknown | undefined;
    /** URN of the one aws:codeartifact/domain:Domain of the stack `domain` was computed from, if any. */
    domainResource: string | undefined;
    name: string | Unknown | undefined;
    upstreams: (string | Unknown)[] | Unknown;
    /** External connection name; UNKNOWN if unknown; undefined if none. */
    connection: string | Unknown | undefined;
    /** Whether the repository has an external connection at all. */
    hasConnection: Tri;
}

export function repositoryOf(r: PolicyResource): Repo {
    const upRaw = plain(read(r.props, "upstreams"));
    let upstreams: (string | Unknown)[] | Unknown = [];
    if (isUnknown(upRaw)) {
        upstreams = UNKNOWN;
    } else if (Array.isArray(upRaw)) {
        upstreams = upRaw.map((u) => (isUnknown(u) ? UNKNOWN : (strProp(u, "repositoryName") ?? UNKNOWN)));
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
    } else if (ec && typeof ec === "object") {
        connection = strProp(ec, "externalConnectionName") ?? UNKNOWN;
        hasConnection = true;
    }
    const domainDeps = (r.propertyDependencies ?? {})["domain"] ?? [];
    const domainResource = domainDeps.length === 1 && domainDeps[0]?.type === T.domain ? domainDeps[0] : undefined;
    let domain = strProp(r.props, "domain");
    if (isUnknown(domain) && domainResource) {
        const name = strProp(domainResource.props, "domain");
        domain = typeof name === "string" ? name : UNKNOWN;
    }
    return {
        r,
        domain,
        domainResource: domainResource?.urn,
        name: strProp(r.props, "repository"),
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
function sameDomain(a: Repo, b: Repo): Tri {
    if (typeof a.domain === "string" && typeof b.domain === "string") {
        return a.domain === b.domain;
    }
    if (a.domainResource !== undefined && b.domainResource !== undefined) {
        return a.domainResource === b.domainResource;
    }
    return UNKNOWN;
}

/** Does `other` list `proxy` as an upstream? */
function pointsAt(other: Repo, proxy: Repo): Tri {
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
    validateStack: onlyStackType(T.repository, (args, reportViolation) =>
        reportStackFindings(checkNoPublicConnection(programView(args.resources), args.getConfig()), reportViolation),
    ),
};

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkNoPublicConnection(resources: PolicyResource[], config: Config): Verdict {
    const verdict = new Verdict();
    const exempt = configList(config, "exemptRepositories");
    const repos = resources.filter((r) => r.type === T.repository).map(repositoryOf);
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
