// codeartifact-dependency-confusion: a domain whose repositories both receive publishes and reach a
// public registry through their upstream chain lets a public package take the name of an internal
// one (a higher version on npmjs wins), unless package groups (aws-native:codeartifact:PackageGroup,
// origin controls) block external upstream for the internal names. Stack-level: it links grants,
// repositories, their upstreams and the domain's package groups, of either provider.
//
// Flagged:
// - a domain of the stack with a repository that receives publishes (a publish grant on its
//   packages in any document of the stack, or named in a package group's publish list) and reaches
//   an external connection through itself or its upstreams, when no package group of that domain
//   blocks external upstream (restrictionMode BLOCK);
// - a package group that allows external upstream (ALLOW) while the same domain publishes to its
//   pattern (its own publish list, or a publish grant whose package format can be the pattern's)
//   through a repository that reaches a public registry.

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { globMatch, grantedActions, isAllow, packageWildcardReason, parseArn, PUBLISH_ACTIONS, Statement } from "../iam";
import {
    DOCUMENT_TYPES,
    documentsOf,
    DOMAIN_TYPES,
    domainNameKey,
    label,
    programView,
    REPOSITORY_TYPES,
    repositoryNameKey,
    strProp,
    T,
} from "../resources";
import { isUnknown, plain, read, Tri, triAnd, triNot, triOr, UNKNOWN, Unknown } from "../unknown";
import { Config, reportStackFindings, Verdict, WaitFix } from "../verdict";
import { configList, isExempt } from "./common";
import { domainOf, pointsAt, Repo, repositoryOf, sameDomain } from "./publicConnection";

export const DEPENDENCY_CONFUSION = "codeartifact-dependency-confusion";

const DOMAIN_REMEDIATION =
    'Add an aws-native:codeartifact:PackageGroup for the internal names (e.g. pattern "/npm/acme/*") with ' +
    "originConfiguration.restrictions publish ALLOW_SPECIFIC_REPOSITORIES (the publishing repositories) and " +
    "externalUpstream BLOCK, or exempt the domain with exemptResources.";

const GROUP_REMEDIATION =
    'Set originConfiguration.restrictions.externalUpstream to { restrictionMode: "BLOCK" } on the group (publish ' +
    "ALLOW_SPECIFIC_REPOSITORIES of the internal repositories), or exempt it with exemptResources.";

type Ref = Pick<Repo, "domain" | "domainResource">;

/** Where a publish grant applies. */
type Scope =
    | { kind: "all" }
    /** Package ARN patterns: domain and repository segments (globs), and the package path after them. */
    | { kind: "arn"; domain: string; repository: string; path: string }
    /** A repository policy: that repository. */
    | { kind: "repository"; ref: Ref; name: string | Unknown | undefined; urn?: string }
    /** A domain policy without Resource (or "*"): every repository of the domain. */
    | { kind: "domain"; ref: Ref }
    | { kind: "unknown" };

interface Grant {
    /** `policy statement #1 of aws:iam/rolePolicy:RolePolicy "ci"` */
    source: string;
    /** Does it allow publish? (an unknown Effect or Action leaves it open) */
    grants: Tri;
    scope: Scope;
    /** For waits: what of which resource is unknown. */
    unknownWhat?: string;
}

interface Group {
    r: PolicyResource;
    ref: Ref;
    pattern: string | Unknown | undefined;
    publishMode: string | Unknown | undefined;
    publishRepositories: (string | Unknown)[] | Unknown;
    externalMode: string | Unknown | undefined;
}

function restriction(oc: unknown, which: string): { mode: string | Unknown | undefined; repositories: (string | Unknown)[] | Unknown } {
    if (isUnknown(oc)) {
        return { mode: UNKNOWN, repositories: UNKNOWN };
    }
    const restrictions = oc && typeof oc === "object" ? (oc as Record<string, unknown>).restrictions : undefined;
    if (isUnknown(restrictions)) {
        return { mode: UNKNOWN, repositories: UNKNOWN };
    }
    const r = restrictions && typeof restrictions === "object" ? (restrictions as Record<string, unknown>)[which] : undefined;
    if (isUnknown(r)) {
        return { mode: UNKNOWN, repositories: UNKNOWN };
    }
    if (!r || typeof r !== "object") {
        return { mode: undefined, repositories: [] };
    }
    const o = r as Record<string, unknown>;
    const mode = isUnknown(o.restrictionMode)
        ? UNKNOWN
        : typeof o.restrictionMode === "string"
          ? o.restrictionMode.toUpperCase()
          : undefined;
    const repos = o.repositories;
    const repositories = isUnknown(repos)
        ? UNKNOWN
        : Array.isArray(repos)
          ? (repos.filter((e) => typeof e === "string" || isUnknown(e)) as (string | Unknown)[])
          : [];
    return { mode, repositories };
}

export function packageGroupOf(r: PolicyResource): Group {
    const oc = plain(read(r.props, "originConfiguration"));
    const publish = restriction(oc, "publish");
    return {
        r,
        ref: domainOf(r, "domainName"),
        pattern: strProp(r.props, "pattern"),
        publishMode: publish.mode,
        publishRepositories: publish.repositories,
        externalMode: restriction(oc, "externalUpstream").mode,
    };
}

/** The scope of one Resource pattern of a publish grant. */
function arnScope(pattern: string): Scope | undefined {
    const p = pattern.trim();
    const arn = parseArn(p);
    if (!arn) {
        return packageWildcardReason(p) ? { kind: "all" } : undefined;
    }
    if (!globMatch(arn.service, "codeartifact")) {
        return undefined;
    }
    const segs = arn.resource.split("/");
    if (!globMatch(segs[0], "package") && !globMatch(segs[0], "package/x/x/x")) {
        return undefined;
    }
    if (segs.length === 1) {
        return { kind: "all" }; // "*": spans every segment
    }
    if (segs.length === 2) {
        return /[*]/.test(segs[1]) ? { kind: "arn", domain: segs[1], repository: "*", path: "*" } : undefined;
    }
    const path = segs.length > 3 ? segs.slice(3).join("/") : /[*]$/.test(segs[2]) ? "*" : "";
    return { kind: "arn", domain: segs[1], repository: segs[2], path };
}

/** The publish grants of one statement of a document of `r`. */
function statementGrants(r: PolicyResource, kind: string, where: string, s: Statement): Grant[] {
    const source = `${where} statement #${s.index} of ${label(r.type, r.name)}`;
    const { granted, unknown } = grantedActions(s, PUBLISH_ACTIONS);
    const grants = triAnd([isAllow(s), granted.length > 0 ? true : unknown ? UNKNOWN : false]);
    if (grants === false) {
        return [];
    }
    const unknownWhat = `${where} of ${label(r.type, r.name)}`;
    const scopes: Scope[] = [];
    if (kind === "repository-policy") {
        if (r.type === T.nativeRepository) {
            const self = repositoryOf(r);
            scopes.push({ kind: "repository", ref: self, name: self.name, urn: r.urn });
        } else {
            const deps = ((r.propertyDependencies ?? {})["repository"] ?? []).filter((d) => d && REPOSITORY_TYPES.has(d.type));
            let name = strProp(r.props, "repository");
            if (isUnknown(name) && deps.length === 1) {
                name = strProp(deps[0].props, repositoryNameKey(deps[0].type)) ?? UNKNOWN;
            }
            scopes.push({ kind: "repository", ref: domainOf(r, "domain"), name, urn: deps.length === 1 ? deps[0].urn : undefined });
        }
    } else if (s.notResource !== undefined) {
        scopes.push({ kind: "all" });
    } else if (isUnknown(s.resource)) {
        scopes.push({ kind: "unknown" });
    } else {
        const resources = s.resource ?? [];
        if (kind === "domain-policy" && (resources.length === 0 || resources.some((x) => typeof x === "string" && x.trim() === "*"))) {
            const ref: Ref =
                r.type === T.nativeDomain ? { domain: strProp(r.props, "domainName"), domainResource: r.urn } : domainOf(r, "domain");
            scopes.push({ kind: "domain", ref });
        }
        for (const x of resources) {
            if (isUnknown(x)) {
                scopes.push({ kind: "unknown" });
            } else if (kind !== "domain-policy" || x.trim() !== "*") {
                const sc = arnScope(x);
                if (sc) {
                    scopes.push(sc);
                }
            }
        }
    }
    return scopes.map((scope) => ({ source, grants, scope, unknownWhat }));
}

/** Every publish grant of the stack's documents (identity, repository and domain policies). */
function grantsOf(resources: PolicyResource[]): Grant[] {
    const out: Grant[] = [];
    for (const r of resources) {
        if (!DOCUMENT_TYPES.has(r.type)) {
            continue;
        }
        for (const doc of documentsOf(r.type, r.props)) {
            const what = `${doc.where} of ${label(r.type, r.name)}`;
            if (doc.parsed.kind === "unknown") {
                out.push({ source: what, grants: UNKNOWN, scope: { kind: "unknown" }, unknownWhat: what });
                continue;
            }
            if (doc.parsed.kind !== "document") {
                continue;
            }
            for (const s of doc.parsed.statements) {
                if (isUnknown(s)) {
                    out.push({ source: what, grants: UNKNOWN, scope: { kind: "unknown" }, unknownWhat: what });
                } else {
                    out.push(...statementGrants(r, doc.kind, doc.where, s));
                }
            }
        }
    }
    return out;
}

function globTri(pattern: string, v: string | Unknown | undefined): Tri {
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    return typeof v === "string" && globMatch(pattern, v);
}

/** Does the grant apply to the repository's packages? */
function grantCovers(g: Grant, repo: Repo): Tri {
    const sc = g.scope;
    switch (sc.kind) {
        case "all":
            return true;
        case "unknown":
            return UNKNOWN;
        case "arn":
            return triAnd([globTri(sc.domain, repo.domain), globTri(sc.repository, repo.name)]);
        case "domain":
            return sameDomain(sc.ref, repo);
        case "repository":
            if (sc.urn !== undefined && sc.urn === repo.r.urn) {
                return true;
            }
            return triAnd([sameDomain(sc.ref, repo), isUnknown(sc.name) || isUnknown(repo.name) ? UNKNOWN : sc.name === repo.name]);
    }
}

/** The format of a package group pattern (`/npm/acme/*` → npm; the root `/*` → "*"). */
function patternFormat(pattern: string): string {
    const seg = pattern.split("/")[1] ?? "*";
    return seg.replace(/[$~]$/, "") || "*";
}

/** Can a grant's packages be in the group's pattern? By format (namespace and name are not compared). */
function grantMayCoverPattern(g: Grant, pattern: string | Unknown | undefined): boolean {
    if (g.scope.kind !== "arn" || typeof pattern !== "string") {
        return true;
    }
    const fmt = g.scope.path.split("/")[0];
    const groupFmt = patternFormat(pattern);
    return fmt === "" || /[*?]/.test(fmt) || /[*?]/.test(groupFmt) || fmt.toLowerCase() === groupFmt.toLowerCase();
}

function fmt(v: string | Unknown | undefined): string {
    return typeof v === "string" ? JSON.stringify(v) : "(not known yet)";
}

interface Exposure {
    repo: Repo;
    verdict: Tri;
    /** Why it receives publishes (first known source). */
    publishedBy?: string;
    /** The connection it reaches and through which repositories. */
    reaches?: string;
}

export const dependencyConfusion: StackValidationPolicy = {
    name: DEPENDENCY_CONFUSION,
    description:
        "A CodeArtifact domain whose repositories receive publishes and reach a public registry should block external upstream for the internal names.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps: DOMAIN_REMEDIATION,
    configSchema: {
        properties: {
            exemptResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Domains (domain name, logical name or URN) and package groups (logical name, URN or "domain/pattern") this rule skips.',
            },
        },
    },
    validateStack: (args, reportViolation) =>
        reportStackFindings(checkDependencyConfusion(programView(args.resources), args.getConfig()), reportViolation),
};

// The two loops below compared every repository with every other repository and with every grant of
// the stack: O(N²) in the repositories (one repository policy each), most of the rule's time at 1,000
// repositories. These indexes hand them only the candidates whose verdict can be other than false, in
// the original order, so the verdicts, the first source named and the waits stay exactly the same.

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) {
        list.push(v);
    } else {
        m.set(k, [v]);
    }
}

/** Keeps the items of `all` at the given positions, in order. */
function atPositions<T>(all: T[], positions: Iterable<number>): T[] {
    return [...new Set(positions)].sort((a, b) => a - b).map((i) => all[i]);
}

/**
 * The repositories `r` may point at (pointsAt other than false): with every upstream name of `r`
 * known, or its upstreams computed from repositories of the stack, only those it names, those its
 * upstreams were computed from, and (if it names any) those whose own name is not known; otherwise
 * all of them.
 */
export function candidateUpstreams(repos: Repo[]): (r: Repo) => Repo[] {
    const byName = new Map<string, number[]>();
    const byUrn = new Map<string, number[]>();
    const unnamed: number[] = [];
    repos.forEach((o, i) => {
        if (typeof o.name === "string") {
            pushTo(byName, o.name, i);
        } else {
            unnamed.push(i);
        }
        pushTo(byUrn, o.r.urn, i);
    });
    return (r) => {
        const deps = (r.r.propertyDependencies ?? {})["upstreams"] ?? [];
        const names = isUnknown(r.upstreams) ? [] : r.upstreams.filter((u): u is string => typeof u === "string");
        const allNamed = !isUnknown(r.upstreams) && names.length === r.upstreams.length;
        // An unknown upstream name the engine explains (upstreams has dependencies) is one of those
        // repositories, never another (pointsAt): only without an explanation may it be any of them.
        if (!allNamed && deps.length === 0) {
            return repos;
        }
        const positions = allNamed || names.length > 0 ? [...unnamed] : [];
        for (const u of names) {
            positions.push(...(byName.get(u) ?? []));
        }
        for (const d of deps) {
            if (d) {
                positions.push(...(byUrn.get(d.urn) ?? []));
            }
        }
        return atPositions(repos, positions);
    };
}

/**
 * The grants that may cover a repository (grantCovers other than false): a repository policy's grant
 * whose repository name is known covers only the repository of that name or of its URN; every other
 * grant is a candidate for every repository. A repository whose name is not known gets them all.
 */
function candidateGrants(grants: Grant[]): (repo: Repo) => Grant[] {
    const byName = new Map<string, number[]>();
    const byUrn = new Map<string, number[]>();
    const general: number[] = [];
    grants.forEach((g, i) => {
        const sc = g.scope;
        if (sc.kind === "repository" && typeof sc.name === "string") {
            pushTo(byName, sc.name, i);
            if (sc.urn !== undefined) {
                pushTo(byUrn, sc.urn, i);
            }
        } else {
            general.push(i);
        }
    });
    return (repo) => {
        if (typeof repo.name !== "string") {
            return grants;
        }
        return atPositions(grants, [...general, ...(byName.get(repo.name) ?? []), ...(byUrn.get(repo.r.urn) ?? [])]);
    };
}

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkDependencyConfusion(resources: PolicyResource[], config: Config): Verdict {
    const verdict = new Verdict();
    const domains = resources.filter((r) => DOMAIN_TYPES.has(r.type));
    if (domains.length === 0) {
        return verdict;
    }
    const exempt = configList(config, "exemptResources");
    const repos = resources.filter((r) => REPOSITORY_TYPES.has(r.type)).map(repositoryOf);
    const groups = resources.filter((r) => r.type === T.nativePackageGroup).map(packageGroupOf);
    const grants = grantsOf(resources);
    const grantsFor = candidateGrants(grants);

    // Which repositories reach an external connection, through themselves or their upstreams (`path`).
    const reach = new Map<Repo, { v: Tri; connection?: string; path: string[] }>(
        repos.map((r) => [r, { v: r.hasConnection, connection: typeof r.connection === "string" ? r.connection : undefined, path: [] }]),
    );
    const upstreamCandidates = candidateUpstreams(repos);
    for (let round = 0; round <= repos.length; round++) {
        let changed = false;
        for (const r of repos) {
            const cur = reach.get(r)!;
            if (cur.v === true) {
                continue;
            }
            const via = upstreamCandidates(r)
                .filter((o) => o !== r)
                .map((o): { o: Repo; v: Tri } => ({ o, v: triAnd([pointsAt(r, o), reach.get(o)!.v]) }));
            const v: Tri = triOr([cur.v, ...via.map((x) => x.v)]);
            if (v !== cur.v) {
                const hop = via.find((x) => x.v === true);
                const next = hop ? reach.get(hop.o)! : undefined;
                reach.set(r, hop && next ? { v, connection: next.connection, path: [fmt(hop.o.name), ...next.path] } : { ...cur, v });
                changed = true;
            }
        }
        if (!changed) {
            break;
        }
    }
    const reachText = (r: Repo) => {
        const x = reach.get(r)!;
        const conn = x.connection ?? "an external connection";
        return x.path.length > 0 ? `${conn} through ${x.path.join(" → ")}` : `${conn} itself`;
    };

    for (const d of domains) {
        const name = strProp(d.props, domainNameKey(d.type));
        const ref: Ref = { domain: name, domainResource: d.urn };
        if (isExempt(exempt, d.name, d.urn) || (typeof name === "string" && exempt.includes(name))) {
            continue;
        }
        const waits = new Map<string, WaitFix>();
        const inDomain = (x: Ref) => sameDomain(x, ref);
        const mine = groups.filter((g) => inDomain(g.ref) !== false);

        // The repositories of the domain that receive publishes and reach a public registry.
        const exposures: Exposure[] = [];
        for (const repo of repos) {
            const member = inDomain(repo);
            if (member === false) {
                continue;
            }
            if (isUnknown(member)) {
                waits.set(`domain of ${label(repo.r.type, repo.r.name)}`, "value");
            }
            const sources: { v: Tri; source: string; what?: string }[] = [];
            for (const g of mine) {
                if (g.publishMode !== "ALLOW_SPECIFIC_REPOSITORIES" && !isUnknown(g.publishMode)) {
                    continue;
                }
                const listed = isUnknown(g.publishRepositories)
                    ? UNKNOWN
                    : triOr(g.publishRepositories.map((n) => (isUnknown(n) || isUnknown(repo.name) ? UNKNOWN : n === repo.name)));
                sources.push({
                    v: triAnd([inDomain(g.ref), isUnknown(g.publishMode) ? UNKNOWN : true, listed]),
                    source: `the publish list of package group ${fmt(g.pattern)}`,
                    what: `originConfiguration of ${label(g.r.type, g.r.name)}`,
                });
            }
            for (const g of grantsFor(repo)) {
                sources.push({ v: triAnd([g.grants, grantCovers(g, repo)]), source: g.source, what: g.unknownWhat });
            }
            const publishes = triOr(sources.map((s) => s.v));
            const reaches = reach.get(repo)!;
            const v = triAnd([member, publishes, reaches.v]);
            if (v === false) {
                continue;
            }
            if (isUnknown(v)) {
                for (const s of sources.filter((x) => isUnknown(x.v) && x.what)) {
                    waits.set(s.what!, "document");
                }
                if (isUnknown(reaches.v)) {
                    waits.set(`upstreams of ${label(repo.r.type, repo.r.name)}`, "upstreams");
                }
            }
            exposures.push({ repo, verdict: v, publishedBy: sources.find((s) => s.v === true)?.source, reaches: reachText(repo) });
        }
        const exposed = triOr(exposures.map((e) => e.verdict));

        // Does a package group of the domain block external upstream?
        const blocked = triOr(
            mine.map((g) => {
                const v = triAnd([inDomain(g.ref), isUnknown(g.externalMode) ? UNKNOWN : g.externalMode === "BLOCK"]);
                if (isUnknown(v)) {
                    waits.set(`originConfiguration of ${label(g.r.type, g.r.name)}`, "value");
                }
                return v;
            }),
        );
        const domainVerdict = triAnd([exposed, triNot(blocked)]);
        const domainLabel = `domain ${typeof name === "string" ? JSON.stringify(name) : JSON.stringify(d.name)}`;
        if (domainVerdict === true) {
            const which = exposures
                .filter((e) => e.verdict === true)
                .map(
                    (e) =>
                        `repository ${fmt(e.repo.name)} receives publishes (${e.publishedBy ?? "a publish grant"}) and reaches ` +
                        `${e.reaches ?? "a public registry"}`,
                );
            verdict.report(
                `${domainLabel}: ${which.join("; ")}, and no package group of the domain blocks external upstream, so a ` +
                    `package published internally can be replaced by a higher version of the same name from the public ` +
                    `registry (dependency confusion). ${DOMAIN_REMEDIATION}`,
                d.urn,
            );
        } else if (isUnknown(domainVerdict)) {
            for (const [what, fix] of waits) {
                verdict.wait(what, { urn: d.urn, fix });
            }
        }

        // A group that allows external upstream while the domain publishes to its pattern.
        for (const g of mine) {
            if (g.externalMode !== "ALLOW" || inDomain(g.ref) !== true) {
                continue;
            }
            const keys = [
                g.r.name,
                g.r.urn,
                ...(typeof name === "string" && typeof g.pattern === "string" ? [`${name}/${g.pattern}`] : []),
            ];
            if (keys.some((k) => exempt.includes(k))) {
                continue;
            }
            const publishers: string[] = [];
            let maybe = false;
            for (const e of exposures) {
                const listed =
                    !isUnknown(g.publishRepositories) &&
                    g.publishMode === "ALLOW_SPECIFIC_REPOSITORIES" &&
                    g.publishRepositories.some((n) => typeof n === "string" && n === e.repo.name);
                const granted = grants.some(
                    (x) => x.grants === true && grantCovers(x, e.repo) === true && grantMayCoverPattern(x, g.pattern),
                );
                const publishesHere = g.publishMode === "BLOCK" ? false : listed || granted;
                if (publishesHere && e.verdict === true) {
                    publishers.push(`repository ${fmt(e.repo.name)}, which reaches ${e.reaches ?? "a public registry"}`);
                } else if (publishesHere || isUnknown(e.verdict)) {
                    maybe = true;
                }
            }
            if (publishers.length > 0) {
                verdict.report(
                    `package group ${fmt(g.pattern)} (${domainLabel}) allows external upstream while the domain publishes ` +
                        `to its pattern (${publishers.join("; ")}), so a public package of the same name can take the place ` +
                        `of an internal one. ${GROUP_REMEDIATION}`,
                    g.r.urn,
                );
            } else if (maybe) {
                verdict.wait("which repositories publish to its pattern", { urn: g.r.urn, fix: "document" });
            }
        }
    }
    return verdict;
}
