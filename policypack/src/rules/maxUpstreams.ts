// codeartifact-max-upstreams: CodeArtifact allows at most 10 upstream repositories per repository;
// more fails at apply.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { REPOSITORY_TYPES, repositoryNameKey } from "../resources";
import { isUnknown, plain, read } from "../unknown";
import { CheckedResource, Config, reportResourceFindings, Verdict } from "../verdict";

export const MAX_UPSTREAMS = "codeartifact-max-upstreams";
export const UPSTREAM_LIMIT = 10;

const REMEDIATION = "Chain repositories instead: move some upstreams to an intermediate repository and list that one.";

/** The rule's check (see src/verdict.ts). Upstreams whose names are unknown still count. */
export function checkMaxUpstreams(r: CheckedResource, _config: Config): Verdict {
    const verdict = new Verdict(r.urn);
    if (!REPOSITORY_TYPES.has(r.type)) {
        return verdict;
    }
    const ups = plain(read(r.props, "upstreams"));
    if (isUnknown(ups)) {
        verdict.wait("upstreams", { fix: "upstreams" });
        return verdict;
    }
    if (!Array.isArray(ups) || ups.length <= UPSTREAM_LIMIT) {
        return verdict;
    }
    const names = ups.map((u) => {
        // aws: {repositoryName}; aws-native: the name itself.
        const n = isUnknown(u) || typeof u === "string" ? u : (u as Record<string, unknown> | null)?.repositoryName;
        return typeof n === "string" ? n : "(not known yet)";
    });
    const repo = read(r.props, repositoryNameKey(r.type));
    verdict.report(
        `repository${typeof repo === "string" ? " " + JSON.stringify(repo) : ""} lists ${ups.length} upstreams ` +
            `(${names.join(", ")}); CodeArtifact accepts at most ${UPSTREAM_LIMIT}, so apply would fail. ${REMEDIATION}`,
    );
    return verdict;
}

export const maxUpstreams: ResourceValidationPolicy = {
    name: MAX_UPSTREAMS,
    description: `A CodeArtifact repository may have at most ${UPSTREAM_LIMIT} upstream repositories.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: REMEDIATION,
    validateResource: (args, reportViolation) => reportResourceFindings(checkMaxUpstreams(args, args.getConfig()), reportViolation),
};
