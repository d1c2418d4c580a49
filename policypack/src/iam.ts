// Pure helpers for IAM / resource-policy documents: parsing (JSON string or object, single
// statement or list, string or list fields), case-insensitive action matching with IAM wildcards,
// CodeArtifact package-ARN scoping, principals and conditions. Everything here works on plain
// data (see unknown.ts `plain`) where UNKNOWN marks a value not known during preview, and answers
// with three-valued verdicts (true / false / UNKNOWN).

import { isUnknown, plain, Tri, triOr, Unknown, UNKNOWN } from "./unknown";

/**
 * The actions that put package content or metadata into a repository (per the AWS service
 * authorization reference for CodeArtifact): what "publish" means everywhere in the pack.
 */
export const PUBLISH_ACTIONS = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"] as const;

/**
 * The read- and list-level CodeArtifact actions a package consumer uses (per the AWS service
 * authorization reference): log in (token, endpoint), read packages from a repository, and look
 * at the domain, the repository and its packages, versions, assets, readmes and dependencies.
 */
export const READ_ACTIONS = [
    "codeartifact:ReadFromRepository",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:GetAuthorizationToken",
    "codeartifact:DescribeDomain",
    "codeartifact:DescribeRepository",
    "codeartifact:DescribePackage",
    "codeartifact:DescribePackageVersion",
    "codeartifact:GetPackageVersionAsset",
    "codeartifact:GetPackageVersionReadme",
    "codeartifact:ListPackages",
    "codeartifact:ListPackageVersions",
    "codeartifact:ListPackageVersionAssets",
    "codeartifact:ListPackageVersionDependencies",
] as const;

export const BEARER_TOKEN_ACTION = "sts:GetServiceBearerToken";
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/** A field that may be a string or a list of strings; each element may be UNKNOWN, or the whole field. */
export type StrList = (string | Unknown)[] | Unknown;

export interface Statement {
    /** 1-based position in the document. */
    index: number;
    sid?: string;
    effect: string | Unknown | undefined;
    action?: StrList;
    notAction?: StrList;
    resource?: StrList;
    notResource?: StrList;
    /** Plain principal value ("*", {AWS: ...}, {Federated: ...}, ...), UNKNOWN or undefined. */
    principal?: unknown;
    notPrincipal?: unknown;
    /** Plain condition block, UNKNOWN or undefined. */
    condition?: unknown;
}

export type ParsedDocument =
    | { kind: "absent" }
    | { kind: "unknown" }
    | { kind: "invalid"; reason: string }
    | { kind: "document"; statements: (Statement | Unknown)[] };

/** Case-insensitive lookup of a key in a plain object (IAM element names are case-sensitive, but be lenient). */
function field(obj: Record<string, unknown>, name: string): unknown {
    if (name in obj) {
        return obj[name];
    }
    const lower = name.toLowerCase();
    for (const k of Object.keys(obj)) {
        if (k.toLowerCase() === lower) {
            return obj[k];
        }
    }
    return undefined;
}

function toStrList(v: unknown): StrList | undefined {
    if (v === undefined || v === null) {
        return undefined;
    }
    if (isUnknown(v)) {
        return UNKNOWN;
    }
    if (typeof v === "string") {
        return [v];
    }
    if (Array.isArray(v)) {
        return v.filter((e) => typeof e === "string" || isUnknown(e)) as (string | Unknown)[];
    }
    return [];
}

// Parsed JSON documents by their text: every rule reads the same documents, in Analyze and again in
// each stack policy, and parsing is most of what a document rule costs. The parse is a pure function
// of the string, so any entry is right for any caller; callers never mutate a ParsedDocument.
const parsedByText = new Map<string, ParsedDocument>();
const PARSED_BY_TEXT_MAX = 5000;

/** Parses a policy document given as a JSON string or an object (plain data, see unknown.ts). */
export function parseDocument(value: unknown): ParsedDocument {
    if (typeof value !== "string" || value === "") {
        return parseValue(value);
    }
    let parsed = parsedByText.get(value);
    if (!parsed) {
        parsed = parseValue(value);
        if (parsedByText.size >= PARSED_BY_TEXT_MAX) {
            parsedByText.clear();
        }
        parsedByText.set(value, parsed);
    }
    return parsed;
}

function parseValue(value: unknown): ParsedDocument {
    if (value === undefined || value === null || value === "") {
        return { kind: "absent" };
    }
    if (isUnknown(value)) {
        return { kind: "unknown" };
    }
    let doc: unknown = value;
    if (typeof value === "string") {
        try {
            // plain() maps engine sentinels that ended up inside a JSON string to UNKNOWN too.
            doc = plain(JSON.parse(value));
        } catch (e) {
            return { kind: "invalid", reason: `not valid JSON (${(e as Error).message})` };
        }
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        return { kind: "invalid", reason: "not a JSON object" };
    }
    const raw = field(doc as Record<string, unknown>, "Statement");
    if (isUnknown(raw)) {
        return { kind: "document", statements: [UNKNOWN] };
    }
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const statements: (Statement | Unknown)[] = [];
    list.forEach((s, i) => {
        if (isUnknown(s)) {
            statements.push(UNKNOWN);
            return;
        }
        if (typeof s !== "object" || s === null) {
            return;
        }
        const o = s as Record<string, unknown>;
        const sid = field(o, "Sid");
        const effect = field(o, "Effect");
        statements.push({
            index: i + 1,
            sid: typeof sid === "string" ? sid : undefined,
            effect: typeof effect === "string" || isUnknown(effect) ? effect : undefined,
            action: toStrList(field(o, "Action")),
            notAction: toStrList(field(o, "NotAction")),
            resource: toStrList(field(o, "Resource")),
            notResource: toStrList(field(o, "NotResource")),
            principal: field(o, "Principal"),
            notPrincipal: field(o, "NotPrincipal"),
            condition: field(o, "Condition"),
        });
    });
    return { kind: "document", statements };
}

/** "statement #2 (Sid \"Publish\")" */
export function describeStatement(s: Statement): string {
    return s.sid ? `statement #${s.index} (Sid "${s.sid}")` : `statement #${s.index}`;
}

const globCache = new Map<string, RegExp>();

/** IAM-style glob match: `*` any run of characters, `?` one character; case-insensitive. */
export function globMatch(pattern: string, value: string): boolean {
    let re = globCache.get(pattern);
    if (!re) {
        const body = pattern
            .trim()
            .split("")
            .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("");
        re = new RegExp(`^${body}$`, "is");
        if (globCache.size > 5000) {
            globCache.clear();
        }
        globCache.set(pattern, re);
    }
    return re.test(value.trim());
}

export function hasWildcard(s: string): boolean {
    return s.includes("*") || s.includes("?");
}

export function isAllow(s: Statement): Tri {
    if (isUnknown(s.effect)) {
        return UNKNOWN;
    }
    return typeof s.effect === "string" && s.effect.trim().toLowerCase() === "allow";
}

/** Patterns of the statement's Action (or NotAction) element that cover `action`. */
export function matchingActionPatterns(s: Statement, action: string): string[] {
    const list = s.action !== undefined ? s.action : s.notAction;
    if (!list || isUnknown(list)) {
        return [];
    }
    return list.filter((p): p is string => typeof p === "string" && globMatch(p, action));
}

/** Does the statement's Action / NotAction element let `action` through? */
export function coversAction(s: Statement, action: string): Tri {
    if (s.action !== undefined) {
        if (isUnknown(s.action)) {
            return UNKNOWN;
        }
        return triOr(s.action.map((p) => (isUnknown(p) ? UNKNOWN : globMatch(p, action))));
    }
    if (s.notAction !== undefined) {
        if (isUnknown(s.notAction)) {
            return UNKNOWN;
        }
        let unknown = false;
        for (const p of s.notAction) {
            if (isUnknown(p)) {
                unknown = true;
            } else if (globMatch(p, action)) {
                return false; // excluded
            }
        }
        return unknown ? UNKNOWN : true;
    }
    return false;
}

/** The actions among `actions` that an Allow statement grants (true), may grant (UNKNOWN) or not. */
export function grantedActions(s: Statement, actions: readonly string[]): { granted: string[]; unknown: boolean } {
    const granted: string[] = [];
    let unknown = false;
    for (const a of actions) {
        const c = coversAction(s, a);
        if (c === true) {
            granted.push(a);
        } else if (isUnknown(c)) {
            unknown = true;
        }
    }
    return { granted, unknown };
}

/** How the statement names the action: `via "codeartifact:*"`, or `(NotAction leaves it allowed)`. */
export function actionVia(s: Statement, action: string): string {
    if (s.action !== undefined) {
        const pats = matchingActionPatterns(s, action);
        return pats.length > 0 ? `via Action ${pats.map((p) => JSON.stringify(p)).join(", ")}` : "";
    }
    return "via a NotAction list that does not exclude it";
}

interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

export function parseArn(s: string): Arn | undefined {
    const parts = s.trim().split(":");
    if (parts.length < 6 || parts[0].toLowerCase() !== "arn") {
        return undefined;
    }
    return {
        partition: parts[1],
        service: parts[2],
        region: parts[3],
        account: parts[4],
        resource: parts.slice(5).join(":"),
    };
}

/** Can `prefix` (a glob without `*`) be the beginning of some `arn:PARTITION:codeartifact:...` ARN? */
function couldStartCodeArtifactArn(prefix: string): boolean {
    const fields = prefix.trim().split(":");
    const expect = ["arn", undefined, "codeartifact"];
    for (let i = 0; i < fields.length && i < expect.length; i++) {
        const want = expect[i];
        if (want === undefined) {
            continue;
        }
        const f = fields[i];
        const last = i === fields.length - 1;
        // A complete field must match; the last (partial) field must match a prefix of it.
        const ok = last ? globMatch(f + "*", want) : globMatch(f, want);
        if (!ok) {
            return false;
        }
    }
    return true;
}

/**
 * Is a Resource pattern a wildcard with respect to CodeArtifact package ARNs, i.e. does it cover
 * packages of any domain or any repository? `arn:aws:codeartifact:us-east-1:111122223333:package/acme/npm-internal/*`
 * is scoped (wildcards in the trailing format/namespace/name segments are fine); `*`,
 * `arn:aws:codeartifact:*:*:*`, `.../package/acme/*` and `.../package/acme/npm-*` / `.../package/*\/npm/*` are not.
 * Returns a short reason when it is a wildcard, undefined when it is scoped (or cannot name a package).
 */
export function packageWildcardReason(pattern: string): string | undefined {
    const p = pattern.trim();
    if (p === "*") {
        return `Resource "*"`;
    }
    const arn = parseArn(p);
    if (!arn) {
        // Fewer than six ARN fields: a `*` spans the rest of any package ARN, so the pattern is a
        // wildcard if what precedes its first `*` can start a CodeArtifact ARN.
        const star = p.indexOf("*");
        if (star >= 0 && couldStartCodeArtifactArn(p.slice(0, star))) {
            return `Resource ${JSON.stringify(p)} spans every ARN field after its wildcard`;
        }
        return undefined;
    }
    if (!globMatch(arn.service, "codeartifact")) {
        return undefined; // not a CodeArtifact resource: grants no publish
    }
    const segs = arn.resource.split("/");
    const type = segs[0];
    if (hasWildcard(type)) {
        // "*", "pack*", "?ackage": the type segment (and a trailing `*` the rest) can be a package ARN.
        if (globMatch(type, "package") || globMatch(type, "package/x")) {
            return `resource segment ${JSON.stringify(arn.resource)} covers every domain`;
        }
        return undefined;
    }
    if (type.toLowerCase() !== "package") {
        return undefined; // domain / repository / package-group ARNs do not carry publish
    }
    const domain = segs[1];
    const repo = segs[2];
    if (domain === undefined || domain === "") {
        return undefined; // "package" alone matches no package ARN
    }
    if (hasWildcard(domain)) {
        return `domain segment ${JSON.stringify(domain)} is a wildcard`;
    }
    if (repo === undefined || repo === "") {
        return undefined; // "package/acme" matches no package ARN
    }
    if (hasWildcard(repo)) {
        return `repository segment ${JSON.stringify(repo)} is a wildcard`;
    }
    return undefined;
}

/** Is the principal public: "*", {AWS: "*"} or {AWS: [..., "*"]}? */
export function isPublicPrincipal(principal: unknown): Tri {
    if (principal === undefined || principal === null) {
        return false;
    }
    if (isUnknown(principal)) {
        return UNKNOWN;
    }
    if (typeof principal === "string") {
        return principal.trim() === "*";
    }
    if (typeof principal === "object" && !Array.isArray(principal)) {
        const aws = field(principal as Record<string, unknown>, "AWS");
        if (aws === undefined) {
            return false;
        }
        if (isUnknown(aws)) {
            return UNKNOWN;
        }
        const list = Array.isArray(aws) ? aws : [aws];
        return triOr(list.map((v) => (isUnknown(v) ? UNKNOWN : typeof v === "string" && v.trim() === "*")));
    }
    return false;
}

/** Principal of a resource-policy statement is everyone: public Principal, or an Allow with NotPrincipal. */
export function grantsToEveryone(s: Statement): Tri {
    if (s.notPrincipal !== undefined && s.notPrincipal !== null) {
        return true;
    }
    return isPublicPrincipal(s.principal);
}

export interface ConditionEntry {
    operator: string;
    key: string;
    values: (string | Unknown)[] | Unknown;
}

/** Flattens a Condition block into (operator, key, values); UNKNOWN if the block itself is unknown. */
export function conditionEntries(condition: unknown): ConditionEntry[] | Unknown {
    if (condition === undefined || condition === null) {
        return [];
    }
    if (isUnknown(condition)) {
        return UNKNOWN;
    }
    if (typeof condition !== "object" || Array.isArray(condition)) {
        return [];
    }
    const out: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
        if (isUnknown(block)) {
            out.push({ operator, key: "*", values: UNKNOWN });
            continue;
        }
        if (typeof block !== "object" || block === null || Array.isArray(block)) {
            continue;
        }
        for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
            let values: (string | Unknown)[] | Unknown;
            if (isUnknown(raw)) {
                values = UNKNOWN;
            } else {
                const list = Array.isArray(raw) ? raw : [raw];
                values = list
                    .filter((v) => typeof v === "string" || typeof v === "boolean" || typeof v === "number" || isUnknown(v))
                    .map((v) => (isUnknown(v) ? UNKNOWN : String(v)));
            }
            out.push({ operator, key, values });
        }
    }
    return out;
}

/** Operators that restrict (as opposed to negate or test for presence). */
export function isRestrictingOperator(op: string): boolean {
    const o = op.toLowerCase().replace(/ifexists$/, "");
    const base = o.includes(":") ? o.split(":")[1] : o;
    return !base.includes("not") && base !== "null";
}

/** Parsed identity of a Federated principal: "oidc" (with its issuer host/path), "other" or UNKNOWN. */
export function federatedProviders(principal: unknown): { oidc: string[]; other: string[]; unknown: boolean } {
    const res = { oidc: [] as string[], other: [] as string[], unknown: false };
    if (principal === undefined || principal === null || typeof principal !== "object" || Array.isArray(principal)) {
        if (isUnknown(principal)) {
            res.unknown = true;
        }
        return res;
    }
    const fed = field(principal as Record<string, unknown>, "Federated");
    if (fed === undefined) {
        return res;
    }
    const list = isUnknown(fed) ? [UNKNOWN] : Array.isArray(fed) ? fed : [fed];
    for (const f of list) {
        if (isUnknown(f)) {
            res.unknown = true;
        } else if (typeof f === "string") {
            const m = /:oidc-provider\/(.+)$/i.exec(f.trim());
            if (m) {
                res.oidc.push(m[1]);
            } else {
                // "cognito-identity.amazonaws.com", "accounts.google.com", SAML provider ARNs, ...
                res.other.push(f);
            }
        }
    }
    return res;
}
