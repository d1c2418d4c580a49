// Generated component inputs for test/fuzz.test.ts: valid shapes built field by field, each leaf
// mutated with a drawn probability (`rate`; 0 builds only valid inputs), plus UNKNOWN markers where
// a value is not known yet, and (for runs under mocks) Outputs around arbitrary parts of the tree.
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_CONNECTIONS, ExternalConnection, FORMATS, PackageFormat } from "../../src/args";
import { UNKNOWN } from "../../src/validate";

/** The generator fast-check's `fc.gen()` hands a property. */
export type Gen = fc.GeneratorValue;
type Obj = Record<string, any>;

export const CONNECTIONS = Object.keys(EXTERNAL_CONNECTIONS) as ExternalConnection[];

export interface BuildOptions {
    /** Probability that a leaf is mutated; undefined: drawn per input (a good share of inputs is then valid). */
    rate?: number;
    /** Objects and arrays where a string, number or boolean belongs. */
    wrongTypes?: boolean;
    /** Keys of Object.prototype ("toString", "constructor", ...) where a connection or map key belongs. */
    prototypeKeys?: boolean;
    /** Tag keys with characters outside [A-Za-z0-9_] (spaces, dots, colons...). */
    anyTagKeys?: boolean;
    /** Package groups may set externalUpstream "allow" (default true). */
    allowExternalUpstream?: boolean;
    /**
     * Only what the pack's mandatory mode also accepts: publish subjects pinned to release refs of a
     * named repository, and a package group blocking external upstream wherever something publishes.
     */
    packClean?: boolean;
    /** Share of inputs with up to 12 repositories (long chains) rather than up to 4; default 0.15. */
    largeShare?: number;
    /** Leave out UNKNOWN markers (runs under mocks that must be accepted). */
    noUnknowns?: boolean;
}

export const PROTOTYPE_KEYS = ["toString", "constructor", "hasOwnProperty", "valueOf", "__proto__", "isPrototypeOf"];

export const arb = {
    account: fc.stringMatching(/^\d{12}$/),
    domainName: fc.oneof(
        fc.constantFrom("acme", "ab", "acme-platform", "a".repeat(50)),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/),
    ),
    repoName: fc
        .oneof(
            fc.constantFrom("npm-internal", "py-internal", "apps", "libs", "maven.internal", "R_2", "0a", "x".repeat(100)),
            fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{1,12}$/),
        )
        .filter((n) => !/^(proxy|store)-/.test(n)),
    iamName: fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,20}$/),
    subjectOwner: fc.stringMatching(/^[A-Za-z0-9_.-]{1,10}$/),
    subjectRest: fc.oneof(
        fc.constantFrom("*", "app:ref:refs/tags/v*", "lib:ref:refs/heads/main", "app:environment:prod", "x:pull_request"),
        fc.stringMatching(/^[A-Za-z0-9_.*:/-]{1,20}$/),
    ),
    orgId: fc.stringMatching(/^o-[a-z0-9]{10,14}$/),
    aliasName: fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/),
    rootId: fc.stringMatching(/^[a-z0-9]{4,6}$/),
    ouId: fc.stringMatching(/^[a-z0-9]{8,10}$/),
    patternSegment: fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/),
    tagKey: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/),
    anyTagKey: fc.string({ minLength: 1, maxLength: 12 }),
    uuid: fc.uuid(),
    tagValue: fc.string({ maxLength: 30 }),
    description: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 40 })),
    /** Strings that break some rule or other: every check should see a few. */
    badString: fc.oneof(
        fc.constantFrom(
            "",
            " ",
            "*",
            "a",
            "-acme",
            "Acme",
            "acme-",
            "x".repeat(101),
            "proxy-npmjs",
            "public:npm",
            "repo:*",
            "repo:acme",
            "octo/app:ref:refs/heads/main",
            "12345",
            "1111222233334",
            "arn:aws:iam::123:role/x",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:kms:us-east-1:111122223333:alias/aws/codeartifact",
            'quo"te',
            "back\\slash",
            "tab\there",
            "ünïcödé",
            "/*",
            "/exe/*",
            "/pypi/acme/*",
            "o-short",
            "keep",
        ),
        fc.string({ maxLength: 12 }),
    ),
};

/**
 * `n`, or `n-1`, `n-2`... when taken. Never loop on draws: while shrinking, fast-check hands the
 * same small value back every time.
 */
function unique(n: string, taken: string[], keep = 60): string {
    let c = n;
    for (let k = 1; taken.includes(c); k++) c = `${n.slice(0, keep)}-${k}`;
    return c;
}

const INTEGERS = new Map<string, fc.Arbitrary<number>>();
/** An integer in [min, max]; the arbitraries are built once (building one costs more than drawing from it). */
function int(min: number, max: number): fc.Arbitrary<number> {
    const key = `${min}:${max}`;
    let a = INTEGERS.get(key);
    if (!a) INTEGERS.set(key, (a = fc.integer({ min, max })));
    return a;
}

/** Builds one platform input from the generator. */
export function buildInput(g: Gen, opts: BuildOptions = {}): Obj {
    const rate = opts.rate ?? [0, 0, 0, 0.02, 0.05, 0.15, 0.4][g(int, 0, 6)];
    const coin = (p: number) => g(int, 0, 999) < p * 1000;
    const mutate = () => rate > 0 && coin(rate);
    const maybe = (p = 0.5) => coin(p);
    const pick = <T>(xs: readonly T[]): T => xs[g(int, 0, xs.length - 1)];

    /** A value of the wrong kind, or a bad string. */
    const badValue = (): unknown => {
        const kinds: (() => unknown)[] = [
            () => g(() => arb.badString),
            () => g(() => arb.badString),
            () => pick([null, 0, 42, -1, true, false]),
            ...(opts.noUnknowns ? [] : [() => UNKNOWN]),
            ...(opts.wrongTypes ? [() => pick([{}, [], ["x"], { a: 1 }, [[]], [null]])] : []),
            ...(opts.prototypeKeys ? [() => pick(PROTOTYPE_KEYS)] : []),
        ];
        return kinds[g(int, 0, kinds.length - 1)]();
    };
    /** `valid`, or (with probability `rate`) something else: one of `extra`, or any bad value. */
    const leaf = (valid: () => unknown, extra: (() => unknown)[] = []): unknown => {
        if (!mutate()) return valid();
        if (extra.length > 0 && maybe()) return extra[g(int, 0, extra.length - 1)]();
        return badValue();
    };
    /** A list of `item`s; mutated: the list itself replaced, or items mutated as leaves. */
    const list = (item: () => unknown, min: number, max: number, extra: (() => unknown)[] = []): unknown => {
        if (mutate()) {
            if (maybe()) return leaf(() => [], extra);
            if (!opts.noUnknowns && maybe()) return [item(), UNKNOWN];
        }
        const n = g(int, min, max);
        return Array.from({ length: n }, () => leaf(item, extra));
    };

    const account = () => g(() => arb.account);
    const principal = () => {
        const a = account();
        switch (pick(["id", "root", "role", "user"])) {
            case "id":
                return a;
            case "root":
                return `arn:aws:iam::${a}:root`;
            case "role":
                return `arn:aws:iam::${a}:role/${maybe(0.3) ? "ci/" : ""}${g(() => arb.iamName)}`;
            default:
                return `arn:aws:iam::${a}:user/${g(() => arb.iamName)}`;
        }
    };
    const publisher = () => (maybe(0.8) ? principal() : `arn:aws:iam::${account()}:role/${g(() => arb.iamName)}`);
    const subject = () => `repo:${g(() => arb.subjectOwner)}/${g(() => arb.subjectRest)}`;
    /** A publish subject: not one every repository of the owner matches on any branch (validation refuses those). */
    const publishSubject = () => {
        const s = subject();
        const owner = s.slice(5, s.indexOf("/"));
        return anyBranchOfEveryRepo(s, owner) ? `repo:${owner}/lib:ref:refs/tags/v*` : s;
    };
    const anyBranchSubject = () => pick(["repo:acme/*", "repo:acme/*:*", "repo:acme/*:ref:refs/heads/*", "repo:acme/?*"]);
    const releaseSubject = () =>
        `repo:${g(() => arb.subjectOwner)}/${g(() => arb.repoName)}:${maybe() ? "ref:refs/tags/v*" : "environment:release"}`;
    const badSubject = () => pick(["*", "repo:*", "repo:*/*", "repo:acme", "acme/app", "repo: acme/app", "repo:acme/a b"]);

    const input: Obj = {};
    input.domainName = leaf(() => g(() => arb.domainName));

    // --- repositories: names first, upstreams among the earlier ones (acyclic by construction) ---
    const count = g(int, 1, maybe(opts.largeShare ?? 0.15) ? 12 : 4);
    const names: string[] = [];
    while (names.length < count)
        names.push(
            unique(
                g(() => arb.repoName),
                names,
                90,
            ),
        );
    const usedConnections: ExternalConnection[] = [];
    const repos: Obj[] = names.map((name, i) => {
        const r: Obj = {};
        r.name = leaf(() => name, [() => (i > 0 ? names[0] : "proxy-pypi"), () => pick(CONNECTIONS.map((c) => `proxy-${c.slice(7)}`))]);
        const connection = maybe(0.5) ? pick(CONNECTIONS) : undefined;
        if (connection !== undefined || mutate()) {
            r.externalConnection = leaf(
                () => connection,
                [() => "public:npm", () => "npmjs", () => (opts.prototypeKeys ? pick(PROTOTYPE_KEYS) : "public:pip")],
            );
        }
        if (typeof r.externalConnection === "string" && CONNECTIONS.includes(r.externalConnection as ExternalConnection)) {
            if (!usedConnections.includes(r.externalConnection as ExternalConnection))
                usedConnections.push(r.externalConnection as ExternalConnection);
        }
        const room = Math.min(i, 10 - (connection ? 1 : 0));
        if (room > 0 && maybe(0.6)) {
            const ups: unknown[] = g(fc.shuffledSubarray, names.slice(0, i), { maxLength: room });
            if (mutate()) {
                // Unknown names, itself, twice, a later repository (a cycle when it lists this one), too many.
                const extra = pick([
                    () => ups.push("not-declared"),
                    () => ups.push(name),
                    () => ups.length > 0 && ups.push(ups[0]),
                    () => i + 1 < names.length && ups.push(names[i + 1]),
                    () => ups.push(...Array.from({ length: 11 }, (_, k) => `filler-${k}`)),
                    () => !opts.noUnknowns && ups.push(UNKNOWN),
                    () => ups.push(badValue()),
                ]);
                extra();
            }
            r.upstreams = ups;
        } else if (mutate()) {
            r.upstreams = leaf(() => [], [() => "libs", () => [42], () => [name]]);
        }
        if (maybe(0.3)) r.formats = list(() => pick(FORMATS), 1, 3, [() => "exe", () => "NPM"]);
        if (maybe(0.3)) r.description = g(() => arb.description);
        if (maybe(0.4)) r.readers = list(principal, 0, 3, [() => "*", () => "123", () => `arn:aws:iam::${account()}:group/devs`]);
        if (maybe(0.3)) r.publishers = list(publisher, 0, 2, [() => "*", () => "arn:aws:iam::*:role/x"]);
        return leaf(() => r, [() => null, () => ({})]) as Obj;
    });
    // A later repository listed upstream of an earlier one, and the earlier one upstream of it: a cycle.
    if (mutate() && names.length >= 2 && repos[1] && typeof repos[1] === "object") {
        const ups = Array.isArray(repos[1].upstreams) ? repos[1].upstreams : [];
        repos[1].upstreams = [...ups.filter((u: unknown) => u !== names[0]), names[0]];
        if (repos[0] && typeof repos[0] === "object") repos[0].upstreams = [names[1]];
    }
    input.repositories = leaf(() => repos, [() => [], () => [UNKNOWN], ...(opts.wrongTypes ? [() => "npm-internal"] : [])]);

    // --- proxyNames: a store repository name for some connections in use ---
    if (usedConnections.length > 0 && maybe(0.25)) {
        const pn: Obj = {};
        usedConnections.forEach((c, k) => {
            if (maybe()) pn[c] = leaf(() => `store-${c.slice(7)}`, [() => "store-dup", () => names[0], () => `proxy-${c.slice(7)}x`]);
            if (k === 0 && mutate()) pn[pick(opts.prototypeKeys ? [...PROTOTYPE_KEYS, "public:npm"] : ["public:npm", "npmjs"])] = "store-x";
            if (k === 0 && mutate()) pn[pick([...CONNECTIONS.filter((x) => !usedConnections.includes(x)), "public:npm"])] = "store-unused";
        });
        input.proxyNames = leaf(() => pn, [() => "store", () => ["store"]]);
    }

    const repoRef = () => (mutate() ? pick(["not-declared", "proxy-npmjs", ""]) : pick(names));
    const repoRefs = (min: number, max: number) => list(repoRef, min, Math.min(max, names.length), [() => "apps"]);

    // --- the rest, each section present at random ---
    const kms = () =>
        maybe()
            ? `arn:aws:kms:us-east-1:${account()}:key/${g(() => arb.uuid)}`
            : `arn:aws:kms:${pick(["us-east-1", "eu-west-2"])}:${account()}:alias/${g(() => arb.aliasName)}`;
    if (maybe(0.4)) input.kmsKeyArn = leaf(kms, [() => `arn:aws:kms:us-east-1:${account()}:alias/aws/codeartifact`, () => "alias/mine"]);
    if (maybe(0.3)) input.crossAccountReaders = list(account, 1, 3, [() => `arn:aws:iam::${account()}:root`, () => "12345678901"]);
    if (maybe(0.3)) input.dataProtection = leaf(() => pick(["retain", "protect", "none"]), [() => "keep", () => "Retain"]);
    if (maybe(0.3)) input.permissionsBoundary = leaf(() => `arn:aws:iam::${maybe() ? account() : "aws"}:policy/${g(() => arb.iamName)}`);

    const roleNames: string[] = [];
    const roleName = () => {
        const n = unique(
            g(() => arb.iamName),
            roleNames,
        );
        roleNames.push(n);
        return n;
    };
    if (maybe(0.4)) {
        const e: Obj = {};
        if (maybe()) e.roleName = leaf(roleName, [() => "x".repeat(65), () => "has space"]);
        if (maybe()) e.read = repoRefs(0, 3);
        if (maybe()) e.publish = repoRefs(0, 2);
        input.ec2Access = leaf(() => e, [() => null]);
    }
    if (maybe(0.4)) {
        const gh: Obj = {};
        if (maybe(0.3))
            gh.oidcProviderArn = leaf(
                () => `arn:aws:iam::${account()}:oidc-provider/token.actions.githubusercontent.com`,
                [() => `arn:aws:iam::${account()}:oidc-provider/accounts.google.com`],
            );
        gh.readSubjects = list(subject, 1, 3, [badSubject]);
        if (maybe()) {
            gh.publishSubjects = list(opts.packClean ? releaseSubject : publishSubject, 1, 2, [badSubject, anyBranchSubject]);
            gh.publishRepositories = repoRefs(1, 2);
            if (maybe()) gh.publishRoleName = leaf(roleName, [() => roleNames[0] ?? "dup"]);
        } else if (mutate()) {
            gh.publishRepositories = [names[0]];
        }
        if (maybe()) gh.readRoleName = leaf(roleName, [() => roleNames[0] ?? "dup", () => "x".repeat(65)]);
        if (mutate()) delete gh.readSubjects;
        input.githubActions = leaf(() => gh, [() => null]);
    }
    if (maybe(0.25)) {
        const org = g(() => arb.orgId);
        input.organizationId = leaf(() => org, [() => "o-short", () => "O-ABCDEFGHIJ"]);
        if (maybe()) {
            const ou = () => `${org}/r-${g(() => arb.rootId)}/ou-abcd-${g(() => arb.ouId)}/${maybe() ? "*" : ""}`;
            input.organizationalUnitPaths = list(ou, 1, 2, [() => "o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/", () => `${org}/r-ab12/`]);
        }
    } else if (mutate()) {
        input.organizationalUnitPaths = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"];
    }
    if (maybe(0.3)) {
        const m: Obj = {};
        const read = maybe(0.7) ? undefined : leaf(() => maybe(), [() => "yes"]);
        if (read !== undefined) m.read = read;
        const readName = maybe() ? g(() => arb.iamName) : undefined;
        if (readName !== undefined && m.read !== false) m.readPolicyName = leaf(() => readName, [() => "x".repeat(129)]);
        if (maybe()) {
            m.publish = repoRefs(1, 2);
            if (maybe()) m.publishPolicyName = leaf(() => `${readName ?? "p"}-publish`, [() => readName ?? "same"]);
        } else if (mutate()) m.publishPolicyName = "orphan";
        if (mutate() && m.read === false) m.readPolicyName = "orphan";
        input.managedPolicies = leaf(() => m, [() => null]);
    }
    if (maybe(0.25)) {
        const patterns: string[] = [];
        const pattern = () => {
            const f: PackageFormat = pick(FORMATS);
            const namespaced = ["npm", "maven", "generic", "swift"].includes(f);
            const seg = () => g(() => arb.patternSegment);
            const ns = namespaced ? seg() : "";
            const forms = [
                `/${f}/*`,
                `/${f}/${ns}/*`,
                `/${f}/${ns}/${seg()}$`,
                `/${f}/${ns}/${seg()}~`,
                ...(namespaced ? [`/${f}/${ns}~`] : []),
            ];
            let p = pick(forms);
            for (let k = 1; patterns.includes(p); k++) p = `/${f}/${ns}/n${k}$`;
            patterns.push(p);
            return p;
        };
        input.packageGroups = list(
            () => {
                const pg: Obj = {
                    pattern: leaf(pattern, [() => patterns[0] ?? "/*", () => "/*", () => "/npm/a b/*"]),
                    publishRepositories: repoRefs(1, 2),
                };
                // "allow" is valid only where nothing published reaches a public registry: here, no connection at all.
                const allow = opts.allowExternalUpstream !== false && usedConnections.length === 0;
                if (maybe(0.3))
                    pg.externalUpstream = leaf(() => pick(allow ? ["block", "allow"] : ["block"]), [() => "deny", () => "allow"]);
                if (maybe(0.3)) pg.description = g(() => arb.description);
                if (maybe(0.2)) pg.contactInfo = "platform@acme.example";
                return pg;
            },
            1,
            3,
        );
    }
    if (maybe(0.3)) {
        const t: Obj = {};
        const key = opts.anyTagKeys ? arb.anyTagKey : arb.tagKey;
        const n = g(int, 0, 3);
        for (let k = 0; k < n; k++) {
            const tk = g(() => key);
            if (!tk.toLowerCase().startsWith("aws:")) t[tk] = leaf(() => g(() => arb.tagValue), [() => "v".repeat(257)]);
        }
        if (mutate()) t["aws:owner"] = "me";
        if (mutate()) t["k".repeat(129)] = "long";
        input.tags = leaf(() => t, [() => "team=platform", () => ["a"]]);
    }
    if (maybe(0.15)) {
        const a: Obj = {};
        if (input.kmsKeyArn !== undefined || mutate()) a.domain = leaf(() => maybe(), [() => "yes"]);
        if (maybe()) {
            const proxyDefaults = usedConnections.map((c) => (input.proxyNames?.[c] as string | undefined) ?? `proxy-${c.slice(7)}`);
            a.repositories = list(() => pick([...names, ...proxyDefaults]), 1, 2, [() => "not-declared"]);
        }
        input.adopt = leaf(() => a, [() => null]);
    }
    if (opts.packClean) {
        const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
        const publishes =
            repos.some((r) => nonEmpty(r?.publishers)) ||
            nonEmpty(input.ec2Access?.publish) ||
            nonEmpty(input.githubActions?.publishRepositories) ||
            nonEmpty(input.managedPolicies?.publish);
        if (publishes && !nonEmpty(input.packageGroups)) {
            input.packageGroups = [{ pattern: "/npm/acme/*", publishRepositories: [names[0]] }];
        }
    }
    return input;
}

/** Does every repository of `owner` match the subject pattern on any branch (IAM StringLike, case-insensitive)? */
export function anyBranchOfEveryRepo(subject: string, owner: string): boolean {
    const body = [...subject].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${body}$`, "is").test(`repo:${owner}/any-repository-x:ref:refs/heads/any-branch-y`);
}

/** The Input form of a plain input: parts of the tree wrapped in Outputs, UNKNOWN as Pulumi's unknown. */
export function asInputs(g: Gen, v: unknown, p = 0.25): unknown {
    const wrap = (x: unknown) => (g(int, 0, 999) < p * 1000 ? pulumi.output(x) : x);
    const go = (x: unknown): unknown => {
        if (x === UNKNOWN) return pulumi.unknown;
        if (Array.isArray(x)) return wrap(x.map(go));
        if (x !== null && typeof x === "object") return wrap(Object.fromEntries(Object.entries(x).map(([k, y]) => [k, go(y)])));
        return x === undefined ? x : wrap(x);
    };
    return go(v);
}

/** JSON of a generated input, with the UNKNOWN marker shown. */
export function render(v: unknown): string {
    return JSON.stringify(v, (_k, x) => (x === UNKNOWN ? "<UNKNOWN>" : x === undefined ? "<undefined>" : x));
}
