// The aws-native types the stand-in answers for (@pulumi/aws-native 1.79.0, which drives AWS Cloud
// Control). Each type is described by its input schema — SDK property names and types as the
// provider checks them, plus the CloudFormation names and constraints Cloud Control validates at
// create/update time — and turned into the same ResourceSpec the aws types use, so check, diff,
// create and update are shared with the aws stand-in.
//
// Sources: the SDK (`@pulumi/aws-native` 1.79.0: required args, `replaceOnChanges`) and, in
// pulumi/pulumi-aws-native, aws-cloudformation-schema/aws-<service>-<type>.json (CloudFormation
// names, patterns, lengths, enums, createOnlyProperties, primaryIdentifier),
// provider/pkg/autonaming/spec.go (which property is autonamed), provider/pkg/resources/validate.go
// (Check's messages), provider/pkg/default_tags/merging.go (defaultTags), provider/pkg/client
// (error shapes).
import { randomUUID } from "crypto";
import {
    CODEARTIFACT_DOMAIN_PATTERN,
    CODEARTIFACT_REPOSITORY_PATTERN,
    EXTERNAL_CONNECTIONS,
    arn,
    iamUniqueId,
    join,
    nowRfc3339,
    uuidFrom,
} from "./aws";
import { CheckFailure, Computed, Ctx, ResourceSpec, keep, known, or, seed } from "./resources";
import { PropertyMap, UNKNOWN, Value, containsUnknown, isAbsent, isObject, isUnknown } from "./values";

// ---------------------------------------------------------------------------------------------
// input schema

type Kind = "string" | "integer" | "boolean" | "array" | "object" | "any";

interface Prop {
    /** SDK type, as the provider's Check validates it. */
    kind: Kind;
    /** CloudFormation property name (for Cloud Control's model validation messages). */
    cfn: string;
    items?: Prop;
    props?: { [sdk: string]: Prop };
    /** Nested required properties (SDK names); Cloud Control checks them, Check does not. */
    required?: string[];
    enum?: string[];
    pattern?: RegExp;
    minLength?: number;
    maxLength?: number;
    /** CloudFormation type `object` only: a JSON string is refused by model validation. */
    objectOnly?: boolean;
}

function str(cfn: string, c: Partial<Prop> = {}): Prop {
    return { kind: "string", cfn, ...c };
}
function list(cfn: string, items: Prop): Prop {
    return { kind: "array", cfn, items };
}
function obj(cfn: string, props: { [sdk: string]: Prop }, required: string[] = []): Prop {
    return { kind: "object", cfn, props, required };
}
function doc(cfn: string, objectOnly: boolean): Prop {
    return { kind: "any", cfn, objectOnly };
}

const CODEARTIFACT_TAGS = list(
    "Tags",
    obj("", { key: str("Key", { minLength: 1, maxLength: 128 }), value: str("Value", { minLength: 1, maxLength: 256 }) }, ["key", "value"]),
);
const IAM_TAGS = list("Tags", obj("", { key: str("Key"), value: str("Value") }, ["key", "value"]));
const DOMAIN_NAME = str("DomainName", { pattern: CODEARTIFACT_DOMAIN_PATTERN, minLength: 2, maxLength: 50 });
const DOMAIN_OWNER = str("DomainOwner", { pattern: /^[0-9]{12}$/ });

const RESTRICTION = obj(
    "",
    {
        restrictionMode: str("RestrictionMode", { enum: ["ALLOW", "BLOCK", "ALLOW_SPECIFIC_REPOSITORIES", "INHERIT"] }),
        repositories: list("Repositories", str("")),
    },
    ["restrictionMode"],
);

// ---------------------------------------------------------------------------------------------
// Check (the provider's own validation, provider/pkg/resources/validate.go)

function kindOk(kind: Kind, v: unknown): boolean {
    switch (kind) {
        case "string":
            return typeof v === "string";
        case "integer":
            return typeof v === "number" && Number.isInteger(v);
        case "boolean":
            return typeof v === "boolean";
        case "array":
            return Array.isArray(v);
        case "object":
            return isObject(v);
        default:
            return true;
    }
}

const KIND_WORD: { [k in Kind]: string } = {
    string: "a string",
    integer: "an integer",
    boolean: "a bool",
    array: "an array",
    object: "an object",
    any: "any value",
};

function checkValue(p: Prop, path: string, v: unknown, out: CheckFailure[]): void {
    if (v === null || v === undefined || isUnknown(v)) {
        return;
    }
    if (!kindOk(p.kind, v)) {
        out.push({ property: path, reason: `${path} must be ${KIND_WORD[p.kind]}` });
        return;
    }
    if (p.kind === "array" && p.items) {
        (v as unknown[]).forEach((x, n) => checkValue(p.items!, `${path}[${n}]`, x, out));
    } else if (p.kind === "object" && p.props) {
        checkProps(p.props, path, v as PropertyMap, out);
    }
}

/** Declared properties are addressed `a/b`, unknown ones `a.b`: that is how validate.go spells them. */
function checkProps(props: { [sdk: string]: Prop }, path: string, v: PropertyMap, out: CheckFailure[]): void {
    for (const [k, p] of Object.entries(props)) {
        checkValue(p, path === "" ? k : `${path}/${k}`, v[k], out);
    }
    for (const k of Object.keys(v)) {
        if (!(k in props)) {
            const at = path === "" ? k : `${path}.${k}`;
            out.push({ property: at, reason: `unknown property ${at}` });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cloud Control: model validation (everit JSON-schema messages, as CloudFormation reports them) and
// the error shapes pulumi-aws-native surfaces (provider/pkg/client/client.go, hook_error.go).

function modelErrors(p: Prop, path: string, v: unknown, out: string[]): void {
    if (v === null || v === undefined) {
        return;
    }
    if (p.objectOnly && typeof v === "string") {
        out.push(`${path}: expected type: JSONObject, found: String`);
        return;
    }
    if (typeof v === "string") {
        if (p.enum && !p.enum.includes(v)) {
            out.push(`${path}: failed validation constraint for keyword [enum]`);
        }
        if (p.minLength !== undefined && v.length < p.minLength) {
            out.push(`${path}: expected minLength: ${p.minLength}, actual: ${v.length}`);
        } else if (p.maxLength !== undefined && v.length > p.maxLength) {
            out.push(`${path}: expected maxLength: ${p.maxLength}, actual: ${v.length}`);
        } else if (p.pattern && !p.pattern.test(v)) {
            out.push(`${path}: failed validation constraint for keyword [pattern]`);
        }
    } else if (Array.isArray(v) && p.items) {
        v.forEach((x, n) => modelErrors(p.items!, `${path}/${n}`, x, out));
    } else if (isObject(v) && p.props) {
        for (const r of p.required ?? []) {
            if (isAbsent(v[r])) {
                out.push(`${path}: required key [${p.props[r].cfn}] not found`);
            }
        }
        for (const [k, sub] of Object.entries(p.props)) {
            modelErrors(sub, `${path}/${sub.cfn}`, v[k], out);
        }
    }
}

type Op = "create" | "update";

const CC_OPERATION: { [op in Op]: string } = { create: "CreateResource", update: "UpdateResource" };

/** A synchronous Cloud Control API error (e.g. model validation) as the provider reports it. */
export function cloudControlApiError(op: Op, code: string, message: string, status = 400): string {
    const text = `operation error CloudControl: ${CC_OPERATION[op]}, https response error StatusCode: ${status}, RequestID: ${randomUUID()}, api error ${code}: ${message}`;
    // client.Create wraps its error once ("creating resource: ..."), provider.Create again.
    return op === "create" ? `creating resource: creating resource: ${text}` : text;
}

/** A failed resource operation (the handler's ProgressEvent), as hook_error.go formats it. */
export function handlerError(op: Op | "delete", errorCode: string, statusMessage: string): string {
    const text = `operation ${op.toUpperCase()} failed with ${JSON.stringify(errorCode)}: ${statusMessage}`;
    return op === "create" ? `creating resource: creating resource: ${text}` : text;
}

/**
 * The status message of a CloudFormation handler refusing a request the service refused with a
 * ValidationException: the CodeArtifact handlers throw `new CfnInvalidRequestException(e)`, whose
 * message is the AWS SDK for Java v2 exception's (`<message> (Service: Codeartifact, Status Code:
 * 400, Request ID: <id>)`, cloudformation-cli-java-plugin BaseHandlerException(cause, code)).
 */
function invalidRequest(service: string, message: string): string {
    return `${message} (Service: ${service}, Status Code: 400, Request ID: ${randomUUID()})`;
}

// ---------------------------------------------------------------------------------------------
// resource definitions

interface NativeResource {
    /** CloudFormation type name, e.g. AWS::CodeArtifact::Domain. */
    cfType: string;
    /** The property the CloudFormation handler names the resource by in its messages. */
    identifierProp: string;
    /** primaryIdentifier is an input (Role, RolePolicy), so Cloud Control reports it even when the create fails. */
    identifierIsInput: boolean;
    inputs: { [sdk: string]: Prop };
    /** Required args of the 1.79.0 SDK (an autonamed property is optional there). */
    required: string[];
    /** The SDK's replaceOnChanges (CloudFormation createOnlyProperties). */
    createOnly: string[];
    /** provider/pkg/autonaming/spec.go: `<TypeName>Name`, or the one `*Name` whose prefix ends the type name. */
    autoName?: { property: string; maxLength: number };
    tags: boolean;
    computed: string[];
    /** What an input left out means (the CloudFormation schema's `default`). */
    defaults?: PropertyMap;
    /** What the Cloud Control handler (the service) refuses after model validation. */
    handlerValidate?(inputs: PropertyMap, ctx: Ctx): string | undefined;
    outputs(inputs: PropertyMap, ctx: Ctx, old?: PropertyMap): Computed;
}

function toSpec(r: NativeResource): ResourceSpec {
    return {
        required: r.required,
        replaceOnChanges: r.createOnly,
        regional: false,
        taggable: false,
        tagList: r.tags,
        autoName: r.autoName,
        computed: r.computed,
        // Read-only properties that are also inputs (a domain's encryptionKey, a repository's domainOwner).
        optionalComputed: r.computed.filter((k) => k in r.inputs),
        defaults: r.defaults,
        validate(inputs) {
            const failures: CheckFailure[] = [];
            checkProps(r.inputs, "", inputs, failures);
            return failures;
        },
        apiValidate(inputs, ctx, op) {
            const errors: string[] = [];
            for (const [k, p] of Object.entries(r.inputs)) {
                modelErrors(p, `#/${p.cfn}`, inputs[k], errors);
            }
            if (errors.length > 0) {
                return cloudControlApiError(op, "ValidationException", `Model validation failed (${errors.join(", ")})`);
            }
            const statusMessage = r.handlerValidate?.(inputs, ctx);
            if (statusMessage === undefined) {
                return undefined;
            }
            const text = handlerError(op, "InvalidRequest", statusMessage);
            // client.Create wraps once more only when Cloud Control returned no identifier; it does
            // return one when the primary identifier is an input (Role, RolePolicy).
            return op === "create" && r.identifierIsInput ? text.replace(/^creating resource: /, "") : text;
        },
        outputs: r.outputs,
    };
}

/** The AWS-managed key aws/codeartifact of the account and region (used when no encryptionKey is given). */
function awsManagedKey(ctx: Ctx): string {
    const { region, accountId } = ctx.config;
    return arn(ctx.config.partition.partition, "kms", region, accountId, `key/${uuidFrom(accountId, region, "alias/aws/codeartifact")}`);
}

function codeartifactArn(ctx: Ctx, owner: Value, resource: string): string {
    return arn(ctx.config.partition.partition, "codeartifact", ctx.config.region, String(owner), resource);
}

const domain: NativeResource = {
    cfType: "AWS::CodeArtifact::Domain",
    identifierProp: "domainName",
    identifierIsInput: false,
    inputs: {
        domainName: DOMAIN_NAME,
        encryptionKey: str("EncryptionKey"),
        permissionsPolicyDocument: doc("PermissionsPolicyDocument", true),
        tags: CODEARTIFACT_TAGS,
    },
    required: [],
    createOnly: ["domainName", "encryptionKey"],
    autoName: { property: "domainName", maxLength: 50 },
    tags: true,
    computed: ["arn", "name", "owner", "encryptionKey"],
    outputs(i, ctx) {
        const account = ctx.config.accountId;
        const domainArn = isUnknown(i.domainName) ? UNKNOWN : codeartifactArn(ctx, account, `domain/${i.domainName}`);
        const outs: PropertyMap = {
            ...i,
            arn: domainArn,
            name: i.domainName,
            owner: account,
            encryptionKey: isAbsent(i.encryptionKey) ? awsManagedKey(ctx) : i.encryptionKey,
        };
        return { id: domainArn, outs };
    },
};

const repository: NativeResource = {
    cfType: "AWS::CodeArtifact::Repository",
    identifierProp: "repositoryName",
    identifierIsInput: false,
    inputs: {
        repositoryName: str("RepositoryName", { pattern: CODEARTIFACT_REPOSITORY_PATTERN, minLength: 2, maxLength: 100 }),
        domainName: DOMAIN_NAME,
        domainOwner: DOMAIN_OWNER,
        description: str("Description", { maxLength: 1000 }),
        externalConnections: list("ExternalConnections", str("")),
        upstreams: list("Upstreams", str("")),
        permissionsPolicyDocument: doc("PermissionsPolicyDocument", true),
        tags: CODEARTIFACT_TAGS,
    },
    required: ["domainName"],
    createOnly: ["domainName", "domainOwner", "repositoryName"],
    autoName: { property: "repositoryName", maxLength: 100 },
    tags: true,
    computed: ["arn", "name", "domainOwner"],
    handlerValidate(i) {
        const ups = Array.isArray(i.upstreams) ? i.upstreams : [];
        if (ups.length > 10) {
            return invalidRequest("Codeartifact", `a repository can have at most 10 upstream repositories, got ${ups.length}`);
        }
        if (ups.includes(i.repositoryName)) {
            return invalidRequest("Codeartifact", `repository ${JSON.stringify(i.repositoryName)} cannot be its own upstream`);
        }
        const dup = ups.find((u, k) => ups.indexOf(u) !== k);
        if (dup !== undefined) {
            return invalidRequest("Codeartifact", `upstream repository ${JSON.stringify(dup)} is listed twice`);
        }
        const ecs = Array.isArray(i.externalConnections) ? i.externalConnections : [];
        if (ecs.length > 1) {
            return invalidRequest("Codeartifact", `a repository can have at most one external connection, got ${ecs.length}`);
        }
        const unknownConnection = ecs.find((c) => typeof c === "string" && !(c in EXTERNAL_CONNECTIONS));
        if (unknownConnection !== undefined) {
            return invalidRequest(
                "Codeartifact",
                `unknown external connection ${JSON.stringify(unknownConnection)} (known: ${Object.keys(EXTERNAL_CONNECTIONS).join(", ")})`,
            );
        }
        return undefined;
    },
    outputs(i, ctx) {
        const owner = or(i.domainOwner, ctx.config.accountId);
        const repoArn = containsUnknown([i.domainName, i.repositoryName, owner])
            ? UNKNOWN
            : codeartifactArn(ctx, owner, `repository/${i.domainName}/${i.repositoryName}`);
        const outs: PropertyMap = { ...i, arn: repoArn, name: i.repositoryName, domainOwner: owner };
        return { id: repoArn, outs };
    },
};

/**
 * The ARN form of a package group pattern: `/npm/acme/*` → `/npm/acme/%2a`. The CloudFormation
 * handler decodes the ARN's trailing part with URLDecoder and its tests show `*` as `%2a`, `$` as
 * `%24` and `%` as `%25` (aws-cloudformation-resource-providers-codeartifact,
 * aws-codeartifact-packagegroup AbstractPackageGroupArn(Test).java); `/` and `~` stay as they are.
 */
export function encodePackageGroupPattern(pattern: string): string {
    return pattern.replace(/[^A-Za-z0-9\-._~/]/g, (c) =>
        Array.from(Buffer.from(c, "utf8"))
            .map((b) => "%" + b.toString(16).padStart(2, "0"))
            .join(""),
    );
}

export const PACKAGE_FORMATS = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"];
const FORMATS_WITHOUT_NAMESPACE = ["pypi", "nuget"];

/**
 * The pattern forms of "Package group definition syntax and matching behavior" (CodeArtifact
 * User Guide): `/*`, `/FORMAT/*`, `/FORMAT/NAMESPACE~`, `/FORMAT/NAMESPACE/*`,
 * `/FORMAT/NAMESPACE/NAME~`, `/FORMAT/NAMESPACE/NAME$`; formats without namespaces (pypi, nuget)
 * have an empty namespace. Returns why a pattern is not one of them.
 */
export function packageGroupPatternProblem(pattern: string): string | undefined {
    if (pattern === "/*") {
        return undefined;
    }
    const m = /^\/([^/]+)\/(.*)$/.exec(pattern);
    if (!m) {
        return `package group pattern ${JSON.stringify(pattern)} must start with /FORMAT/ (or be /*)`;
    }
    const [, format, rest] = m;
    if (!PACKAGE_FORMATS.includes(format)) {
        return `package group pattern ${JSON.stringify(pattern)}: unknown package format ${JSON.stringify(format)} (known: ${PACKAGE_FORMATS.join(", ")})`;
    }
    const forms = [/^\*$/, /^[^/*$~]*~$/, /^[^/*$~]*\/\*$/, /^[^/*$~]*\/[^/*$~]+[~$]$/];
    if (!forms.some((f) => f.test(rest))) {
        return (
            `package group pattern ${JSON.stringify(pattern)} is not one of /FORMAT/*, /FORMAT/NAMESPACE~, /FORMAT/NAMESPACE/*, ` +
            `/FORMAT/NAMESPACE/NAME~, /FORMAT/NAMESPACE/NAME$`
        );
    }
    const namespace = rest.includes("/") ? rest.slice(0, rest.indexOf("/")) : rest.replace(/~$/, "");
    if (FORMATS_WITHOUT_NAMESPACE.includes(format) && namespace !== "" && rest !== "*") {
        return `package group pattern ${JSON.stringify(pattern)}: ${format} packages have no namespace (use /${format}//NAME...)`;
    }
    return undefined;
}

const packageGroup: NativeResource = {
    cfType: "AWS::CodeArtifact::PackageGroup",
    identifierProp: "pattern",
    identifierIsInput: false,
    inputs: {
        domainName: DOMAIN_NAME,
        domainOwner: DOMAIN_OWNER,
        pattern: str("Pattern", { minLength: 2, maxLength: 520 }),
        contactInfo: str("ContactInfo", { maxLength: 1000 }),
        description: str("Description", { maxLength: 1000 }),
        originConfiguration: obj(
            "OriginConfiguration",
            {
                restrictions: obj("Restrictions", {
                    publish: { ...RESTRICTION, cfn: "Publish" },
                    externalUpstream: { ...RESTRICTION, cfn: "ExternalUpstream" },
                    internalUpstream: { ...RESTRICTION, cfn: "InternalUpstream" },
                }),
            },
            ["restrictions"],
        ),
        tags: CODEARTIFACT_TAGS,
    },
    required: ["domainName", "pattern"],
    createOnly: ["domainName", "pattern"],
    tags: true,
    computed: ["arn", "domainOwner"],
    handlerValidate(i) {
        if (typeof i.pattern === "string") {
            const problem = packageGroupPatternProblem(i.pattern);
            if (problem) {
                return invalidRequest("Codeartifact", problem);
            }
        }
        return undefined;
    },
    outputs(i, ctx) {
        const owner = or(i.domainOwner, ctx.config.accountId);
        const groupArn = containsUnknown([i.domainName, i.pattern, owner])
            ? UNKNOWN
            : codeartifactArn(ctx, owner, `package-group/${i.domainName}${encodePackageGroupPattern(String(i.pattern))}`);
        const outs: PropertyMap = { ...i, arn: groupArn, domainOwner: owner };
        return { id: groupArn, outs };
    },
};

function iamPath(i: PropertyMap): Value {
    return or(i.path, "/");
}

/** A policy document that IAM would parse: an object, or a string holding JSON. */
function malformedDocument(prop: string, v: unknown): string | undefined {
    if (typeof v === "string" && known(v)) {
        try {
            JSON.parse(v);
        } catch {
            return `Syntax errors in policy. (Service: Iam, Status Code: 400, Request ID: ${randomUUID()}) [${prop} is not JSON]`;
        }
    }
    return undefined;
}

const role: NativeResource = {
    cfType: "AWS::IAM::Role",
    identifierProp: "roleName",
    identifierIsInput: true,
    inputs: {
        assumeRolePolicyDocument: doc("AssumeRolePolicyDocument", false),
        description: str("Description"),
        managedPolicyArns: list("ManagedPolicyArns", str("")),
        maxSessionDuration: { kind: "integer", cfn: "MaxSessionDuration" },
        path: str("Path"),
        permissionsBoundary: str("PermissionsBoundary"),
        policies: list(
            "Policies",
            obj("", { policyDocument: doc("PolicyDocument", false), policyName: str("PolicyName") }, ["policyDocument", "policyName"]),
        ),
        roleName: str("RoleName"),
        tags: IAM_TAGS,
    },
    required: ["assumeRolePolicyDocument"],
    createOnly: ["path", "roleName"],
    autoName: { property: "roleName", maxLength: 64 },
    tags: true,
    computed: ["arn", "roleId"],
    defaults: { path: "/" },
    handlerValidate(i) {
        return malformedDocument("AssumeRolePolicyDocument", i.assumeRolePolicyDocument);
    },
    outputs(i, ctx, old) {
        const { partition } = ctx.config.partition;
        const outs: PropertyMap = {
            ...i,
            path: iamPath(i),
            arn: join(`arn:${partition}:iam::${ctx.config.accountId}:role`, iamPath(i), i.roleName),
            roleId: keep(old, "roleId", () => iamUniqueId("AROA", seed(ctx, i))),
        };
        return { id: String(i.roleName), outs };
    },
};

const managedPolicy: NativeResource = {
    cfType: "AWS::IAM::ManagedPolicy",
    identifierProp: "managedPolicyName",
    identifierIsInput: false,
    inputs: {
        description: str("Description"),
        groups: list("Groups", str("")),
        managedPolicyName: str("ManagedPolicyName"),
        path: str("Path"),
        policyDocument: doc("PolicyDocument", false),
        roles: list("Roles", str("")),
        users: list("Users", str("")),
    },
    required: ["policyDocument"],
    createOnly: ["description", "managedPolicyName", "path"],
    autoName: { property: "managedPolicyName", maxLength: 128 },
    tags: false,
    defaults: { path: "/" },
    computed: [
        "policyArn",
        "policyId",
        "attachmentCount",
        "createDate",
        "updateDate",
        "defaultVersionId",
        "isAttachable",
        "permissionsBoundaryUsageCount",
    ],
    handlerValidate(i) {
        return malformedDocument("PolicyDocument", i.policyDocument);
    },
    outputs(i, ctx, old) {
        const { partition } = ctx.config.partition;
        const policyArn = join(`arn:${partition}:iam::${ctx.config.accountId}:policy`, iamPath(i), i.managedPolicyName);
        const attached = ["groups", "roles", "users"].reduce((n, k) => n + (Array.isArray(i[k]) ? (i[k] as Value[]).length : 0), 0);
        // A new policy version when the document changes (IAM CreatePolicyVersion, set as default).
        const version =
            old && JSON.stringify(old.policyDocument) !== JSON.stringify(i.policyDocument)
                ? Number(String(old.defaultVersionId).slice(1)) + 1
                : undefined;
        const now = nowRfc3339();
        const outs: PropertyMap = {
            ...i,
            path: iamPath(i),
            policyArn,
            policyId: keep(old, "policyId", () => iamUniqueId("ANPA", seed(ctx, i))),
            attachmentCount: attached,
            createDate: keep(old, "createDate", () => now),
            updateDate: version !== undefined ? now : keep(old, "updateDate", () => now),
            defaultVersionId: version !== undefined ? `v${version}` : keep(old, "defaultVersionId", () => "v1"),
            isAttachable: true,
            permissionsBoundaryUsageCount: 0,
        };
        return { id: policyArn, outs };
    },
};

const rolePolicy: NativeResource = {
    cfType: "AWS::IAM::RolePolicy",
    identifierProp: "policyName",
    identifierIsInput: true,
    inputs: {
        policyDocument: doc("PolicyDocument", true),
        policyName: str("PolicyName"),
        roleName: str("RoleName"),
    },
    required: ["roleName"],
    createOnly: ["policyName", "roleName"],
    autoName: { property: "policyName", maxLength: 128 },
    tags: false,
    computed: [],
    outputs(i) {
        // primaryIdentifier [PolicyName, RoleName]; aws-native joins identifier parts with "|".
        return { id: join(i.policyName, "|", i.roleName), outs: { ...i } };
    },
};

const NATIVE_RESOURCES: { [type: string]: NativeResource } = {
    "aws-native:codeartifact:Domain": domain,
    "aws-native:codeartifact:Repository": repository,
    "aws-native:codeartifact:PackageGroup": packageGroup,
    "aws-native:iam:Role": role,
    "aws-native:iam:ManagedPolicy": managedPolicy,
    "aws-native:iam:RolePolicy": rolePolicy,
};

/** The @pulumi/aws-native 1.79.0 types the stand-in answers for. */
export const NATIVE_SPECS: { [type: string]: ResourceSpec } = Object.fromEntries(
    Object.entries(NATIVE_RESOURCES).map(([type, r]) => [type, toSpec(r)]),
);

/** CloudFormation facts of an aws-native token (for messages); undefined for other tokens. */
export function nativeFacts(type: string): { cfType: string; identifierProp: string; identifierIsInput: boolean } | undefined {
    const r = NATIVE_RESOURCES[type];
    return r && { cfType: r.cfType, identifierProp: r.identifierProp, identifierIsInput: r.identifierIsInput };
}

/**
 * aws-native defaultTags (provider config `defaultTags: {tags: {...}}`) merged into a key/value tag
 * list: keys the list lacks are appended in sorted order (provider/pkg/default_tags/merging.go).
 */
export function mergeTagList(tags: Value | undefined, defaults: { [k: string]: string }): Value | undefined {
    if (Object.keys(defaults).length === 0 || isUnknown(tags) || (tags !== undefined && tags !== null && !Array.isArray(tags))) {
        return tags;
    }
    const list = Array.isArray(tags) ? [...tags] : [];
    const present = new Set(list.map((t) => (isObject(t) ? t.key : undefined)));
    for (const k of Object.keys(defaults).sort()) {
        if (!present.has(k)) {
            list.push({ key: k, value: defaults[k] });
        }
    }
    return list;
}
