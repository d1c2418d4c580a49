// codeartifact-max-upstreams: CodeArtifact allows at most 10 upstream repositories per repository;
// more fails at apply.

import { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../resources";
import { isUnknown, plain, read, Unchecked } from "../unknown";
import { onlyType } from "./common";

export const MAX_UPSTREAMS = "codeartifact-max-upstreams";
export const UPSTREAM_LIMIT = 10;

export const maxUpstreams: ResourceValidationPolicy = {
    name: MAX_UPSTREAMS,
    description: `A CodeArtifact repository may have at most ${UPSTREAM_LIMIT} upstream repositories.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Chain repositories instead: move some upstreams to an intermediate repository and list that one.",
    validateResource: onlyType(T.repository, (args, reportViolation) => {
        const ups = plain(read(args.props, "upstreams"));
        if (isUnknown(ups)) {
            const unchecked = new Unchecked();
            unchecked.add("the number of upstreams");
            unchecked.raise();
        }
        if (!Array.isArray(ups) || ups.length <= UPSTREAM_LIMIT) {
            return;
        }
        const names = ups.map((u) => {
            const n = isUnknown(u) ? u : (u as Record<string, unknown> | null)?.repositoryName;
            return typeof n === "string" ? n : "(not known yet)";
        });
        const repo = read(args.props, "repository");
        reportViolation(
            `repository${typeof repo === "string" ? " " + JSON.stringify(repo) : ""} lists ${ups.length} upstreams ` +
                `(${names.join(", ")}); CodeArtifact accepts at most ${UPSTREAM_LIMIT}, so apply would fail. ` +
                "Chain repositories instead: move some upstreams to an intermediate repository and list that one.",
        );
    }),
};
