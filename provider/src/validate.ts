// Pure input checks and the plan they produce. No Pulumi resources here: every rule is
// tested directly, and a bad input is refused before any child is registered.
import {
    DATA_PROTECTION_MODES, DataProtection, EXTERNAL_CONNECTIONS, ExternalConnection, FORMATS, PackageFormat,
} from "./args";

/** Marks a value not known yet (during preview, or computed from another resource); see inputs.ts `peek`. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

export const MAX_UPSTREAMS = 10;
const DOMAIN_NAME = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;
const REPOSITORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/;
const ACCOUNT_ID = /^\d{12}$/;
const PARTITION = "aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-eusc";
const PRINCIPAL_ARN = new RegExp(`^arn:(${PARTITION}):iam::\\d{12}:(root|(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128})$`);
const KMS_KEY_ARN = new RegExp(`^arn:(${PARTITION}):kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$`);
const OIDC_PROVIDER_ARN = new RegExp(`^arn:(${PARTITION}):iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com(/.*)?$`);
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** `repo:OWNER/...` with a literal owner: the owner segment is what stops any GitHub user matching. */
const SUBJECT = /^repo:[A-Za-z0-9_.-]+\/[^\s]+$/;

/** The name of the shared proxy repository of a public registry: `public:npmjs` → `proxy-npmjs`. */
export function proxyName(connection: ExternalConnection): string {
    return `proxy-${connection.slice("public:".length)}`;
}

export interface RepositoryPlan {
    name: string;
    /** Position in `repositories`, used only to name fields in messages and to find the input. */
    index: number;
    upstreams: string[];
    externalConnection?: ExternalConnection;
    /** Upstream repository names in search order: the listed ones, then the proxy. */
    chain: string[];
    formats: PackageFormat[];
    /** Whether a repository policy is needed (readers, publishers or cross-account readers). */
    hasPolicy: boolean;
}

export interface ProxyPlan {
    connection: ExternalConnection;
    name: string;
    format: PackageFormat;
}

export interface PlatformPlan {
    domainName: string;
    createKey: boolean;
    /** Consuming repositories, upstreams before the repositories that list them. */
    repositories: RepositoryPlan[];
    proxies: ProxyPlan[];
    hasDomainPolicy: boolean;
    ec2?: { read: string[]; publish: string[] };
    github?: { createProvider: boolean; publishRepositories: string[] };
    dataProtection: DataProtection;
}

/** All problems with one input, reported together as one error. */
export class PlatformInputError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.length === 1
            ? `invalid CodeArtifactPlatform input: ${problems[0]}`
            : `invalid CodeArtifactPlatform input (${problems.length} problems):\n  - ${problems.join("\n  - ")}`);
        this.name = "PlatformInputError";
    }
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));
const isUnknown = (v: unknown) => v === UNKNOWN;
type Obj = Record<string, unknown>;

/**
 * Leaf checks: each returns a problem string or undefined. They run on known values at
 * construct time and again, through the wiring, on values that resolve later.
 */
export const check = {
    principal(field: string, v: unknown): string | undefined {
        if (isUnknown(v)) return undefined;
        if (v === "*") return `${field}: "*" would grant every AWS account; name an account ID or a principal ARN`;
        if (typeof v !== "string" || !(ACCOUNT_ID.test(v) || PRINCIPAL_ARN.test(v))) {
            return `${field}: ${show(v)} is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)`;
        }
        return undefined;
    },
    accountId(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && ACCOUNT_ID.test(v))) return undefined;
        return `${field}: ${show(v)} is not a 12-digit AWS account ID`;
    },
    kmsKeyArn(field: string, v: unknown): string | undefined {
        if (isUnknown(v)) return undefined;
        if (typeof v === "string" && /:alias\/aws\//.test(v)) {
            return `${field}: ${show(v)} is an AWS-managed key; CodeArtifact domains here use a customer-managed key (omit kmsKeyArn to have one created)`;
        }
        if (typeof v !== "string" || !KMS_KEY_ARN.test(v)) {
            return `${field}: ${show(v)} is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME)`;
        }
        return undefined;
    },
    oidcProviderArn(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && OIDC_PROVIDER_ARN.test(v))) return undefined;
        return `${field}: ${show(v)} is not the ARN of a GitHub Actions OIDC provider (arn:PARTITION:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)`;
    },
    roleName(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && ROLE_NAME.test(v))) return undefined;
        return `${field}: ${show(v)} is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)`;
    },
    subject(field: string, v: unknown): string | undefined {
        if (isUnknown(v)) return undefined;
        if (typeof v !== "string" || !SUBJECT.test(v)) {
            return `${field}: ${show(v)} is not allowed: a subject must start with "repo:OWNER/" with a literal owner ` +
                `(e.g. "repo:acme/app:ref:refs/tags/v*"), or any GitHub repository could assume the role`;
        }
        return undefined;
    },
};

/** Runs `fn` over a list input; a non-list or unknown list reports or skips accordingly. */
function eachOf(problems: string[], field: string, list: unknown, fn: (f: string, v: unknown) => string | undefined) {
    if (list === undefined || isUnknown(list)) return;
    if (!Array.isArray(list)) {
        problems.push(`${field}: must be a list`);
        return;
    }
    list.forEach((v, i) => {
        const p = fn(`${field}[${i}]`, v);
        if (p) problems.push(p);
    });
}

/** An optional single value, checked when given. */
function optionalOf(problems: string[], field: string, v: unknown, fn: (f: string, v: unknown) => string | undefined) {
    if (v === undefined) return;
    const p = fn(field, v);
    if (p) problems.push(p);
}

/** A list that names resources must be known now; returns its strings. */
function knownNames(problems: string[], field: string, v: unknown): string[] {
    if (v === undefined || v === null) return [];
    if (isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))) {
        problems.push(`${field}: must be known when the program runs (it decides which resources exist), but it is computed from another resource`);
        return [];
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
        problems.push(`${field}: must be a list of strings`);
        return [];
    }
    return v as string[];
}

function knownString(problems: string[], field: string, v: unknown): string | undefined {
    if (isUnknown(v)) {
        problems.push(`${field}: must be known when the program runs (it names resources), but it is computed from another resource`);
        return undefined;
    }
    if (v === undefined || v === null || v === "") {
        problems.push(`${field}: is required`);
        return undefined;
    }
    if (typeof v !== "string") {
        problems.push(`${field}: ${show(v)} must be a string`);
        return undefined;
    }
    return v;
}

const present = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

/** `self` (a repository naming its own upstreams) is left out of the "known" list it is shown. */
function checkRepositoryRefs(problems: string[], field: string, names: string[], known: Set<string>, self?: string) {
    const others = [...known].filter((k) => k !== self);
    const hint = others.length > 0 ? `(known: ${others.join(", ")})` : "(it has no other repositories)";
    names.forEach((n) => {
        if (!known.has(n)) problems.push(`${field}: ${show(n)} is not a repository of this platform ${hint}`);
    });
}

/** Finds one upstream cycle, as the list of names around it. */
function findCycle(edges: Map<string, string[]>): string[] | undefined {
    const state = new Map<string, "visiting" | "done">();
    const path: string[] = [];
    const visit = (n: string): string[] | undefined => {
        if (state.get(n) === "done") return undefined;
        if (state.get(n) === "visiting") return [...path.slice(path.indexOf(n)), n];
        state.set(n, "visiting");
        path.push(n);
        for (const u of edges.get(n) ?? []) {
            const c = visit(u);
            if (c) return c;
        }
        path.pop();
        state.set(n, "done");
        return undefined;
    };
    for (const n of edges.keys()) {
        const c = visit(n);
        if (c) return c;
    }
    return undefined;
}

/** Orders repositories so each comes after its upstreams (the graph is acyclic by then). */
function upstreamsFirst(repos: RepositoryPlan[]): RepositoryPlan[] {
    const byName = new Map(repos.map((r) => [r.name, r]));
    const done = new Set<string>();
    const out: RepositoryPlan[] = [];
    const visit = (r: RepositoryPlan) => {
        if (done.has(r.name)) return;
        done.add(r.name);
        r.upstreams.forEach((u) => visit(byName.get(u)!));
        out.push(r);
    };
    repos.forEach(visit);
    return out;
}

/** Names of the given repositories plus every repository reachable through their chains. */
export function withUpstreams(plan: PlatformPlan, names: string[]): string[] {
    const chains = new Map(plan.repositories.map((r) => [r.name, r.chain]));
    const seen = new Set<string>();
    const walk = (n: string) => {
        if (seen.has(n)) return;
        seen.add(n);
        (chains.get(n) ?? []).forEach(walk);
    };
    names.forEach(walk);
    return [...seen];
}

/**
 * Checks the peeked inputs (see inputs.ts) and returns the plan of what to create.
 * Throws one PlatformInputError listing every problem found.
 */
export function validatePlatform(input: unknown): PlatformPlan {
    const problems: string[] = [];
    const args = (input ?? {}) as Obj;

    const domainName = knownString(problems, "domainName", args.domainName);
    if (domainName !== undefined && !DOMAIN_NAME.test(domainName)) {
        problems.push(`domainName: ${show(domainName)} must be 2-50 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit`);
    }
    optionalOf(problems, "kmsKeyArn", args.kmsKeyArn, check.kmsKeyArn);

    let dataProtection: DataProtection = "retain";
    if (isUnknown(args.dataProtection)) {
        problems.push(`dataProtection: must be known when the program runs (it decides how children are deleted)`);
    } else if (args.dataProtection !== undefined) {
        if (!(DATA_PROTECTION_MODES as readonly unknown[]).includes(args.dataProtection)) {
            problems.push(`dataProtection: ${show(args.dataProtection)} is not one of ${DATA_PROTECTION_MODES.join(", ")}`);
        } else {
            dataProtection = args.dataProtection as DataProtection;
        }
    }

    // Repositories: names first, so references to them can be checked.
    const rawRepos = args.repositories;
    let repoInputs: Obj[] = [];
    if (isUnknown(rawRepos) || (Array.isArray(rawRepos) && rawRepos.some(isUnknown))) {
        problems.push(`repositories: must be known when the program runs (it decides which repositories exist), but it is computed from another resource`);
    } else if (!Array.isArray(rawRepos) || rawRepos.length === 0) {
        problems.push(`repositories: at least one repository is required`);
    } else {
        repoInputs = rawRepos.map((r) => (r ?? {}) as Obj);
    }

    const reserved = new Map((Object.keys(EXTERNAL_CONNECTIONS) as ExternalConnection[]).map((c) => [proxyName(c), c]));
    const firstIndex = new Map<string, number>();
    const names: (string | undefined)[] = repoInputs.map((r, i) => {
        const field = `repositories[${i}].name`;
        const name = knownString(problems, field, r.name);
        if (name === undefined) return undefined;
        if (!REPOSITORY_NAME.test(name)) {
            problems.push(`${field}: ${show(name)} must be 2-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit`);
        } else if (reserved.has(name)) {
            problems.push(`${field}: ${show(name)} is reserved for the shared proxy repository of ${reserved.get(name)}`);
        } else if (firstIndex.has(name)) {
            problems.push(`${field}: ${show(name)} is a duplicate (also repositories[${firstIndex.get(name)}].name)`);
        } else {
            firstIndex.set(name, i);
        }
        return name;
    });
    const known = new Set(firstIndex.keys());

    const connectionList = Object.keys(EXTERNAL_CONNECTIONS).join(", ");
    const repos: RepositoryPlan[] = [];
    repoInputs.forEach((r, i) => {
        const name = names[i];
        const upstreams = knownNames(problems, `repositories[${i}].upstreams`, r.upstreams);
        checkRepositoryRefs(problems, `repositories[${i}].upstreams`, upstreams, known, name);
        upstreams.forEach((u, j) => {
            if (u === name) problems.push(`repositories[${i}].upstreams: ${show(u)} names the repository itself`);
            else if (upstreams.indexOf(u) !== j) problems.push(`repositories[${i}].upstreams: ${show(u)} is listed twice`);
        });

        let externalConnection: ExternalConnection | undefined;
        if (isUnknown(r.externalConnection)) {
            problems.push(`repositories[${i}].externalConnection: must be known when the program runs (it decides which proxy repository exists)`);
        } else if (r.externalConnection !== undefined && r.externalConnection !== null) {
            if (!(r.externalConnection as string in EXTERNAL_CONNECTIONS)) {
                problems.push(`repositories[${i}].externalConnection: ${show(r.externalConnection)} is not a supported external connection (supported: ${connectionList})`);
            } else {
                externalConnection = r.externalConnection as ExternalConnection;
            }
        }
        const chain = [...upstreams, ...(externalConnection ? [proxyName(externalConnection)] : [])];
        if (chain.length > MAX_UPSTREAMS) {
            const via = externalConnection ? ` (${upstreams.length} listed + the ${externalConnection} proxy)` : "";
            problems.push(`repositories[${i}].upstreams: ${chain.length} upstreams${via} exceed CodeArtifact's limit of ${MAX_UPSTREAMS} per repository`);
        }

        const formats = knownNames(problems, `repositories[${i}].formats`, r.formats);
        formats.forEach((f) => {
            if (!(FORMATS as readonly string[]).includes(f)) {
                problems.push(`repositories[${i}].formats: ${show(f)} is not a CodeArtifact package format (supported: ${FORMATS.join(", ")})`);
            }
        });
        eachOf(problems, `repositories[${i}].readers`, r.readers, check.principal);
        eachOf(problems, `repositories[${i}].publishers`, r.publishers, check.principal);

        if (name !== undefined && firstIndex.get(name) === i) {
            repos.push({
                name, index: i, upstreams: upstreams.filter((u) => known.has(u) && u !== name), externalConnection, chain,
                formats: formats as PackageFormat[],
                hasPolicy: present(r.readers) || present(r.publishers) || present(args.crossAccountReaders),
            });
        }
    });

    const cycle = findCycle(new Map(repos.map((r) => [r.name, r.upstreams])));
    if (cycle) problems.push(`repositories: upstream cycle ${cycle.join(" -> ")} (upstream chains must not loop)`);

    eachOf(problems, "crossAccountReaders", args.crossAccountReaders, check.accountId);

    let ec2: PlatformPlan["ec2"];
    if (isUnknown(args.ec2Access)) {
        problems.push(`ec2Access: must be known when the program runs`);
    } else if (args.ec2Access) {
        const e = args.ec2Access as Obj;
        optionalOf(problems, "ec2Access.roleName", e.roleName, check.roleName);
        const read = e.read === undefined ? [...known] : knownNames(problems, "ec2Access.read", e.read);
        const publish = knownNames(problems, "ec2Access.publish", e.publish);
        checkRepositoryRefs(problems, "ec2Access.read", read, known);
        checkRepositoryRefs(problems, "ec2Access.publish", publish, known);
        ec2 = { read, publish };
    }

    let github: PlatformPlan["github"];
    if (isUnknown(args.githubActions)) {
        problems.push(`githubActions: must be known when the program runs`);
    } else if (args.githubActions) {
        const g = args.githubActions as Obj;
        optionalOf(problems, "githubActions.oidcProviderArn", g.oidcProviderArn, check.oidcProviderArn);
        if (!present(g.readSubjects)) {
            problems.push(`githubActions.readSubjects: at least one subject is required (e.g. "repo:acme/app:ref:refs/heads/main")`);
        }
        eachOf(problems, "githubActions.readSubjects", g.readSubjects, check.subject);
        eachOf(problems, "githubActions.publishSubjects", g.publishSubjects, check.subject);
        const publishRepositories = knownNames(problems, "githubActions.publishRepositories", g.publishRepositories);
        checkRepositoryRefs(problems, "githubActions.publishRepositories", publishRepositories, known);
        if (present(g.publishSubjects) && !present(g.publishRepositories)) {
            problems.push(`githubActions.publishRepositories: is required with publishSubjects (name the repositories CI may publish to)`);
        }
        if (!present(g.publishSubjects) && publishRepositories.length > 0) {
            problems.push(`githubActions.publishSubjects: is required with publishRepositories (name who may publish, e.g. "repo:acme/lib:ref:refs/tags/v*")`);
        }
        github = { createProvider: g.oidcProviderArn === undefined, publishRepositories };
    }

    if (args.tags !== undefined && !isUnknown(args.tags)) {
        if (typeof args.tags !== "object" || args.tags === null || Array.isArray(args.tags)) {
            problems.push(`tags: must be a map of strings`);
        } else {
            for (const [k, v] of Object.entries(args.tags)) {
                if (k.toLowerCase().startsWith("aws:")) problems.push(`tags: key ${show(k)} uses the reserved "aws:" prefix`);
                else if (k.length < 1 || k.length > 128) problems.push(`tags: key ${show(k)} must be 1-128 characters`);
                if (!isUnknown(v) && (typeof v !== "string" || v.length > 256)) problems.push(`tags.${k}: ${show(v)} must be a string of at most 256 characters`);
            }
        }
    }

    if (problems.length > 0) throw new PlatformInputError(problems);

    // Proxies: one per distinct connection, in the order repositories first ask for them.
    const proxies: ProxyPlan[] = [];
    for (const r of repos) {
        if (r.externalConnection && !proxies.some((p) => p.connection === r.externalConnection)) {
            proxies.push({ connection: r.externalConnection, name: proxyName(r.externalConnection), format: EXTERNAL_CONNECTIONS[r.externalConnection] });
        }
    }
    const plan: PlatformPlan = {
        domainName: domainName!,
        createKey: args.kmsKeyArn === undefined,
        repositories: upstreamsFirst(repos),
        proxies,
        hasDomainPolicy: present(args.crossAccountReaders) || repos.some((r) => r.hasPolicy),
        ec2,
        github,
        dataProtection,
    };
    // Default formats: those of the public registries reachable through the chain, else all.
    const proxyFormat = new Map(proxies.map((p) => [p.name, p.format]));
    for (const r of plan.repositories) {
        if (r.formats.length > 0) continue;
        const reachable = withUpstreams(plan, [r.name]).map((n) => proxyFormat.get(n)).filter((f): f is PackageFormat => !!f);
        r.formats = reachable.length > 0 ? FORMATS.filter((f) => reachable.includes(f)) : [...FORMATS];
    }
    return plan;
}
