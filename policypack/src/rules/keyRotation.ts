// codeartifact-domain-key-rotation: a KMS key of this stack that encrypts a CodeArtifact domain
// should rotate (stack-level, because it links aws:codeartifact/domain:Domain.encryptionKey to the
// aws:kms/key:Key it names).

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { strProp, T } from "../resources";
import { isUnknown, read, Tri, triOr, Unchecked, UNKNOWN } from "../unknown";
import { identifiersOf, propertyDependenciesOf } from "./common";

export const DOMAIN_KEY_ROTATION = "codeartifact-domain-key-rotation";

const KEY_OR_ALIAS: ReadonlySet<string> = new Set([T.kmsKey, T.kmsAlias]);
const KEY_ONLY: ReadonlySet<string> = new Set([T.kmsKey]);

const REMEDIATION = "Set enableKeyRotation: true on the key (rotationPeriodInDays can shorten the default 365 days).";

function keyIdents(k: PolicyResource): string[] {
    return identifiersOf(k, ["arn", "keyId", "id"]).known;
}

function aliasIdents(a: PolicyResource): string[] {
    return identifiersOf(a, ["arn", "name", "id"]).known;
}

/** Does the alias point at the key? */
function aliasTargets(a: PolicyResource, k: PolicyResource): Tri {
    if (propertyDependenciesOf(a, "targetKeyId", KEY_ONLY).some((d) => d.urn === k.urn)) {
        return true;
    }
    const target = strProp(a.props, "targetKeyId");
    const targetArn = strProp(a.props, "targetKeyArn");
    const ids = keyIdents(k);
    if ((typeof target === "string" && ids.includes(target)) || (typeof targetArn === "string" && ids.includes(targetArn))) {
        return true;
    }
    return isUnknown(target) ? UNKNOWN : false;
}

/** Does the domain's encryptionKey name this key (directly or through an alias of the stack)? */
function domainUsesKey(d: PolicyResource, k: PolicyResource, aliases: PolicyResource[]): Tri {
    const deps = propertyDependenciesOf(d, "encryptionKey", KEY_OR_ALIAS);
    if (deps.length > 0) {
        return triOr(deps.map((dep) => (dep.type === T.kmsKey ? dep.urn === k.urn : aliasTargets(dep, k))));
    }
    const key = read(d.props, "encryptionKey");
    if (isUnknown(key)) {
        return UNKNOWN;
    }
    if (typeof key !== "string" || key === "") {
        return false;
    }
    if (keyIdents(k).includes(key)) {
        return true;
    }
    const viaAlias = aliases.filter((a) => aliasIdents(a).some((i) => i === key || key.endsWith(`:${i}`)));
    return triOr(viaAlias.map((a) => aliasTargets(a, k)));
}

export const domainKeyRotation: StackValidationPolicy = {
    name: DOMAIN_KEY_ROTATION,
    description: "A KMS key of this stack that encrypts a CodeArtifact domain should have automatic rotation on.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: REMEDIATION,
    validateStack: (args, reportViolation) => {
        const domains = args.resources.filter((r) => r.type === T.domain);
        const keys = args.resources.filter((r) => r.type === T.kmsKey);
        if (domains.length === 0 || keys.length === 0) {
            return;
        }
        const aliases = args.resources.filter((r) => r.type === T.kmsAlias);
        const unchecked = new Unchecked();
        for (const k of keys) {
            const rotation = read(k.props, "enableKeyRotation");
            if (rotation === true) {
                continue;
            }
            const users = domains.map((d) => ({ d, uses: domainUsesKey(d, k, aliases) }));
            const sure = users.filter((u) => u.uses === true);
            if (isUnknown(rotation)) {
                if (sure.length > 0 || users.some((u) => isUnknown(u.uses))) {
                    unchecked.add(`enableKeyRotation of aws:kms/key:Key ${JSON.stringify(k.name)}`);
                }
                continue;
            }
            if (sure.length > 0) {
                const names = sure.map((u) => {
                    const n = read(u.d.props, "domain");
                    return JSON.stringify(typeof n === "string" ? n : u.d.name);
                });
                reportViolation(
                    `KMS key ${JSON.stringify(k.name)} encrypts CodeArtifact domain ${names.join(", ")} but ` +
                        `enableKeyRotation is ${rotation === false ? "false" : "not set"}. ${REMEDIATION}`,
                    k.urn,
                );
            } else if (users.some((u) => isUnknown(u.uses))) {
                unchecked.add(`whether a domain uses aws:kms/key:Key ${JSON.stringify(k.name)} (rotation off)`);
            }
        }
        unchecked.raise();
    },
};
