// Pure input checks and the plan they produce. No Pulumi here: every rule is tested directly on
// plain values, and a bad input is refused, with all its problems at once, before any child is
// registered. The plan names the leaf inputs it checked; inputs.ts pairs them with the Inputs.
import {
    DATA_PROTECTION_MODES,
    DataProtection,
    EXTERNAL_CONNECTIONS,
    EXTERNAL_UPSTREAM_MODES,
    ExternalConnection,
    ExternalUpstream,
    FORMATS,
    PackageFormat,
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
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
/** A managed policy: the account's own (`iam::ACCOUNT:policy/...`) or an AWS one (`iam::aws:policy/...`). */
const POLICY_ARN = new RegExp(`^arn:(${PARTITION}):iam::(\\d{12}|aws):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$`);
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** `o-.../r-.../ou-.../` (nested OUs allowed), optionally ending in `*` for every OU below. */
const OU_PATH = /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\/(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\/)+\*?$/;
/** `repo:OWNER/...` with a literal owner: the owner segment is what stops any GitHub user matching. */
const SUBJECT = /^repo:[A-Za-z0-9_.-]+\/[^\s]+$/;

/** The name of the shared proxy repository of a public registry: `public:npmjs` → `proxy-npmjs`. */
export function proxyName(connection: ExternalConnection): string {
    return `proxy-${connection.slice("public:".length)}`;
}

/** Where a value sits in the component's args: `["repositories", 2, "readers"]`. */
export type Path = (string | number)[];

/** `["repositories", 2, "readers"]` → `repositories[2].readers`, the field name messages use. */
export function fieldName(path: Path): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A leaf check: a problem string, or undefined when the value is fine (or not known yet). */
export type Check = (field: string, v: unknown) => string | undefined;

/**
 * How the component takes a leaf input: a `list` or a `value` that must be there (the plan holds
 * the leaf only when it was given), an `optional` value, each checked again when it resolves, or
 * `text` (a description) or `tags`, passed on as given.
 */
export type LeafKind = "list" | "value" | "optional" | "text" | "tags";

/**
 * A leaf input the plan passes on to children, named by its path in the args. Validation checked
 * its peeked value; inputs.ts `bindInputs` pairs it with the Input found at the same path (so it
 * keeps its dependencies and secrecy) and runs `check` again when it resolves, since it may have
 * been unknown when peeked.
 */
export class Leaf<K extends LeafKind = LeafKind> {
    constructor(
        readonly kind: K,
        readonly path: Path,
        readonly check?: Check,
    ) {}
}

export interface RepositoryPlan {
    name: string;
    /** Position in `repositories`, as in the paths of its leaves. */
    index: number;
    upstreams: string[];
    externalConnection?: ExternalConnection;
    /** Upstream repository names in search order: the listed ones, then the proxy. */
    chain: string[];
    formats: PackageFormat[];
    /** Whether a repository policy is needed (readers, publishers or cross-account readers). */
    hasPolicy: boolean;
    description: Leaf<"text">;
    readers: Leaf<"list">;
    publishers: Leaf<"list">;
}

export interface ProxyPlan {
    connection: ExternalConnection;
    name: string;
    format: PackageFormat;
}

export interface Ec2Plan {
    roleName: Leaf<"optional">;
    read: string[];
    publish: string[];
}

export interface GithubPlan {
    /** The existing OIDC provider to trust; undefined: the component creates one. */
    oidcProviderArn?: Leaf<"value">;
    readRoleName: Leaf<"optional">;
    publishRoleName: Leaf<"optional">;
    readSubjects: Leaf<"list">;
    publishSubjects: Leaf<"list">;
    /** Empty: no publish role. */
    publishRepositories: string[];
}

/** Read for a whole organization (or some of its OUs), through `aws:PrincipalOrgID`. */
export interface OrganizationPlan {
    organizationId: Leaf<"value">;
    organizationalUnitPaths: Leaf<"list">;
}

/** Managed IAM policies other roles attach; each absent when not asked for. */
export interface ManagedPoliciesPlan {
    read?: { name: Leaf<"optional"> };
    publish?: { name: Leaf<"optional">; repositories: string[] };
}

/** One package group: its pattern, who may publish to it, whether public registries may supply it. */
export interface PackageGroupPlan {
    pattern: string;
    publishRepositories: string[];
    externalUpstream: ExternalUpstream;
    description: Leaf<"text">;
    contactInfo: Leaf<"text">;
}

/** What already exists and is brought under the component by the `import` option: nothing is created for it. */
export interface AdoptPlan {
    domain: boolean;
    /** Consuming or proxy repository names. */
    repositories: string[];
}

/** Connection → name of its shared proxy: `proxyNames` where given, else `proxy-<registry>`. */
export type ProxyNames = Map<ExternalConnection, string>;

export interface PlatformPlan {
    domainName: string;
    /** The given customer-managed key; undefined: the component creates one. */
    kmsKeyArn?: Leaf<"value">;
    /** Consuming repositories, upstreams before the repositories that list them. */
    repositories: RepositoryPlan[];
    proxies: ProxyPlan[];
    crossAccountReaders: Leaf<"list">;
    hasDomainPolicy: boolean;
    ec2?: Ec2Plan;
    github?: GithubPlan;
    organization?: OrganizationPlan;
    managedPolicies: ManagedPoliciesPlan;
    packageGroups: PackageGroupPlan[];
    adopt: AdoptPlan;
    /** Permissions boundary of every role the component creates. */
    permissionsBoundary: Leaf<"optional">;
    dataProtection: DataProtection;
    tags: Leaf<"tags">;
}

/** All problems with one input, reported together as one error. */
export class PlatformInputError extends Error {
    constructor(readonly problems: string[]) {
        super(
            problems.length === 1
                ? `invalid CodeArtifactPlatform input: ${problems[0]}`
                : `invalid CodeArtifactPlatform input (${problems.length} problems):\n  - ${problems.join("\n  - ")}`,
        );
        this.name = "PlatformInputError";
    }
}

/**
 * A value as problems name it: a string quoted, a number, boolean or null as written, a list or map
 * as its JSON (a value not known yet inside it shown as "<unknown>"), anything else by its type.
 */
function show(v: unknown): string {
    if (typeof v === "string") return JSON.stringify(v);
    if (v === null || v === undefined || typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
    if (typeof v === "object") {
        try {
            const json = JSON.stringify(v, (_k, x: unknown) => (x === UNKNOWN ? "<unknown>" : typeof x === "bigint" ? String(x) : x));
            if (json !== undefined) return json;
        } catch {
            // A cycle: named by its type below.
        }
        return Array.isArray(v) ? "a list" : "an object";
    }
    return typeof v === "symbol" ? String(v) : `a ${typeof v}`;
}
const isUnknown = (v: unknown) => v === UNKNOWN;
type Obj = Record<string, unknown>;

/** An account ID that arrived as a number (Pulumi YAML reads numeric-looking config as a number; leading zeros are lost). */
const looksLikeNumericAccount = (v: unknown): v is number => typeof v === "number" && /^\d{10,12}$/.test(String(v));
const numericAccount = (field: string, v: number) =>
    `${field}: ${show(v)} is a number, not a string: account IDs are 12-digit strings (quote it; from Pulumi YAML config use fn::toJSON or a string value)`;

/**
 * Leaf checks: each returns a problem string or undefined. They run on known values at
 * construct time and again, through the wiring, on values that resolve later.
 */
export const check = {
    principal(field: string, v: unknown): string | undefined {
        if (isUnknown(v)) return undefined;
        if (looksLikeNumericAccount(v)) return numericAccount(field, v);
        if (v === "*") return `${field}: "*" would grant every AWS account; name an account ID or a principal ARN`;
        if (typeof v !== "string" || !(ACCOUNT_ID.test(v) || PRINCIPAL_ARN.test(v))) {
            return `${field}: ${show(v)} is not a 12-digit account ID or an IAM principal ARN (arn:PARTITION:iam::ACCOUNT:root, role/NAME or user/NAME)`;
        }
        return undefined;
    },
    accountId(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && ACCOUNT_ID.test(v))) return undefined;
        if (looksLikeNumericAccount(v)) return numericAccount(field, v);
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
    policyName(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && POLICY_NAME.test(v))) return undefined;
        return `${field}: ${show(v)} is not an IAM policy name (1-128 characters of letters, digits and +=,.@_-)`;
    },
    policyArn(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && POLICY_ARN.test(v))) return undefined;
        return `${field}: ${show(v)} is not an IAM managed policy ARN (arn:PARTITION:iam::ACCOUNT:policy/NAME, or arn:PARTITION:iam::aws:policy/NAME)`;
    },
    organizationId(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && ORGANIZATION_ID.test(v))) return undefined;
        return `${field}: ${show(v)} is not an AWS Organizations ID ("o-" followed by 10-32 lowercase letters or digits)`;
    },
    organizationalUnitPath(field: string, v: unknown): string | undefined {
        if (isUnknown(v) || (typeof v === "string" && OU_PATH.test(v))) return undefined;
        return `${field}: ${show(v)} is not an organizational unit path (o-ORG/r-ROOT/ou-ROOT-OU/ with one or more OUs, optionally ending in "*", e.g. "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/")`;
    },
    /** A publish subject: a subject, and not one every repository of its owner matches on any branch. */
    publishSubject(field: string, v: unknown): string | undefined {
        const problem = check.subject(field, v);
        if (problem || typeof v !== "string") return problem;
        const owner = /^repo:([^/*?]+)\//.exec(v)?.[1];
        if (owner !== undefined && glob(v).test(`repo:${owner}/zz-any-repository-zz:ref:refs/heads/zz-any-branch-zz`)) {
            return (
                `${field}: ${show(v)} admits every repository of ${owner} on any branch, so a push to any branch could publish ` +
                `(policy codeartifact-oidc-publish-any-branch); name the repository and a release ref, ` +
                `e.g. "repo:${owner}/lib:ref:refs/tags/v*" or "repo:${owner}/lib:environment:release"`
            );
        }
        return undefined;
    },
    subject(field: string, v: unknown): string | undefined {
        if (isUnknown(v)) return undefined;
        if (typeof v !== "string" || !SUBJECT.test(v)) {
            return (
                `${field}: ${show(v)} is not allowed: a subject must start with "repo:OWNER/" with a literal owner ` +
                `(e.g. "repo:acme/app:ref:refs/tags/v*"), or any GitHub repository could assume the role`
            );
        }
        return undefined;
    },
};

/** An IAM StringLike pattern (`*` any characters, `?` one; case-insensitive, as the policy pack reads it). */
function glob(pattern: string): RegExp {
    const body = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${body}$`, "is");
}

/** A list leaf: its items are checked now (an unknown list waits), and again when it resolves. */
function listLeaf(problems: string[], path: Path, list: unknown, fn: Check): Leaf<"list"> {
    const field = fieldName(path);
    if (list !== undefined && !isUnknown(list)) {
        if (!Array.isArray(list)) problems.push(`${field}: must be a list`);
        else list.forEach((v, i) => report(problems, fn(`${field}[${i}]`, v)));
    }
    return new Leaf("list", path, fn);
}

/** An optional leaf, checked when given. */
function optionalLeaf(problems: string[], path: Path, v: unknown, fn: Check): Leaf<"optional"> {
    if (v !== undefined) report(problems, fn(fieldName(path), v));
    return new Leaf("optional", path, fn);
}

/** A leaf naming something that exists already; absent, the component creates it instead. */
function existingLeaf(problems: string[], path: Path, v: unknown, fn: Check): Leaf<"value"> | undefined {
    if (v === undefined) return undefined;
    report(problems, fn(fieldName(path), v));
    return new Leaf("value", path, fn);
}

const report = (problems: string[], p: string | undefined) => {
    if (p) problems.push(p);
};

/** A list that names resources must be known now; returns its strings. */
function knownNames(problems: string[], field: string, v: unknown): string[] {
    if (v === undefined || v === null) return [];
    if (isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))) {
        problems.push(
            `${field}: must be known when the program runs (it decides which resources exist), but it is computed from another resource`,
        );
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

/** A list of this platform's repository names, known now (it decides which grants or groups exist). */
function repositoryList(problems: string[], field: string, v: unknown, known: Set<string>): string[] {
    const names = knownNames(problems, field, v);
    checkRepositoryRefs(problems, field, names, known);
    return names;
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
export function withUpstreams(plan: { repositories: Pick<RepositoryPlan, "name" | "chain">[] }, names: string[]): string[] {
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

// --- Sections of validatePlatform, in the order their problems are reported ------------------

function checkDomain(problems: string[], args: Obj): { domainName?: string; kmsKeyArn?: Leaf<"value"> } {
    const domainName = knownString(problems, "domainName", args.domainName);
    if (domainName !== undefined && !DOMAIN_NAME.test(domainName)) {
        problems.push(
            `domainName: ${show(domainName)} must be 2-50 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit`,
        );
    }
    return { domainName, kmsKeyArn: existingLeaf(problems, ["kmsKeyArn"], args.kmsKeyArn, check.kmsKeyArn) };
}

function checkDataProtection(problems: string[], v: unknown): DataProtection {
    if (isUnknown(v)) {
        problems.push(`dataProtection: must be known when the program runs (it decides how children are deleted)`);
    } else if (v !== undefined) {
        if ((DATA_PROTECTION_MODES as readonly unknown[]).includes(v)) return v as DataProtection;
        problems.push(`dataProtection: ${show(v)} is not one of ${DATA_PROTECTION_MODES.join(", ")}`);
    }
    return "retain";
}

/** Repositories: names first, so references to them can be checked; then each repository; then cycles. */
function checkRepositories(problems: string[], args: Obj, proxies: ProxyNames): { repositories: RepositoryPlan[]; known: Set<string> } {
    const inputs = repositoryInputs(problems, args.repositories);
    const { names, firstIndex } = repositoryNames(problems, inputs, proxies);
    const known = new Set(firstIndex.keys());
    // Cross-account and organization read reach every consuming repository's policy.
    const crossAccount = present(args.crossAccountReaders) || args.organizationId !== undefined;
    const repositories: RepositoryPlan[] = [];
    inputs.forEach((r, i) => {
        const plan = checkRepository(problems, r, i, names[i], known, crossAccount, proxies);
        if (plan && firstIndex.get(plan.name) === i) repositories.push(plan);
    });
    const cycle = findCycle(new Map(repositories.map((r) => [r.name, r.upstreams])));
    if (cycle) problems.push(`repositories: upstream cycle ${cycle.join(" -> ")} (upstream chains must not loop)`);
    return { repositories, known };
}

function repositoryInputs(problems: string[], list: unknown): Obj[] {
    if (isUnknown(list) || (Array.isArray(list) && list.some(isUnknown))) {
        problems.push(
            `repositories: must be known when the program runs (it decides which repositories exist), but it is computed from another resource`,
        );
    } else if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
        problems.push(`repositories: at least one repository is required`);
    } else if (!Array.isArray(list)) {
        problems.push(`repositories: ${show(list)} is not a list of repositories (e.g. [{ name: "npm-internal" }])`);
    } else {
        return list.map((r) => (r ?? {}) as Obj);
    }
    return [];
}

/** Each input's name (undefined where it has none), and the first position of each valid, unique name. */
function repositoryNames(
    problems: string[],
    inputs: Obj[],
    proxies: ProxyNames,
): { names: (string | undefined)[]; firstIndex: Map<string, number> } {
    // The default proxy names stay reserved even where proxyNames renames a proxy.
    const reserved = new Map((Object.keys(EXTERNAL_CONNECTIONS) as ExternalConnection[]).map((c) => [proxyName(c), c]));
    for (const [c, n] of proxies) reserved.set(n, c);
    const firstIndex = new Map<string, number>();
    const names = inputs.map((r, i) => {
        const field = `repositories[${i}].name`;
        const name = knownString(problems, field, r.name);
        if (name === undefined) return undefined;
        if (!REPOSITORY_NAME.test(name)) {
            problems.push(
                `${field}: ${show(name)} must be 2-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit`,
            );
        } else if (reserved.has(name)) {
            problems.push(`${field}: ${show(name)} is reserved for the shared proxy repository of ${reserved.get(name)}`);
        } else if (firstIndex.has(name)) {
            problems.push(`${field}: ${show(name)} is a duplicate (also repositories[${firstIndex.get(name)}].name)`);
        } else {
            firstIndex.set(name, i);
        }
        return name;
    });
    return { names, firstIndex };
}

/** Checks one repository input; its plan, when it has a name. */
function checkRepository(
    problems: string[],
    r: Obj,
    i: number,
    name: string | undefined,
    known: Set<string>,
    crossAccount: boolean,
    proxies: ProxyNames,
): RepositoryPlan | undefined {
    const upstreams = checkUpstreams(problems, `repositories[${i}].upstreams`, r.upstreams, known, name);
    const externalConnection = checkExternalConnection(problems, `repositories[${i}].externalConnection`, r.externalConnection);
    const chain = [...upstreams, ...(externalConnection ? [proxies.get(externalConnection) ?? proxyName(externalConnection)] : [])];
    if (chain.length > MAX_UPSTREAMS) {
        const via = externalConnection ? ` (${upstreams.length} listed + the ${externalConnection} proxy)` : "";
        problems.push(
            `repositories[${i}].upstreams: ${chain.length} upstreams${via} exceed CodeArtifact's limit of ${MAX_UPSTREAMS} per repository`,
        );
    }
    const formats = checkFormats(problems, `repositories[${i}].formats`, r.formats);
    const readers = listLeaf(problems, ["repositories", i, "readers"], r.readers, check.principal);
    const publishers = listLeaf(problems, ["repositories", i, "publishers"], r.publishers, check.principal);
    if (name === undefined) return undefined;
    return {
        name,
        index: i,
        upstreams: upstreams.filter((u) => known.has(u) && u !== name),
        externalConnection,
        chain,
        formats,
        hasPolicy: present(r.readers) || present(r.publishers) || crossAccount,
        description: new Leaf("text", ["repositories", i, "description"]),
        readers,
        publishers,
    };
}

/** The listed upstreams (unfiltered: the chain's length counts them all). */
function checkUpstreams(problems: string[], field: string, v: unknown, known: Set<string>, self: string | undefined): string[] {
    const upstreams = knownNames(problems, field, v);
    checkRepositoryRefs(problems, field, upstreams, known, self);
    upstreams.forEach((u, j) => {
        if (u === self) problems.push(`${field}: ${show(u)} names the repository itself`);
        else if (upstreams.indexOf(u) !== j) problems.push(`${field}: ${show(u)} is listed twice`);
    });
    return upstreams;
}

function checkExternalConnection(problems: string[], field: string, v: unknown): ExternalConnection | undefined {
    if (isUnknown(v)) {
        problems.push(`${field}: must be known when the program runs (it decides which proxy repository exists)`);
    } else if (v !== undefined && v !== null) {
        if (typeof v === "string" && Object.prototype.hasOwnProperty.call(EXTERNAL_CONNECTIONS, v)) return v as ExternalConnection;
        problems.push(
            `${field}: ${show(v)} is not a supported external connection (supported: ${Object.keys(EXTERNAL_CONNECTIONS).join(", ")})`,
        );
    }
    return undefined;
}

function checkFormats(problems: string[], field: string, v: unknown): PackageFormat[] {
    const formats = knownNames(problems, field, v);
    formats.forEach((f) => {
        if (!(FORMATS as readonly string[]).includes(f)) {
            problems.push(`${field}: ${show(f)} is not a CodeArtifact package format (supported: ${FORMATS.join(", ")})`);
        }
    });
    return formats as PackageFormat[];
}

/** Resource policies exist where a principal outside the platform's roles is granted anything. */
function checkPolicies(
    problems: string[],
    args: Obj,
    repositories: RepositoryPlan[],
): Pick<PlatformPlan, "crossAccountReaders" | "hasDomainPolicy"> {
    return {
        crossAccountReaders: listLeaf(problems, ["crossAccountReaders"], args.crossAccountReaders, check.accountId),
        hasDomainPolicy: present(args.crossAccountReaders) || args.organizationId !== undefined || repositories.some((r) => r.hasPolicy),
    };
}

function checkEc2Access(problems: string[], v: unknown, known: Set<string>): Ec2Plan | undefined {
    if (isUnknown(v)) {
        problems.push(`ec2Access: must be known when the program runs`);
        return undefined;
    }
    if (!v) return undefined;
    const e = v as Obj;
    const roleName = optionalLeaf(problems, ["ec2Access", "roleName"], e.roleName, check.roleName);
    const read = e.read === undefined ? [...known] : knownNames(problems, "ec2Access.read", e.read);
    const publish = knownNames(problems, "ec2Access.publish", e.publish);
    checkRepositoryRefs(problems, "ec2Access.read", read, known);
    checkRepositoryRefs(problems, "ec2Access.publish", publish, known);
    return { roleName, read, publish };
}

function checkGithubActions(problems: string[], v: unknown, known: Set<string>): GithubPlan | undefined {
    if (isUnknown(v)) {
        problems.push(`githubActions: must be known when the program runs`);
        return undefined;
    }
    if (!v) return undefined;
    const g = v as Obj;
    const oidcProviderArn = existingLeaf(problems, ["githubActions", "oidcProviderArn"], g.oidcProviderArn, check.oidcProviderArn);
    const readRoleName = optionalLeaf(problems, ["githubActions", "readRoleName"], g.readRoleName, check.roleName);
    const publishRoleName = optionalLeaf(problems, ["githubActions", "publishRoleName"], g.publishRoleName, check.roleName);
    if (g.publishRoleName !== undefined && !present(g.publishSubjects)) {
        problems.push(
            `githubActions.publishRoleName: names a publish role that is not created (set publishSubjects and publishRepositories, or drop the name)`,
        );
    }
    if (!present(g.readSubjects)) {
        problems.push(`githubActions.readSubjects: at least one subject is required (e.g. "repo:acme/app:ref:refs/heads/main")`);
    }
    const readSubjects = listLeaf(problems, ["githubActions", "readSubjects"], g.readSubjects, check.subject);
    const publishSubjects = listLeaf(problems, ["githubActions", "publishSubjects"], g.publishSubjects, check.publishSubject);
    const publishRepositories = repositoryList(problems, "githubActions.publishRepositories", g.publishRepositories, known);
    if (present(g.publishSubjects) && !present(g.publishRepositories)) {
        problems.push(`githubActions.publishRepositories: is required with publishSubjects (name the repositories CI may publish to)`);
    }
    if (!present(g.publishSubjects) && publishRepositories.length > 0) {
        problems.push(
            `githubActions.publishSubjects: is required with publishRepositories (name who may publish, e.g. "repo:acme/lib:ref:refs/tags/v*")`,
        );
    }
    return { oidcProviderArn, readRoleName, publishRoleName, readSubjects, publishSubjects, publishRepositories };
}

/** Organization read: an ID, optionally narrowed to OU paths inside that organization. */
function checkOrganization(problems: string[], args: Obj): OrganizationPlan | undefined {
    const id = args.organizationId;
    const paths = listLeaf(problems, ["organizationalUnitPaths"], args.organizationalUnitPaths, check.organizationalUnitPath);
    if (id === undefined) {
        if (present(args.organizationalUnitPaths)) {
            problems.push(`organizationalUnitPaths: needs organizationId (the paths narrow the organization's read grant)`);
        }
        return undefined;
    }
    const organizationId = existingLeaf(problems, ["organizationId"], id, check.organizationId)!;
    if (typeof id === "string" && Array.isArray(args.organizationalUnitPaths)) {
        args.organizationalUnitPaths.forEach((p, i) => {
            if (typeof p === "string" && !check.organizationalUnitPath("", p) && !p.startsWith(`${id}/`)) {
                problems.push(
                    `organizationalUnitPaths[${i}]: ${show(p)} is not in organization ${id} (a path starts with the organization ID)`,
                );
            }
        });
    }
    return { organizationId, organizationalUnitPaths: paths };
}

function checkManagedPolicies(problems: string[], v: unknown, known: Set<string>): ManagedPoliciesPlan {
    if (isUnknown(v)) {
        problems.push(`managedPolicies: must be known when the program runs (it decides which policies exist)`);
        return {};
    }
    if (!v) return {};
    const m = v as Obj;
    if (isUnknown(m.read))
        problems.push(`managedPolicies.read: must be known when the program runs (it decides whether the read policy exists)`);
    else if (m.read !== undefined && typeof m.read !== "boolean")
        problems.push(`managedPolicies.read: ${show(m.read)} must be true or false`);
    const publish = repositoryList(problems, "managedPolicies.publish", m.publish, known);
    const readName = optionalLeaf(problems, ["managedPolicies", "readPolicyName"], m.readPolicyName, check.policyName);
    const publishName = optionalLeaf(problems, ["managedPolicies", "publishPolicyName"], m.publishPolicyName, check.policyName);
    if (m.read === false && m.readPolicyName !== undefined) {
        problems.push(`managedPolicies.readPolicyName: names a read policy that is not created (managedPolicies.read is false)`);
    }
    if (publish.length === 0 && m.publishPolicyName !== undefined) {
        problems.push(
            `managedPolicies.publishPolicyName: names a publish policy that is not created (list its repositories in managedPolicies.publish)`,
        );
    }
    if (typeof m.readPolicyName === "string" && m.readPolicyName === m.publishPolicyName) {
        problems.push(
            `managedPolicies.publishPolicyName: ${show(m.publishPolicyName)} is also managedPolicies.readPolicyName (an account holds one policy per name)`,
        );
    }
    return {
        ...(m.read !== false ? { read: { name: readName } } : {}),
        ...(publish.length > 0 ? { publish: { name: publishName, repositories: publish } } : {}),
    };
}

/** An account holds one role per name: the names given to the component's roles must differ. */
function checkRoleNames(problems: string[], args: Obj): void {
    const named: [string, unknown][] = [
        ["ec2Access.roleName", (args.ec2Access as Obj | undefined)?.roleName],
        ["githubActions.readRoleName", (args.githubActions as Obj | undefined)?.readRoleName],
        ["githubActions.publishRoleName", (args.githubActions as Obj | undefined)?.publishRoleName],
    ];
    const first = new Map<string, string>();
    for (const [field, v] of named) {
        if (typeof v !== "string") continue;
        if (first.has(v)) problems.push(`${field}: ${show(v)} is also ${first.get(v)} (an account holds one role per name)`);
        else first.set(v, field);
    }
}

/** Formats whose packages have no namespace: their patterns leave it empty (`/pypi//acme~`). */
const NO_NAMESPACE: readonly PackageFormat[] = ["pypi", "nuget", "ruby", "cargo"];
const PATTERN_FORMS = `/FORMAT/*, /FORMAT/NAMESPACE~, /FORMAT/NAMESPACE/*, /FORMAT/NAMESPACE/NAME$ or /FORMAT/NAMESPACE/NAME~ (e.g. "/npm/acme/*", "/pypi//acme~")`;
/** A namespace or name: no slash, white space or suffix character inside. */
const SEGMENT = "[^/\\s~$*]+";
const PATTERN = new RegExp(`^/(${SEGMENT})/(?:\\*|(${SEGMENT})~|(${SEGMENT})?/\\*|(${SEGMENT})?/(${SEGMENT})[$~])$`);

/** CodeArtifact's package group pattern grammar; a problem, or undefined. */
export function patternProblem(field: string, v: string): string | undefined {
    if (v === "/*")
        return `${field}: "/*" is the domain's root group, which every domain already has; declare narrower groups (e.g. "/npm/acme/*")`;
    const m = PATTERN.exec(v);
    if (!m) return `${field}: ${show(v)} is not a package group pattern: ${PATTERN_FORMS}`;
    const [, format, prefix, ns, nsOfName] = m;
    if (!(FORMATS as readonly string[]).includes(format)) {
        return `${field}: ${show(v)} names ${show(format)}, not a CodeArtifact package format (supported: ${FORMATS.join(", ")})`;
    }
    const namespace = prefix ?? ns ?? nsOfName;
    if (namespace && NO_NAMESPACE.includes(format as PackageFormat)) {
        return `${field}: ${show(v)}: ${format} packages have no namespace; leave it empty (e.g. "/${format}//acme~")`;
    }
    return undefined;
}

/** Package groups: patterns decide which groups exist (and their logical names), so they must be known. */
function checkPackageGroups(problems: string[], v: unknown, known: Set<string>): PackageGroupPlan[] {
    if (v === undefined || v === null) return [];
    if (isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))) {
        problems.push(
            `packageGroups: must be known when the program runs (it decides which package groups exist), but it is computed from another resource`,
        );
        return [];
    }
    if (!Array.isArray(v)) {
        problems.push(`packageGroups: must be a list`);
        return [];
    }
    const first = new Map<string, number>();
    const groups: PackageGroupPlan[] = [];
    v.forEach((raw, i) => {
        const g = (raw ?? {}) as Obj;
        const at = `packageGroups[${i}]`;
        const pattern = knownString(problems, `${at}.pattern`, g.pattern);
        let valid = false;
        if (pattern !== undefined) {
            const p = patternProblem(`${at}.pattern`, pattern);
            if (p) problems.push(p);
            else if (first.has(pattern))
                problems.push(`${at}.pattern: ${show(pattern)} is a duplicate (also packageGroups[${first.get(pattern)}].pattern)`);
            else valid = true;
            if (valid) first.set(pattern, i);
        }
        // An empty list has no references to check, so checking them first keeps the problem order.
        const publishRepositories = repositoryList(problems, `${at}.publishRepositories`, g.publishRepositories, known);
        if (publishRepositories.length === 0 && (g.publishRepositories === undefined || Array.isArray(g.publishRepositories))) {
            problems.push(
                `${at}.publishRepositories: at least one consuming repository is required (the only repositories that may publish these packages)`,
            );
        }
        let externalUpstream: ExternalUpstream = "block";
        if (isUnknown(g.externalUpstream)) problems.push(`${at}.externalUpstream: must be known when the program runs`);
        else if (g.externalUpstream !== undefined) {
            if ((EXTERNAL_UPSTREAM_MODES as readonly unknown[]).includes(g.externalUpstream))
                externalUpstream = g.externalUpstream as ExternalUpstream;
            else problems.push(`${at}.externalUpstream: ${show(g.externalUpstream)} is not one of ${EXTERNAL_UPSTREAM_MODES.join(", ")}`);
        }
        if (valid) {
            groups.push({
                pattern: pattern!,
                publishRepositories,
                externalUpstream,
                description: new Leaf("text", ["packageGroups", i, "description"]),
                contactInfo: new Leaf("text", ["packageGroups", i, "contactInfo"]),
            });
        }
    });
    return groups;
}

/**
 * A package group that lets public registries supply its packages (`externalUpstream: "allow"`)
 * while the platform publishes them to a repository that reaches a public registry is dependency
 * confusion: a public package of the same name can take the internal one's place (the policy pack's
 * codeartifact-dependency-confusion). Published to: the group's own publishRepositories, and every
 * repository a publish grant names (publishers, ec2Access.publish, GitHub publish, managed publish).
 */
function checkExternalUpstreamAllowed(
    problems: string[],
    args: Obj,
    repositories: RepositoryPlan[],
    groups: PackageGroupPlan[],
    granted: string[],
): void {
    const connection = new Map(repositories.map((r) => [r.name, r.externalConnection]));
    /** The first public registry a repository reaches through its chain, and the repository holding it. */
    const reaches = (name: string) => {
        const via = withUpstreams({ repositories }, [name]).find((n) => connection.get(n) !== undefined);
        return via === undefined ? undefined : { via, connection: connection.get(via)! };
    };
    const list = Array.isArray(args.packageGroups) ? (args.packageGroups as unknown[]) : [];
    for (const g of groups) {
        if (g.externalUpstream !== "allow") continue;
        const i = list.findIndex((x) => (x as Obj | null)?.pattern === g.pattern);
        const offender = [...new Set([...g.publishRepositories, ...granted])].find((n) => reaches(n));
        if (offender === undefined) continue;
        const r = reaches(offender)!;
        const through = r.via === offender ? "its own proxy chain" : `its upstream ${JSON.stringify(r.via)}`;
        problems.push(
            `packageGroups[${i}].externalUpstream: "allow" lets ${r.connection} supply packages of ${show(g.pattern)} while the platform ` +
                `publishes to repository ${JSON.stringify(offender)}, which reaches ${r.connection} through ${through}: dependency confusion ` +
                `(policy codeartifact-dependency-confusion); keep the default "block", or publish this pattern only to repositories without a public upstream`,
        );
    }
}

/** Repositories a publish grant names: publishers, ec2Access.publish, GitHub publish, managed publish policy. */
function publishGrantRepositories(
    args: Obj,
    repositories: RepositoryPlan[],
    ec2?: Ec2Plan,
    github?: GithubPlan,
    managed?: ManagedPoliciesPlan,
) {
    const raw = Array.isArray(args.repositories) ? (args.repositories as unknown[]) : [];
    return [
        ...repositories.filter((r) => present((raw[r.index] as Obj | null)?.publishers)).map((r) => r.name),
        ...(ec2?.publish ?? []),
        ...(github?.publishRepositories ?? []),
        ...(managed?.publish?.repositories ?? []),
    ];
}

/** `proxyNames`: connection → repository name, e.g. an existing console "store" repository to serve as the proxy. */
function checkProxyNames(problems: string[], v: unknown): ProxyNames {
    const names: ProxyNames = new Map();
    if (v === undefined || v === null) return names;
    if (isUnknown(v) || typeof v !== "object" || Array.isArray(v)) {
        problems.push(
            isUnknown(v)
                ? `proxyNames: must be known when the program runs (it names repositories)`
                : `proxyNames: must be a map of connection to repository name`,
        );
        return names;
    }
    const first = new Map<string, string>();
    for (const [connection, name] of Object.entries(v as Obj)) {
        const field = `proxyNames[${show(connection)}]`;
        if (!Object.prototype.hasOwnProperty.call(EXTERNAL_CONNECTIONS, connection)) {
            problems.push(
                `${field}: ${show(connection)} is not a supported external connection (supported: ${Object.keys(EXTERNAL_CONNECTIONS).join(", ")})`,
            );
            continue;
        }
        const n = knownString(problems, field, name);
        if (n === undefined) continue;
        if (!REPOSITORY_NAME.test(n)) {
            problems.push(
                `${field}: ${show(n)} must be 2-100 characters of letters, digits, ".", "_" and "-", starting with a letter or digit`,
            );
        } else if (first.has(n)) {
            problems.push(`${field}: ${show(n)} is also the proxy of ${first.get(n)} (one proxy repository per connection)`);
        } else {
            first.set(n, connection);
            names.set(connection as ExternalConnection, n);
        }
    }
    return names;
}

function checkProxyNamesUsed(problems: string[], names: ProxyNames, repositories: RepositoryPlan[]): void {
    const used = new Set(repositories.map((r) => r.externalConnection).filter((c) => c));
    for (const c of names.keys()) {
        if (!used.has(c)) {
            const list = used.size > 0 ? [...used].join(", ") : "none";
            problems.push(
                `proxyNames[${show(c)}]: no repository has externalConnection ${c}, so there is no such proxy (connections used: ${list})`,
            );
        }
    }
}

/** `adopt`: the domain (with the exact key it uses) and declared repositories, imported instead of created. */
function checkAdopt(problems: string[], args: Obj, known: Set<string>, proxies: ProxyNames, repositories: RepositoryPlan[]): AdoptPlan {
    const v = args.adopt;
    if (v === undefined || v === null) return { domain: false, repositories: [] };
    if (isUnknown(v)) {
        problems.push(`adopt: must be known when the program runs (it decides what is imported)`);
        return { domain: false, repositories: [] };
    }
    const a = v as Obj;
    const domain = a.domain === true;
    if (isUnknown(a.domain)) problems.push(`adopt.domain: must be known when the program runs (it decides what is imported)`);
    else if (a.domain !== undefined && typeof a.domain !== "boolean")
        problems.push(`adopt.domain: ${show(a.domain)} must be true or false`);
    if (domain && args.kmsKeyArn === undefined) {
        problems.push(
            `adopt.domain: needs kmsKeyArn, the exact ARN of the key the domain already uses ` +
                `(without it the component would create a key, and a different key replaces the domain, deleting its packages)`,
        );
    } else if (domain && isUnknown(args.kmsKeyArn)) {
        problems.push(
            `adopt.domain: needs kmsKeyArn known when the program runs (the domain's key is checked before anything is imported)`,
        );
    }
    const names = knownNames(problems, "adopt.repositories", a.repositories);
    const proxyNamesInUse = new Set(
        repositories.filter((r) => r.externalConnection).map((r) => proxies.get(r.externalConnection!) ?? proxyName(r.externalConnection!)),
    );
    const declared = new Set([...known, ...proxyNamesInUse]);
    names.forEach((n) => {
        if (!declared.has(n)) {
            problems.push(
                `adopt.repositories: ${show(n)} is not a repository this platform declares (declared: ${[...declared].join(", ")})`,
            );
        }
    });
    return { domain, repositories: names };
}

/** `tags.team`, or `tags["cost center"]` for a key that is not an identifier. */
const tagField = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `tags.${k}` : `tags[${JSON.stringify(k)}]`);

/** Tags are checked now only (their values pass on as given). */
function checkTags(problems: string[], tags: unknown): Leaf<"tags"> {
    if (tags !== undefined && !isUnknown(tags)) {
        if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
            problems.push(`tags: must be a map of strings`);
        } else {
            for (const [k, v] of Object.entries(tags)) {
                if (k.toLowerCase().startsWith("aws:")) problems.push(`tags: key ${show(k)} uses the reserved "aws:" prefix`);
                else if (k.length < 1 || k.length > 128) problems.push(`tags: key ${show(k)} must be 1-128 characters`);
                if (!isUnknown(v) && (typeof v !== "string" || v.length > 256))
                    problems.push(`${tagField(k)}: ${show(v)} must be a string of at most 256 characters`);
            }
        }
    }
    return new Leaf("tags", ["tags"]);
}

// --- The plan of a valid input ------------------------------------------------------------------

/** One proxy per distinct connection, in the order repositories first ask for them. */
function proxiesOf(repositories: RepositoryPlan[], names: ProxyNames): ProxyPlan[] {
    const proxies: ProxyPlan[] = [];
    for (const r of repositories) {
        if (r.externalConnection && !proxies.some((p) => p.connection === r.externalConnection)) {
            proxies.push({
                connection: r.externalConnection,
                name: names.get(r.externalConnection) ?? proxyName(r.externalConnection),
                format: EXTERNAL_CONNECTIONS[r.externalConnection],
            });
        }
    }
    return proxies;
}

/** Default formats: those of the public registries reachable through the chain, else all. */
function defaultFormats(plan: PlatformPlan): void {
    const proxyFormat = new Map(plan.proxies.map((p) => [p.name, p.format]));
    for (const r of plan.repositories) {
        if (r.formats.length > 0) continue;
        const reachable = withUpstreams(plan, [r.name])
            .map((n) => proxyFormat.get(n))
            .filter((f): f is PackageFormat => !!f);
        r.formats = reachable.length > 0 ? FORMATS.filter((f) => reachable.includes(f)) : [...FORMATS];
    }
}

/**
 * Checks the peeked inputs (see inputs.ts `peek`) and returns the plan of what to create, with the
 * leaf inputs it checked. Throws one PlatformInputError listing every problem found.
 */
export function validatePlatform(input: unknown): PlatformPlan {
    const problems: string[] = [];
    const args = (input ?? {}) as Obj;
    const { domainName, kmsKeyArn } = checkDomain(problems, args);
    const dataProtection = checkDataProtection(problems, args.dataProtection);
    const proxyNames = checkProxyNames(problems, args.proxyNames);
    const { repositories, known } = checkRepositories(problems, args, proxyNames);
    checkProxyNamesUsed(problems, proxyNames, repositories);
    const adopt = checkAdopt(problems, args, known, proxyNames, repositories);
    const policies = checkPolicies(problems, args, repositories);
    const ec2 = checkEc2Access(problems, args.ec2Access, known);
    const github = checkGithubActions(problems, args.githubActions, known);
    checkRoleNames(problems, args);
    const organization = checkOrganization(problems, args);
    const managedPolicies = checkManagedPolicies(problems, args.managedPolicies, known);
    const packageGroups = checkPackageGroups(problems, args.packageGroups, known);
    checkExternalUpstreamAllowed(
        problems,
        args,
        repositories,
        packageGroups,
        publishGrantRepositories(args, repositories, ec2, github, managedPolicies),
    );
    const permissionsBoundary = optionalLeaf(problems, ["permissionsBoundary"], args.permissionsBoundary, check.policyArn);
    const tags = checkTags(problems, args.tags);
    if (problems.length > 0) throw new PlatformInputError(problems);

    const plan: PlatformPlan = {
        domainName: domainName!,
        kmsKeyArn,
        repositories: upstreamsFirst(repositories),
        proxies: proxiesOf(repositories, proxyNames),
        ...policies,
        ec2,
        github,
        organization,
        managedPolicies,
        packageGroups,
        adopt,
        permissionsBoundary,
        dataProtection,
        tags,
    };
    defaultFormats(plan);
    return plan;
}
