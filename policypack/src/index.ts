// Entry point of the policy pack: constructing the PolicyPack starts the analyzer gRPC server, so
// nothing but this call lives here. The policies are in ./policies and ./rules.

import { PolicyPack } from "@pulumi/policy";
import { PACK_DEFAULT_ENFORCEMENT, PACK_NAME, policies } from "./policies";
import { timed } from "./timing";

new PolicyPack(PACK_NAME, {
    // The policies themselves unless CODEARTIFACT_POLICY_TIMINGS asks for timers (src/timing.ts).
    policies: timed(policies),
    enforcementLevel: PACK_DEFAULT_ENFORCEMENT,
    description:
        "CodeArtifact guard rails: no wildcard publish grants, customer-managed domain keys, no direct public " +
        "connections on consuming repositories, pinned OIDC trust, and more.",
    displayName: "CodeArtifact platform policies",
    provider: "aws",
    tags: ["aws", "codeartifact", "iam", "security"],
});
