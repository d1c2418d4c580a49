// Every policy of the pack, in the order the engine runs them. index.ts hands this list to
// `new PolicyPack(...)`; tests and the harness import it without starting the analyzer server.

import { Policies } from "@pulumi/policy";
import { bearerTokenCondition } from "./rules/bearerToken";
import { dependencyConfusion } from "./rules/dependencyConfusion";
import { domainCmkEncryption } from "./rules/domainEncryption";
import { domainKeyRotation } from "./rules/keyRotation";
import { maxUpstreams } from "./rules/maxUpstreams";
import { oidcPublishAnyBranch } from "./rules/oidcPublishScope";
import { oidcTrustAudience, oidcTrustSubject } from "./rules/oidcTrust";
import { noPublicConnectionOnConsumingRepo } from "./rules/publicConnection";
import { noPublicRead } from "./rules/publicRead";
import { noWildcardPublish } from "./rules/wildcardPublish";
import { noWildcardPublishAttachment } from "./rules/wildcardPublishAttachment";
import { checksWaitingForUp } from "./rules/waitingForUp";

export { PACK_NAME } from "./rules/common";
export { BEARER_TOKEN_CONDITION } from "./rules/bearerToken";
export { DEPENDENCY_CONFUSION } from "./rules/dependencyConfusion";
export { DOMAIN_CMK } from "./rules/domainEncryption";
export { DOMAIN_KEY_ROTATION } from "./rules/keyRotation";
export { MAX_UPSTREAMS } from "./rules/maxUpstreams";
export { OIDC_PUBLISH_ANY_BRANCH } from "./rules/oidcPublishScope";
export { OIDC_TRUST_AUDIENCE, OIDC_TRUST_SUBJECT } from "./rules/oidcTrust";
export { NO_PUBLIC_CONNECTION_ON_CONSUMING_REPO } from "./rules/publicConnection";
export { NO_PUBLIC_READ } from "./rules/publicRead";
export { NO_WILDCARD_PUBLISH } from "./rules/wildcardPublish";
export { NO_WILDCARD_PUBLISH_ATTACHMENT } from "./rules/wildcardPublishAttachment";
export { CHECKS_WAITING_FOR_UP } from "./rules/waitingForUp";

export const policies: Policies = [
    noWildcardPublish,
    noWildcardPublishAttachment,
    domainCmkEncryption,
    noPublicConnectionOnConsumingRepo,
    oidcTrustSubject,
    oidcTrustAudience,
    oidcPublishAnyBranch,
    bearerTokenCondition,
    maxUpstreams,
    domainKeyRotation,
    noPublicRead,
    dependencyConfusion,
    checksWaitingForUp,
];

/** Enforcement level of a policy when nothing overrides it (the pack default is advisory). */
export const PACK_DEFAULT_ENFORCEMENT = "advisory" as const;
