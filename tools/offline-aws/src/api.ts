// What each provider operation would call in AWS, and how AWS's refusals read once the real
// provider has wrapped them: used by the inventory (a name that is taken) and by fault injection
// (OFFLINE_AWS_FAULTS), which also follows the providers' retries.
//
// aws (pulumi-aws = terraform-provider-aws on aws-sdk-go-v2): the resource's Terraform diagnostic
// ("creating CodeArtifact Domain (acme)", internal/service/*/*.go) + ": " + the SDK's error,
//   operation error SERVICE: Operation, https response error StatusCode: N, RequestID: ID, CODE: MESSAGE
// (smithy-go OperationError, aws-sdk-go-v2 aws/transport/http ResponseError; exceptions the service
// does not model read `api error CODE: MESSAGE`, smithy-go GenericAPIError), and after retries
// `exceeded maximum number of attempts, N, ...` (aws/retry MaxAttemptsError); pulumi-terraform-bridge
// appends `: provider=aws@VERSION`.
//
// aws-native (Cloud Control): a failed resource operation reads
//   operation CREATE failed with "HandlerErrorCode": StatusMessage     (provider/pkg/client/hook_error.go)
// where the CloudFormation handler's message comes from cloudformation-cli-java-plugin's
// ExceptionMessages ("Resource of type '%s' with identifier '%s' already exists.", ...).
import { randomUUID } from "crypto";
import { handlerError, nativeFacts } from "./native";
import { PACKAGES, packageOf } from "./packages";
import { PropertyMap, Value } from "./values";

export type ApiOp = "create" | "update" | "delete" | "read";

/** An error as the AWS service returns it. */
export interface AwsError {
    status: number;
    code: string;
    message: string;
}

type What = (id: string, p: PropertyMap) => string;

interface ServiceCalls {
    service: string;
    ops: { [op in ApiOp]: [operation: string, what: What] };
}

const s = (v: Value | undefined): string => (v === undefined || v === null ? "" : String(v));

function calls(service: string, noun: string, create: [string, What], update: string, del: string, read: string): ServiceCalls {
    return {
        service,
        ops: {
            create,
            update: [update, (id) => `updating ${noun} (${id})`],
            delete: [del, (id) => `deleting ${noun} (${id})`],
            read: [read, (id) => `reading ${noun} (${id})`],
        },
    };
}

/**
 * The create-time diagnostics are terraform-provider-aws's (internal/service/codeartifact/domain.go
 * `creating CodeArtifact Domain (%s)`, repository.go `creating CodeArtifact Repository`,
 * iam/role.go `creating IAM Role (%s)`, iam/policy.go `creating IAM Policy (%s)`,
 * iam/instance_profile.go `creating IAM Instance Profile (%s)`, iam/role_policy.go `putting IAM
 * Role (%s) Policy (%s)`, kms/key.go `creating KMS Key`, kms/alias.go `creating KMS Alias (%s)`,
 * `creating IAM OIDC Provider`, `creating CodeArtifact Domain Permissions Policy`); the update,
 * delete and read ones follow the provider's `updating|deleting|reading <noun> (<id>)` convention.
 */
const AWS_CALLS: { [type: string]: ServiceCalls } = {
    "aws:kms/key:Key": calls(
        "KMS",
        "KMS Key",
        ["CreateKey", () => "creating KMS Key"],
        "UpdateKeyDescription",
        "ScheduleKeyDeletion",
        "DescribeKey",
    ),
    "aws:kms/alias:Alias": calls(
        "KMS",
        "KMS Alias",
        ["CreateAlias", (_id, p) => `creating KMS Alias (${s(p.name)})`],
        "UpdateAlias",
        "DeleteAlias",
        "ListAliases",
    ),
    "aws:codeartifact/domain:Domain": calls(
        "codeartifact",
        "CodeArtifact Domain",
        ["CreateDomain", (_id, p) => `creating CodeArtifact Domain (${s(p.domain)})`],
        "TagResource",
        "DeleteDomain",
        "DescribeDomain",
    ),
    "aws:codeartifact/repository:Repository": calls(
        "codeartifact",
        "CodeArtifact Repository",
        ["CreateRepository", () => "creating CodeArtifact Repository"],
        "UpdateRepository",
        "DeleteRepository",
        "DescribeRepository",
    ),
    "aws:codeartifact/domainPermissions:DomainPermissions": calls(
        "codeartifact",
        "CodeArtifact Domain Permissions Policy",
        ["PutDomainPermissionsPolicy", () => "creating CodeArtifact Domain Permissions Policy"],
        "PutDomainPermissionsPolicy",
        "DeleteDomainPermissionsPolicy",
        "GetDomainPermissionsPolicy",
    ),
    "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": calls(
        "codeartifact",
        "CodeArtifact Repository Permissions Policy",
        ["PutRepositoryPermissionsPolicy", () => "creating CodeArtifact Repository Permissions Policy"],
        "PutRepositoryPermissionsPolicy",
        "DeleteRepositoryPermissionsPolicy",
        "GetRepositoryPermissionsPolicy",
    ),
    "aws:iam/role:Role": calls(
        "IAM",
        "IAM Role",
        ["CreateRole", (_id, p) => `creating IAM Role (${s(p.name)})`],
        "UpdateRole",
        "DeleteRole",
        "GetRole",
    ),
    "aws:iam/rolePolicy:RolePolicy": {
        service: "IAM",
        ops: {
            create: ["PutRolePolicy", (_id, p) => `putting IAM Role (${s(p.role)}) Policy (${s(p.name)})`],
            update: ["PutRolePolicy", (_id, p) => `putting IAM Role (${s(p.role)}) Policy (${s(p.name)})`],
            delete: ["DeleteRolePolicy", (_id, p) => `deleting IAM Role (${s(p.role)}) Policy (${s(p.name)})`],
            read: ["GetRolePolicy", (_id, p) => `reading IAM Role (${s(p.role)}) Policy (${s(p.name)})`],
        },
    },
    "aws:iam/policy:Policy": calls(
        "IAM",
        "IAM Policy",
        ["CreatePolicy", (_id, p) => `creating IAM Policy (${s(p.name)})`],
        "CreatePolicyVersion",
        "DeletePolicy",
        "GetPolicy",
    ),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        service: "IAM",
        ops: {
            create: ["AttachRolePolicy", (_id, p) => `attaching IAM Policy (${s(p.policyArn)}) to IAM Role (${s(p.role)})`],
            update: ["AttachRolePolicy", (_id, p) => `attaching IAM Policy (${s(p.policyArn)}) to IAM Role (${s(p.role)})`],
            delete: ["DetachRolePolicy", (_id, p) => `detaching IAM Policy (${s(p.policyArn)}) from IAM Role (${s(p.role)})`],
            read: ["ListAttachedRolePolicies", (id) => `reading IAM Role Policy Attachment (${id})`],
        },
    },
    "aws:iam/instanceProfile:InstanceProfile": calls(
        "IAM",
        "IAM Instance Profile",
        ["CreateInstanceProfile", (_id, p) => `creating IAM Instance Profile (${s(p.name)})`],
        "AddRoleToInstanceProfile",
        "DeleteInstanceProfile",
        "GetInstanceProfile",
    ),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": calls(
        "IAM",
        "IAM OIDC Provider",
        ["CreateOpenIDConnectProvider", () => "creating IAM OIDC Provider"],
        "UpdateOpenIDConnectProviderThumbprint",
        "DeleteOpenIDConnectProvider",
        "GetOpenIDConnectProvider",
    ),
};

/** Exceptions each SDK client models (their Error() is `CODE: MESSAGE`, others `api error CODE: MESSAGE`). */
const MODELED: { [service: string]: string[] } = {
    codeartifact: [
        "AccessDeniedException",
        "ConflictException",
        "InternalServerException",
        "ResourceNotFoundException",
        "ServiceQuotaExceededException",
        "ThrottlingException",
        "ValidationException",
    ],
    CloudControl: [
        "AlreadyExistsException",
        "ConcurrentOperationException",
        "GeneralServiceException",
        "HandlerFailureException",
        "HandlerInternalFailureException",
        "InvalidRequestException",
        "NotStabilizedException",
        "ResourceConflictException",
        "ResourceNotFoundException",
        "ServiceInternalErrorException",
        "ServiceLimitExceededException",
        "ThrottlingException",
        "TypeNotFoundException",
    ],
    IAM: [
        "ConcurrentModification",
        "DeleteConflict",
        "EntityAlreadyExists",
        "InvalidInput",
        "LimitExceeded",
        "MalformedPolicyDocument",
        "NoSuchEntity",
        "PolicyNotAttachable",
        "ServiceFailure",
        "UnmodifiableEntity",
    ],
    KMS: [
        "AlreadyExistsException",
        "DependencyTimeoutException",
        "InvalidArnException",
        "KMSInternalException",
        "KMSInvalidStateException",
        "LimitExceededException",
        "MalformedPolicyDocumentException",
        "NotFoundException",
        "TagException",
    ],
};

/**
 * Status and message AWS documents for an error code, used when a fault gives no message:
 * CodeArtifact API Reference (Errors of each action; ThrottlingException is HTTP 429 there,
 * ServiceQuotaExceededException 402), IAM and KMS API references, and the common errors list
 * (InternalFailure, ServiceUnavailable).
 */
const KNOWN_ERRORS: { [code: string]: { status: number; message: string } } = {
    ThrottlingException: { status: 429, message: "Rate exceeded" },
    Throttling: { status: 400, message: "Rate exceeded" },
    ServiceQuotaExceededException: {
        status: 402,
        message: "The operation did not succeed because it would have exceeded a service limit for your account.",
    },
    InternalFailure: { status: 500, message: "The request processing has failed because of an unknown error, exception or failure." },
    InternalServerException: {
        status: 500,
        message: "The operation did not succeed because of an error that occurred inside CodeArtifact.",
    },
    ServiceUnavailable: { status: 503, message: "The request has failed due to a temporary failure of the server." },
    ServiceFailure: { status: 500, message: "The request processing has failed because of an unknown error, exception or failure." },
    ValidationException: {
        status: 400,
        message: "The operation did not succeed because a parameter in the request was sent with an invalid value.",
    },
    AccessDeniedException: { status: 403, message: "The operation did not succeed because of an unauthorized access attempt." },
    ResourceNotFoundException: {
        status: 404,
        message: "The operation did not succeed because the resource requested is not found in the service.",
    },
    ConflictException: { status: 409, message: "The operation did not succeed because prerequisites are not met." },
    LimitExceeded: {
        status: 409,
        message: "The request was rejected because it attempted to create resources beyond the current AWS account limits.",
    },
    LimitExceededException: { status: 400, message: "The request was rejected because a quota was exceeded." },
};

export function awsErrorFor(code: string, message?: string, status?: number): AwsError {
    const known = KNOWN_ERRORS[code];
    return { code, status: status ?? known?.status ?? 400, message: message ?? known?.message ?? code };
}

// ---------------------------------------------------------------------------------------------
// retries (the real providers retry inside the plugin before surfacing an error)

/** aws-sdk-go-v2 aws/retry: DefaultThrottleErrorCodes and DefaultRetryableErrorCodes. */
const THROTTLE_CODES = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];
const RETRYABLE_CODES = ["RequestTimeout", "RequestTimeoutException"];
/** aws-sdk-go-v2 aws/retry DefaultRetryableHTTPStatusCodes. */
const RETRYABLE_STATUS = [500, 502, 503, 504];

/** The standard retryer's decision for a service error (aws-sdk-go-v2 retry.IsErrorRetryables). */
export function sdkRetryable(err: AwsError): boolean {
    return THROTTLE_CODES.includes(err.code) || RETRYABLE_CODES.includes(err.code) || RETRYABLE_STATUS.includes(err.status);
}

/**
 * terraform-provider-aws: `MaxRetries: 25` unless the provider config sets `max_retries`
 * (internal/provider/sdkv2/provider.go), passed as `config.WithRetryMaxAttempts` by
 * aws-sdk-go-base (aws_config.go): 25 attempts in all. pulumi-aws-native: `maxRetries := 25`
 * unless `aws-native:maxRetries` (provider/pkg/provider/provider.go), the MaxAttempts of its
 * adaptive retryer and of its own loop over Cloud Control progress events (client.withRetries).
 */
export const DEFAULT_MAX_ATTEMPTS = 25;

// ---------------------------------------------------------------------------------------------
// aws-native: what the CloudFormation handler reports for a service error

const HANDLER_OP: { [op in ApiOp]: string } = { create: "Create", update: "Update", delete: "Delete", read: "Read" };

/** The HandlerErrorCode and status message a CloudFormation handler turns a service error into. */
export function handlerFailure(type: string, op: ApiOp, err: AwsError, identifier: string): { code: string; message: string } {
    const cfType = nativeFacts(type)?.cfType ?? type;
    const operation = `${cfType.replace(/::/g, "-")}::${HANDLER_OP[op]}`;
    const service = cfType.split("::")[1] ?? "";
    const sdkMessage = `${err.message} (Service: ${service === "IAM" ? "Iam" : service.charAt(0) + service.slice(1).toLowerCase()}, Status Code: ${err.status}, Request ID: ${randomUUID()})`;
    switch (err.code) {
        case "ThrottlingException":
        case "Throttling":
            return { code: "Throttling", message: `Rate exceeded for operation '${operation}'.` };
        case "ConflictException":
        case "AlreadyExistsException":
            // CodeArtifact handlers: Translator.throwCfnException -> CfnAlreadyExistsException(TYPE_NAME, name, e).
            return { code: "AlreadyExists", message: `Resource of type '${cfType}' with identifier '${identifier}' already exists.` };
        case "EntityAlreadyExists":
            // IAM handlers pass IAM's own message on (pulumi/pulumi-aws-native#172:
            // `operation CREATE failed with "AlreadyExists": Role with name X already exists. (Service: Iam, ...)`).
            return { code: "AlreadyExists", message: sdkMessage };
        case "ServiceQuotaExceededException":
        case "LimitExceeded":
        case "LimitExceededException":
            return { code: "ServiceLimitExceeded", message: `Limit exceeded for resource of type '${cfType}'. Reason: ${sdkMessage}` };
        case "ResourceNotFoundException":
        case "NoSuchEntity":
        case "NotFoundException":
            return { code: "NotFound", message: `Resource of type '${cfType}' with identifier '${identifier}' was not found.` };
        case "AccessDeniedException":
            return { code: "AccessDenied", message: `Access denied for operation '${operation}'.` };
        case "ValidationException":
            return { code: "InvalidRequest", message: sdkMessage };
        case "InternalFailure":
            return { code: "InternalFailure", message: "Internal error occurred." };
        default:
            return { code: "GeneralServiceException", message: sdkMessage };
    }
}

// ---------------------------------------------------------------------------------------------
// the text the engine shows

export interface ErrorContext {
    type: string;
    op: ApiOp;
    id: string;
    props: PropertyMap;
    /** aws: set when the retryer gave up (the MaxAttemptsError wrapping). */
    attempts?: number;
    /** aws-native: the resource's identifier for handler messages (default: from nativeFacts). */
    identifier?: string;
}

function awsSdkError(service: string, operation: string, err: AwsError, attempts?: number): string {
    const apiError = (MODELED[service] ?? []).includes(err.code) ? `${err.code}: ${err.message}` : `api error ${err.code}: ${err.message}`;
    const retried = attempts ? `exceeded maximum number of attempts, ${attempts}, ` : "";
    return `operation error ${service}: ${operation}, ${retried}https response error StatusCode: ${err.status}, RequestID: ${randomUUID()}, ${apiError}`;
}

/** The message the real provider surfaces for an AWS error during one of its operations. */
export function providerErrorText(ctx: ErrorContext, err: AwsError): string {
    if (packageOf(ctx.type) === "aws") {
        const c = AWS_CALLS[ctx.type];
        const [operation, what] = c ? c.ops[ctx.op] : [ctx.op, () => `${ctx.op} ${ctx.type}`];
        return `${what(ctx.id, ctx.props)}: ${awsSdkError(c?.service ?? "AWS", operation, err, ctx.attempts)}: provider=aws@${PACKAGES.aws.version}`;
    }
    if (ctx.op === "read") {
        // Read is Cloud Control's synchronous GetResource; its SDK call is the one that fails.
        return awsSdkError("CloudControl", "GetResource", { ...err, status: err.status === 429 ? 400 : err.status }, ctx.attempts);
    }
    const facts = nativeFacts(ctx.type);
    const identifier = ctx.identifier ?? (facts ? String(ctx.props[facts.identifierProp] ?? ctx.id) : ctx.id);
    const f = handlerFailure(ctx.type, ctx.op, err, identifier);
    const text = handlerError(ctx.op, f.code, f.message);
    // client.Create adds its own "creating resource:" only when Cloud Control returned no identifier,
    // which it does return when the primary identifier is an input (Role, RolePolicy).
    return ctx.op === "create" && nativeFacts(ctx.type)?.identifierIsInput ? text.replace(/^creating resource: /, "") : text;
}

/**
 * Whether the provider retries this error before surfacing it. aws: the aws-sdk-go-v2 standard
 * retryer's rules. aws-native: Read is Cloud Control's GetResource, retried by the SDK the same
 * way; a failed create, update or delete is a progress event whose HandlerErrorCode its
 * client.withRetries hands to the retryer (only throttling codes such as "Throttling" qualify).
 */
export function providerRetries(type: string, op: ApiOp, err: AwsError): boolean {
    if (packageOf(type) === "aws" || op === "read") {
        return sdkRetryable(err);
    }
    const code = handlerFailure(type, op, err, "").code;
    return THROTTLE_CODES.includes(code) || RETRYABLE_CODES.includes(code);
}

// ---------------------------------------------------------------------------------------------
// names that are taken: the AWS-side identity of a resource, shared by both packages

function tail(arnOrId: string): string {
    return arnOrId.slice(arnOrId.lastIndexOf("/") + 1);
}

function accountIn(arnValue: Value | undefined, fallback: string): string {
    const m = typeof arnValue === "string" ? /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arnValue) : null;
    return m ? m[1] : fallback;
}

/**
 * What makes two resources the same thing in AWS (and so a second create fail), whichever package
 * created them: the ARN for CodeArtifact domains, repositories and package groups, OIDC providers
 * and KMS aliases; account + name for IAM roles, managed policies and instance profiles (IAM
 * names are unique in an account whatever the path). Undefined for types whose create cannot
 * collide (KMS keys, attachments, inline and resource policies: they overwrite).
 */
export function identityOf(type: string, id: string, p: PropertyMap, accountId: string): string | undefined {
    switch (type) {
        case "aws:codeartifact/domain:Domain":
        case "aws-native:codeartifact:Domain":
        case "aws:codeartifact/repository:Repository":
        case "aws-native:codeartifact:Repository":
        case "aws-native:codeartifact:PackageGroup":
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return `arn:${s(p.arn) || id}`;
        case "aws:kms/alias:Alias":
            return typeof p.arn === "string" ? `arn:${p.arn}` : undefined;
        case "aws:iam/role:Role":
            return `iam-role:${accountIn(p.arn, accountId)}:${s(p.name) || id}`;
        case "aws-native:iam:Role":
            return `iam-role:${accountIn(p.arn, accountId)}:${s(p.roleName) || id}`;
        case "aws:iam/policy:Policy":
            return `iam-policy:${accountIn(p.arn ?? id, accountId)}:${s(p.name) || tail(id)}`;
        case "aws-native:iam:ManagedPolicy":
            return `iam-policy:${accountIn(p.policyArn ?? id, accountId)}:${s(p.managedPolicyName) || tail(id)}`;
        case "aws:iam/instanceProfile:InstanceProfile":
            return `iam-instance-profile:${accountIn(p.arn, accountId)}:${s(p.name) || id}`;
        default:
            return undefined;
    }
}

/**
 * The error AWS returns when the create's name is taken. IAM and KMS wording as their APIs return
 * it (seen in provider output: `EntityAlreadyExists: Role with name X already exists.`,
 * `A policy called X already exists. Duplicate names are not allowed.`, `Instance Profile X already
 * exists.`, `Provider with url https://... already exists.`, KMS `AlreadyExistsException: An alias
 * with the name arn:...:alias/x already exists`). CodeArtifact's own ConflictException message text
 * is not published anywhere the stand-in could find; it uses the API Reference's description of
 * ConflictException and says in parentheses what is taken.
 */
export function conflictError(type: string, p: PropertyMap): AwsError {
    switch (type) {
        case "aws:codeartifact/domain:Domain":
            return awsErrorFor("ConflictException", `${KNOWN_ERRORS.ConflictException.message} (domain ${s(p.domain)} already exists)`);
        case "aws-native:codeartifact:Domain":
            return awsErrorFor("ConflictException", `${KNOWN_ERRORS.ConflictException.message} (domain ${s(p.domainName)} already exists)`);
        case "aws:codeartifact/repository:Repository":
            return awsErrorFor(
                "ConflictException",
                `${KNOWN_ERRORS.ConflictException.message} (repository ${s(p.repository)} already exists in domain ${s(p.domain)})`,
            );
        case "aws-native:codeartifact:Repository":
            return awsErrorFor(
                "ConflictException",
                `${KNOWN_ERRORS.ConflictException.message} (repository ${s(p.repositoryName)} already exists in domain ${s(p.domainName)})`,
            );
        case "aws-native:codeartifact:PackageGroup":
            return awsErrorFor(
                "ConflictException",
                `${KNOWN_ERRORS.ConflictException.message} (package group ${s(p.pattern)} already exists in domain ${s(p.domainName)})`,
            );
        case "aws:iam/role:Role":
            return awsErrorFor("EntityAlreadyExists", `Role with name ${s(p.name)} already exists.`, 409);
        case "aws-native:iam:Role":
            return awsErrorFor("EntityAlreadyExists", `Role with name ${s(p.roleName)} already exists.`, 409);
        case "aws:iam/policy:Policy":
            return awsErrorFor("EntityAlreadyExists", `A policy called ${s(p.name)} already exists. Duplicate names are not allowed.`, 409);
        case "aws-native:iam:ManagedPolicy":
            return awsErrorFor(
                "EntityAlreadyExists",
                `A policy called ${s(p.managedPolicyName)} already exists. Duplicate names are not allowed.`,
                409,
            );
        case "aws:iam/instanceProfile:InstanceProfile":
            return awsErrorFor("EntityAlreadyExists", `Instance Profile ${s(p.name)} already exists.`, 409);
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return awsErrorFor("EntityAlreadyExists", `Provider with url ${s(p.url)} already exists.`, 409);
        case "aws:kms/alias:Alias":
            return awsErrorFor("AlreadyExistsException", `An alias with the name ${s(p.arn)} already exists`, 400);
        default:
            return awsErrorFor("ConflictException");
    }
}
