// What the offline aws stand-in knows about each supported resource type: required inputs,
// inputs whose change forces replacement in AWS, schema-level validation (what the bridged
// Terraform schema of @pulumi/aws 7.48.0 checks before any API call), API-level validation
// (what AWS itself would refuse at create/update time), and the outputs AWS would return.
import {
    CODEARTIFACT_DOMAIN_PATTERN,
    CODEARTIFACT_REPOSITORY_PATTERN,
    EXTERNAL_CONNECTIONS,
    arn,
    digitsFrom,
    iamUniqueId,
    join,
    nowRfc3339,
    sha256Hex,
    uuidFrom,
} from "./aws";
import { StandinConfig } from "./config";
import { PropertyMap, UNKNOWN, Value, asStringMap, containsUnknown, field, isAbsent, isObject, isUnknown } from "./values";

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface Ctx {
    config: StandinConfig;
    urn: string;
    type: string;
    /** The logical (Pulumi) name of the resource: the last URN segment. */
    name: string;
}

export interface Computed {
    id: string;
    outs: PropertyMap;
}

export interface AutoNameSpec {
    /** The autonamed input; `name` unless given (aws-native names e.g. `domainName`, `roleName`). */
    property?: string;
    maxLength: number;
    /** Applied to the generated `<name>-<hex>`, e.g. KMS aliases get `alias/`. */
    transform?: (s: string) => string;
}

export interface ResourceSpec {
    /** Input properties without `?` in the @pulumi/aws 7.48.0 Args interface. */
    required: string[];
    /** Inputs whose change makes AWS (the Terraform schema: ForceNew) replace the resource. */
    replaceOnChanges: string[];
    /** 7.x per-resource `region` input/output. */
    regional: boolean;
    /** Has `tags` and `tagsAll` (provider defaultTags merged with tags), as @pulumi/aws resources do. */
    taggable: boolean;
    /** aws-native style: `tags` is a list of `{key, value}`; Check appends the provider's defaultTags that it lacks. */
    tagList?: boolean;
    /** `name` is auto-named from the logical name when neither name nor namePrefix is given. */
    autoName?: AutoNameSpec;
    /** Output-only properties that are unknown during preview when not given as inputs. */
    computed: string[];
    /**
     * Inputs the provider fills in when they are not given (Terraform Optional+Computed, e.g. a
     * domain's `encryptionKey`, a repository's `domainOwner`; `region` of every regional type):
     * leaving one out of the program is no change. Kept in the inputs of an import.
     */
    optionalComputed?: string[];
    /** What an input left out means (Terraform defaults), e.g. `path: "/"`; compared as such by diff. */
    defaults?: PropertyMap;
    /** Inputs of an imported resource when they are not simply its properties minus output-only ones. */
    importInputs?(properties: PropertyMap): PropertyMap;
    validate?(inputs: PropertyMap, ctx: Ctx): CheckFailure[];
    /** What AWS would refuse at create/update time; returns an error message. */
    apiValidate?(inputs: PropertyMap, ctx: Ctx, op: "create" | "update"): string | undefined;
    /** Outputs after create (old undefined) or update (old = previous outputs). */
    outputs(inputs: PropertyMap, ctx: Ctx, old?: PropertyMap): Computed;
}

// ---------------------------------------------------------------------------------------------
// small validation helpers (all skip unknown values: they are checked again when known)

export function known(v: unknown): boolean {
    return !isAbsent(v) && !containsUnknown(v);
}

export function jsonFailure(prop: string, v: unknown): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string") {
        return [{ property: prop, reason: `${prop} must be a JSON string, got ${typeof v}` }];
    }
    try {
        JSON.parse(v);
        return [];
    } catch (e) {
        return [{ property: prop, reason: `"${prop}" contains an invalid JSON: ${(e as Error).message}` }];
    }
}

function rangeFailure(prop: string, v: unknown, min: number, max: number): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        return [{ property: prop, reason: `expected ${prop} to be in the range (${min} - ${max}), got ${JSON.stringify(v)}` }];
    }
    return [];
}

function oneOfFailure(prop: string, v: unknown, allowed: string[]): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string" || !allowed.includes(v)) {
        return [{ property: prop, reason: `expected ${prop} to be one of [${allowed.join(" ")}], got ${JSON.stringify(v)}` }];
    }
    return [];
}

export function iamPathFailure(v: unknown): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string" || !/^\/([\x21-\x7e]*\/)?$/.test(v) || v.length > 512) {
        return [{ property: "path", reason: `path must begin and end with '/' (got ${JSON.stringify(v)})` }];
    }
    return [];
}

export function iamNameFailure(prop: string, v: unknown, max: number): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string" || v.length > max || !/^[\w+=,.@-]+$/.test(v)) {
        return [
            {
                property: prop,
                reason: `${prop} must be 1-${max} characters of [A-Za-z0-9+=,.@_-], got ${JSON.stringify(v)}`,
            },
        ];
    }
    return [];
}

function arnFailure(prop: string, v: unknown): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string" || !/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/.test(v)) {
        return [{ property: prop, reason: `"${prop}" (${JSON.stringify(v)}) is an invalid ARN` }];
    }
    return [];
}

// ---------------------------------------------------------------------------------------------
// output helpers

export function regionOf(inputs: PropertyMap, ctx: Ctx): string {
    const r = inputs.region;
    return isAbsent(r) ? ctx.config.region : (r as string);
}

export function tagsAll(inputs: PropertyMap, ctx: Ctx): { [k: string]: Value } {
    const out: { [k: string]: Value } = { ...ctx.config.defaultTags };
    for (const [k, v] of Object.entries(asStringMap(inputs.tags))) {
        if (v !== null) {
            out[k] = v;
        }
    }
    return out;
}

export function base(inputs: PropertyMap, spec: ResourceSpec, ctx: Ctx): PropertyMap {
    const outs: PropertyMap = { ...inputs };
    if (spec.regional) {
        outs.region = regionOf(inputs, ctx);
    }
    if (spec.taggable) {
        outs.tags = isAbsent(inputs.tags) ? null : inputs.tags;
        outs.tagsAll = tagsAll(inputs, ctx);
    }
    return outs;
}

/** An old computed output if present (update), else a fresh one. */
export function keep(old: PropertyMap | undefined, key: string, fresh: () => Value): Value {
    if (old && !isAbsent(old[key]) && !isUnknown(old[key])) {
        return old[key];
    }
    return fresh();
}

/** Seed for ids: the URN plus the inputs at creation, so a replacement gets a new id. */
export function seed(ctx: Ctx, inputs: PropertyMap): string {
    return sha256Hex(ctx.urn, JSON.stringify(inputs));
}

export function or<T extends Value>(v: Value | undefined, dflt: T): Value {
    return isAbsent(v) ? dflt : (v as Value);
}

/** The name that AWS ends up with: `name`, or `namePrefix` + a Terraform-style 26-digit suffix. */
function effectiveName(inputs: PropertyMap, ctx: Ctx, old?: PropertyMap): Value {
    if (!isAbsent(inputs.name)) {
        return inputs.name;
    }
    if (!isAbsent(inputs.namePrefix)) {
        return keep(old, "name", () => join(inputs.namePrefix, digitsFrom(26, ctx.urn, String(inputs.namePrefix))));
    }
    return keep(old, "name", () => join("terraform-", digitsFrom(26, ctx.urn)));
}

function iamPath(inputs: PropertyMap): Value {
    return or(inputs.path, "/");
}

// ---------------------------------------------------------------------------------------------
// the resource types

const KEY_SPECS = [
    "SYMMETRIC_DEFAULT",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
    "SM2",
];

const kmsKey: ResourceSpec = {
    required: [],
    replaceOnChanges: ["customerMasterKeySpec", "customKeyStoreId", "keyUsage", "multiRegion", "xksKeyId", "region"],
    regional: true,
    taggable: true,
    computed: ["arn", "keyId", "policy", "rotationPeriodInDays"],
    optionalComputed: ["policy", "rotationPeriodInDays", "description", "multiRegion"],
    defaults: {
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        isEnabled: true,
        enableKeyRotation: false,
        bypassPolicyLockoutSafetyCheck: false,
        customKeyStoreId: "",
        xksKeyId: "",
    },
    validate(i) {
        return [
            ...rangeFailure("deletionWindowInDays", i.deletionWindowInDays, 7, 30),
            ...rangeFailure("rotationPeriodInDays", i.rotationPeriodInDays, 90, 2560),
            ...oneOfFailure("keyUsage", i.keyUsage, ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]),
            ...oneOfFailure("customerMasterKeySpec", i.customerMasterKeySpec, KEY_SPECS),
            ...jsonFailure("policy", i.policy),
        ];
    },
    outputs(i, ctx, old) {
        const region = regionOf(i, ctx);
        const { partition } = ctx.config.partition;
        const account = ctx.config.accountId;
        const keyId = keep(old, "keyId", () => uuidFrom(seed(ctx, i))) as string;
        const outs = base(i, kmsKey, ctx);
        const rotation = i.enableKeyRotation === true;
        Object.assign(outs, {
            arn: keep(old, "arn", () => arn(partition, "kms", region, account, join("key/", keyId))),
            keyId,
            keyUsage: or(i.keyUsage, "ENCRYPT_DECRYPT"),
            customerMasterKeySpec: or(i.customerMasterKeySpec, "SYMMETRIC_DEFAULT"),
            isEnabled: or(i.isEnabled, true),
            enableKeyRotation: rotation,
            rotationPeriodInDays: or(i.rotationPeriodInDays, rotation ? 365 : 0),
            multiRegion: or(i.multiRegion, false),
            bypassPolicyLockoutSafetyCheck: or(i.bypassPolicyLockoutSafetyCheck, false),
            description: or(i.description, ""),
            customKeyStoreId: or(i.customKeyStoreId, ""),
            xksKeyId: or(i.xksKeyId, ""),
            policy: isAbsent(i.policy)
                ? JSON.stringify({
                      Version: "2012-10-17",
                      Id: "key-default-1",
                      Statement: [
                          {
                              Sid: "Enable IAM User Permissions",
                              Effect: "Allow",
                              Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                              Action: "kms:*",
                              Resource: "*",
                          },
                      ],
                  })
                : i.policy,
        });
        return { id: keyId, outs };
    },
};

function validAliasName(prop: string, v: unknown): CheckFailure[] {
    if (!known(v)) {
        return [];
    }
    if (typeof v !== "string" || !/^alias\/[a-zA-Z0-9/_-]+$/.test(v) || v.length > 256) {
        return [{ property: prop, reason: `${prop} must begin with 'alias/' and be followed by [a-zA-Z0-9/_-], got ${JSON.stringify(v)}` }];
    }
    if (v.startsWith("alias/aws/")) {
        return [{ property: prop, reason: `${prop} cannot begin with reserved AWS namespace 'alias/aws/'` }];
    }
    return [];
}

const kmsAlias: ResourceSpec = {
    required: ["targetKeyId"],
    replaceOnChanges: ["name", "namePrefix", "region"],
    regional: true,
    taggable: false,
    autoName: { maxLength: 256, transform: (s) => `alias/${s}` },
    computed: ["arn", "targetKeyArn"],
    validate(i) {
        return [
            ...validAliasName("name", i.name),
            ...validAliasName("namePrefix", isAbsent(i.namePrefix) ? i.namePrefix : `${i.namePrefix}x`),
        ];
    },
    outputs(i, ctx, old) {
        const region = regionOf(i, ctx);
        const { partition } = ctx.config.partition;
        const account = ctx.config.accountId;
        const name = effectiveName(i, ctx, old);
        const target = i.targetKeyId;
        const targetKeyArn =
            typeof target === "string" && target.startsWith("arn:") ? target : arn(partition, "kms", region, account, join("key/", target));
        const outs = base(i, kmsAlias, ctx);
        Object.assign(outs, { name, arn: arn(partition, "kms", region, account, name), targetKeyArn });
        return { id: name as string, outs };
    },
};

const codeartifactDomain: ResourceSpec = {
    required: ["domain"],
    replaceOnChanges: ["domain", "encryptionKey", "region"],
    regional: true,
    taggable: true,
    computed: ["arn", "owner", "encryptionKey", "createdTime", "assetSizeBytes", "repositoryCount"],
    optionalComputed: ["encryptionKey"],
    apiValidate(i) {
        const d = i.domain;
        if (typeof d === "string" && !CODEARTIFACT_DOMAIN_PATTERN.test(d)) {
            return `CreateDomain: ValidationException: domain name ${JSON.stringify(d)} must be 2-50 characters matching ${CODEARTIFACT_DOMAIN_PATTERN.source}`;
        }
        return undefined;
    },
    outputs(i, ctx, old) {
        const region = regionOf(i, ctx);
        const { partition } = ctx.config.partition;
        const account = ctx.config.accountId;
        const domainArn = arn(partition, "codeartifact", region, account, join("domain/", i.domain));
        const outs = base(i, codeartifactDomain, ctx);
        Object.assign(outs, {
            arn: domainArn,
            owner: account,
            // Without encryptionKey, AWS uses the account's AWS-managed key aws/codeartifact.
            encryptionKey: isAbsent(i.encryptionKey)
                ? arn(partition, "kms", region, account, `key/${uuidFrom(account, region, "alias/aws/codeartifact")}`)
                : i.encryptionKey,
            createdTime: keep(old, "createdTime", nowRfc3339),
            assetSizeBytes: keep(old, "assetSizeBytes", () => "0"),
            repositoryCount: keep(old, "repositoryCount", () => 0),
        });
        return { id: domainArn, outs };
    },
};

const codeartifactRepository: ResourceSpec = {
    required: ["domain", "repository"],
    replaceOnChanges: ["domain", "domainOwner", "repository", "region"],
    regional: true,
    taggable: true,
    computed: ["arn", "administratorAccount", "domainOwner"],
    optionalComputed: ["domainOwner"],
    defaults: { description: "", upstreams: [], externalConnections: null },
    importInputs(p) {
        // The state's external connection carries packageFormat and status, which are outputs.
        const ec = p.externalConnections;
        return isObject(ec) ? { ...p, externalConnections: { externalConnectionName: ec.externalConnectionName } } : p;
    },
    validate(i) {
        const failures: CheckFailure[] = [];
        const ups = i.upstreams;
        if (Array.isArray(ups)) {
            ups.forEach((u, n) => {
                if (!containsUnknown(u) && (u === null || typeof u !== "object" || isAbsent(field(u, "repositoryName")))) {
                    failures.push({
                        property: `upstreams[${n}].repositoryName`,
                        reason: `Missing required property 'upstreams[${n}].repositoryName'`,
                    });
                }
            });
        }
        const ec = i.externalConnections;
        if (!isAbsent(ec) && !containsUnknown(ec)) {
            if (typeof ec !== "object" || Array.isArray(ec) || isAbsent(field(ec, "externalConnectionName"))) {
                failures.push({
                    property: "externalConnections.externalConnectionName",
                    reason: "Missing required property 'externalConnections.externalConnectionName' (externalConnections is one object, not a list, in @pulumi/aws 7.x)",
                });
            }
        }
        return failures;
    },
    apiValidate(i) {
        const r = i.repository;
        if (typeof r === "string" && !CODEARTIFACT_REPOSITORY_PATTERN.test(r)) {
            return `CreateRepository: ValidationException: repository name ${JSON.stringify(r)} must be 2-100 characters matching ${CODEARTIFACT_REPOSITORY_PATTERN.source}`;
        }
        const d = i.domain;
        if (typeof d === "string" && !CODEARTIFACT_DOMAIN_PATTERN.test(d)) {
            return `CreateRepository: ValidationException: domain name ${JSON.stringify(d)} must be 2-50 characters matching ${CODEARTIFACT_DOMAIN_PATTERN.source}`;
        }
        const ups = Array.isArray(i.upstreams) ? i.upstreams : [];
        if (ups.length > 10) {
            return `CreateRepository: ValidationException: a repository can have at most 10 upstream repositories, got ${ups.length}`;
        }
        const names = ups.map((u) => field(u, "repositoryName"));
        if (names.includes(r)) {
            return `CreateRepository: ValidationException: repository ${JSON.stringify(r)} cannot be its own upstream`;
        }
        const dup = names.find((n, k) => typeof n === "string" && names.indexOf(n) !== k);
        if (dup !== undefined) {
            return `CreateRepository: ValidationException: upstream repository ${JSON.stringify(dup)} is listed twice`;
        }
        const connection = field(i.externalConnections, "externalConnectionName");
        if (typeof connection === "string") {
            if (!(connection in EXTERNAL_CONNECTIONS)) {
                return `AssociateExternalConnection: ResourceNotFoundException: unknown external connection ${JSON.stringify(
                    connection,
                )} (known: ${Object.keys(EXTERNAL_CONNECTIONS).join(", ")})`;
            }
        }
        return undefined;
    },
    outputs(i, ctx) {
        const region = regionOf(i, ctx);
        const { partition } = ctx.config.partition;
        const account = ctx.config.accountId;
        const owner = or(i.domainOwner, account);
        const repoArn = arn(partition, "codeartifact", region, owner as string, join("repository/", i.domain, "/", i.repository));
        const outs = base(i, codeartifactRepository, ctx);
        const ec = i.externalConnections;
        Object.assign(outs, {
            arn: repoArn,
            administratorAccount: account,
            domainOwner: owner,
            description: or(i.description, ""),
            upstreams: isAbsent(i.upstreams) ? [] : i.upstreams,
            externalConnections: isObject(ec)
                ? {
                      externalConnectionName: ec.externalConnectionName,
                      packageFormat: isUnknown(ec.externalConnectionName)
                          ? UNKNOWN
                          : (EXTERNAL_CONNECTIONS[String(ec.externalConnectionName)] ?? "generic"),
                      status: "AVAILABLE",
                  }
                : null,
        });
        return { id: repoArn, outs };
    },
};

function revision(doc: Value | undefined): string {
    if (isUnknown(doc)) {
        return UNKNOWN;
    }
    return sha256Hex(JSON.stringify(doc ?? null)).slice(0, 44);
}

/**
 * Outputs of a CodeArtifact permissions policy (domain or repository): its id is the ARN of the
 * resource it governs, and the revision is derived from the document.
 */
function permissionsPolicyOutputs(i: PropertyMap, ctx: Ctx, spec: ResourceSpec, resource: string): Computed {
    const region = regionOf(i, ctx);
    const { partition } = ctx.config.partition;
    const owner = or(i.domainOwner, ctx.config.accountId);
    const resourceArn = arn(partition, "codeartifact", region, owner as string, resource);
    const outs = base(i, spec, ctx);
    Object.assign(outs, {
        domainOwner: owner,
        resourceArn,
        policyRevision: isAbsent(i.policyRevision) ? revision(i.policyDocument) : i.policyRevision,
    });
    return { id: resourceArn, outs };
}

const codeartifactDomainPermissions: ResourceSpec = {
    required: ["domain"],
    replaceOnChanges: ["domain", "domainOwner", "region"],
    regional: true,
    taggable: false,
    computed: ["resourceArn", "policyRevision", "domainOwner"],
    optionalComputed: ["policyRevision", "domainOwner"],
    validate(i) {
        return jsonFailure("policyDocument", i.policyDocument);
    },
    outputs(i, ctx) {
        return permissionsPolicyOutputs(i, ctx, codeartifactDomainPermissions, join("domain/", i.domain));
    },
};

const codeartifactRepositoryPermissionsPolicy: ResourceSpec = {
    required: ["domain", "repository", "policyDocument"],
    replaceOnChanges: ["domain", "domainOwner", "repository", "region"],
    regional: true,
    taggable: false,
    computed: ["resourceArn", "policyRevision", "domainOwner"],
    optionalComputed: ["policyRevision", "domainOwner"],
    validate(i) {
        return jsonFailure("policyDocument", i.policyDocument);
    },
    outputs(i, ctx) {
        return permissionsPolicyOutputs(i, ctx, codeartifactRepositoryPermissionsPolicy, join("repository/", i.domain, "/", i.repository));
    },
};

const iamRole: ResourceSpec = {
    required: ["assumeRolePolicy"],
    replaceOnChanges: ["name", "namePrefix", "path"],
    regional: false,
    taggable: true,
    autoName: { maxLength: 64 },
    computed: ["arn", "uniqueId", "createDate"],
    defaults: {
        path: "/",
        description: "",
        forceDetachPolicies: false,
        maxSessionDuration: 3600,
        permissionsBoundary: "",
        inlinePolicies: [],
        managedPolicyArns: [],
    },
    validate(i) {
        return [
            ...jsonFailure("assumeRolePolicy", i.assumeRolePolicy),
            ...iamNameFailure("name", i.name, 64),
            ...iamNameFailure("namePrefix", i.namePrefix, 38),
            ...iamPathFailure(i.path),
            ...rangeFailure("maxSessionDuration", i.maxSessionDuration, 3600, 43200),
            ...(known(i.permissionsBoundary) ? arnFailure("permissionsBoundary", i.permissionsBoundary) : []),
        ];
    },
    outputs(i, ctx, old) {
        const { partition } = ctx.config.partition;
        const name = effectiveName(i, ctx, old);
        const path = iamPath(i);
        const outs = base(i, iamRole, ctx);
        Object.assign(outs, {
            name,
            path,
            arn: join(`arn:${partition}:iam::${ctx.config.accountId}:role`, path, name),
            uniqueId: keep(old, "uniqueId", () => iamUniqueId("AROA", seed(ctx, i))),
            createDate: keep(old, "createDate", nowRfc3339),
            description: or(i.description, ""),
            forceDetachPolicies: or(i.forceDetachPolicies, false),
            maxSessionDuration: or(i.maxSessionDuration, 3600),
            permissionsBoundary: or(i.permissionsBoundary, ""),
            inlinePolicies: isAbsent(i.inlinePolicies) ? [] : i.inlinePolicies,
            managedPolicyArns: isAbsent(i.managedPolicyArns) ? [] : i.managedPolicyArns,
        });
        return { id: name as string, outs };
    },
};

const iamPolicy: ResourceSpec = {
    required: ["policy"],
    replaceOnChanges: ["name", "namePrefix", "path", "description"],
    regional: false,
    taggable: true,
    autoName: { maxLength: 128 },
    computed: ["arn", "policyId", "attachmentCount"],
    defaults: { path: "/", description: "" },
    validate(i) {
        return [
            ...jsonFailure("policy", i.policy),
            ...iamNameFailure("name", i.name, 128),
            ...iamNameFailure("namePrefix", i.namePrefix, 102),
            ...iamPathFailure(i.path),
        ];
    },
    outputs(i, ctx, old) {
        const { partition } = ctx.config.partition;
        const name = effectiveName(i, ctx, old);
        const path = iamPath(i);
        const policyArn = join(`arn:${partition}:iam::${ctx.config.accountId}:policy`, path, name);
        const outs = base(i, iamPolicy, ctx);
        Object.assign(outs, {
            name,
            path,
            arn: policyArn,
            description: or(i.description, ""),
            policyId: keep(old, "policyId", () => iamUniqueId("ANPA", seed(ctx, i))),
            attachmentCount: keep(old, "attachmentCount", () => 0),
        });
        return { id: policyArn, outs };
    },
};

const iamRolePolicy: ResourceSpec = {
    required: ["policy", "role"],
    replaceOnChanges: ["name", "namePrefix", "role"],
    regional: false,
    taggable: false,
    autoName: { maxLength: 128 },
    computed: [],
    validate(i) {
        return [...jsonFailure("policy", i.policy), ...iamNameFailure("name", i.name, 128)];
    },
    outputs(i, ctx, old) {
        const name = effectiveName(i, ctx, old);
        const outs = base(i, iamRolePolicy, ctx);
        outs.name = name;
        return { id: join(i.role, ":", name), outs };
    },
};

const iamRolePolicyAttachment: ResourceSpec = {
    required: ["policyArn", "role"],
    replaceOnChanges: ["policyArn", "role"],
    regional: false,
    taggable: false,
    computed: [],
    validate(i) {
        return arnFailure("policyArn", i.policyArn);
    },
    outputs(i, ctx) {
        const outs = base(i, iamRolePolicyAttachment, ctx);
        // Terraform: id.PrefixedUniqueId(role + "-")
        return { id: join(i.role, "-", digitsFrom(26, ctx.urn, String(i.role), String(i.policyArn))), outs };
    },
};

const iamInstanceProfile: ResourceSpec = {
    required: [],
    replaceOnChanges: ["name", "namePrefix", "path"],
    regional: false,
    taggable: true,
    autoName: { maxLength: 128 },
    computed: ["arn", "uniqueId", "createDate"],
    defaults: { path: "/", role: "" },
    validate(i) {
        return [...iamNameFailure("name", i.name, 128), ...iamPathFailure(i.path)];
    },
    outputs(i, ctx, old) {
        const { partition } = ctx.config.partition;
        const name = effectiveName(i, ctx, old);
        const path = iamPath(i);
        const outs = base(i, iamInstanceProfile, ctx);
        Object.assign(outs, {
            name,
            path,
            arn: join(`arn:${partition}:iam::${ctx.config.accountId}:instance-profile`, path, name),
            uniqueId: keep(old, "uniqueId", () => iamUniqueId("AIPA", seed(ctx, i))),
            createDate: keep(old, "createDate", nowRfc3339),
            role: or(i.role, ""),
        });
        return { id: name as string, outs };
    },
};

const iamOpenIdConnectProvider: ResourceSpec = {
    required: ["clientIdLists", "url"],
    replaceOnChanges: ["url"],
    regional: false,
    taggable: true,
    computed: ["arn", "thumbprintLists"],
    optionalComputed: ["thumbprintLists"],
    validate(i) {
        const failures: CheckFailure[] = [];
        const url = i.url;
        if (known(url) && (typeof url !== "string" || !/^https:\/\/[^?#\s]+$/.test(url))) {
            failures.push({ property: "url", reason: `url must be an https:// URL without query or fragment, got ${JSON.stringify(url)}` });
        }
        if (Array.isArray(i.clientIdLists) && i.clientIdLists.length === 0) {
            failures.push({ property: "clientIdLists", reason: "clientIdLists must contain at least one client id (audience)" });
        }
        const tps = i.thumbprintLists;
        if (Array.isArray(tps)) {
            tps.forEach((t, n) => {
                if (known(t) && (typeof t !== "string" || !/^[0-9a-fA-F]{40}$/.test(t))) {
                    failures.push({
                        property: `thumbprintLists[${n}]`,
                        reason: `thumbprint must be 40 hex characters, got ${JSON.stringify(t)}`,
                    });
                }
            });
        }
        return failures;
    },
    outputs(i, ctx) {
        const { partition } = ctx.config.partition;
        const host = isUnknown(i.url)
            ? UNKNOWN
            : String(i.url)
                  .replace(/^https:\/\//, "")
                  .replace(/\/$/, "");
        const providerArn = join(`arn:${partition}:iam::${ctx.config.accountId}:oidc-provider/`, host);
        const outs = base(i, iamOpenIdConnectProvider, ctx);
        Object.assign(outs, {
            arn: providerArn,
            thumbprintLists: isAbsent(i.thumbprintLists) ? [sha256Hex("thumbprint", String(host)).slice(0, 40)] : i.thumbprintLists,
        });
        return { id: providerArn, outs };
    },
};

/** The @pulumi/aws 7.48.0 types the stand-in answers for. */
export const AWS_SPECS: { [type: string]: ResourceSpec } = {
    "aws:kms/key:Key": kmsKey,
    "aws:kms/alias:Alias": kmsAlias,
    "aws:codeartifact/domain:Domain": codeartifactDomain,
    "aws:codeartifact/repository:Repository": codeartifactRepository,
    "aws:codeartifact/domainPermissions:DomainPermissions": codeartifactDomainPermissions,
    "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": codeartifactRepositoryPermissionsPolicy,
    "aws:iam/role:Role": iamRole,
    "aws:iam/rolePolicy:RolePolicy": iamRolePolicy,
    "aws:iam/policy:Policy": iamPolicy,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": iamRolePolicyAttachment,
    "aws:iam/instanceProfile:InstanceProfile": iamInstanceProfile,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": iamOpenIdConnectProvider,
};
