// codeartifact-domain-key-rotation: a KMS key of this stack that encrypts a CodeArtifact domain
// should rotate (stack-level, because it links aws:codeartifact/domain:Domain.encryptionKey to the
// aws:kms/key:Key it names).

import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DOMAIN_TYPES, domainNameKey, programView, strProp, T } from "../resources";
import { isUnknown, read, Tri, triOr, UNKNOWN } from "../unknown";
import { Config, reportStackFindings, Verdict } from "../verdict";
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

/**
 * Does the domain's encryptionKey name this key (directly or through an alias of the stack)? When
 * that is unknown during preview, `waiting` gets the resource and property it depends on.
 */
function domainUsesKey(d: PolicyResource, k: PolicyResource, aliases: PolicyResource[], waiting: Waiting[]): Tri {
    const deps = propertyDependenciesOf(d, "encryptionKey", KEY_OR_ALIAS);
    let uses: Tri;
    if (deps.length > 0) {
        const verdicts = deps.map((dep): { dep: PolicyResource; uses: Tri } => ({
            dep,
            uses: dep.type === T.kmsKey ? dep.urn === k.urn : aliasTargets(dep, k),
        }));
        uses = triOr(verdicts.map((v) => v.uses));
        if (isUnknown(uses)) {
            waiting.push(...verdicts.filter((v) => isUnknown(v.uses)).map((v) => ({ urn: v.dep.urn, what: "targetKeyId" })));
        }
        return uses;
    }
    const key = read(d.props, "encryptionKey");
    if (isUnknown(key)) {
        waiting.push({ urn: d.urn, what: "encryptionKey" });
        return UNKNOWN;
    }
    if (typeof key !== "string" || key === "") {
        return false;
    }
    if (keyIdents(k).includes(key)) {
        return true;
    }
    const viaAlias = aliases.filter((a) => aliasIdents(a).some((i) => i === key || key.endsWith(`:${i}`)));
    uses = triOr(viaAlias.map((a) => aliasTargets(a, k)));
    if (isUnknown(uses)) {
        waiting.push(...viaAlias.filter((a) => isUnknown(aliasTargets(a, k))).map((a) => ({ urn: a.urn, what: "targetKeyId" })));
    }
    return uses;
}

interface Waiting {
    urn: string;
    what: string;
}

export const domainKeyRotation: StackValidationPolicy = {
    name: DOMAIN_KEY_ROTATION,
    description: "A KMS key of this stack that encrypts a CodeArtifact domain should have automatic rotation on.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: REMEDIATION,
    validateStack: (args, reportViolation) =>
        reportStackFindings(checkDomainKeyRotation(programView(args.resources), args.getConfig()), reportViolation),
};

/** The rule's check (see src/verdict.ts) over the program view of the stack. */
export function checkDomainKeyRotation(resources: PolicyResource[], _config: Config): Verdict {
    const verdict = new Verdict();
    const domains = resources.filter((r) => DOMAIN_TYPES.has(r.type));
    const keys = resources.filter((r) => r.type === T.kmsKey);
    if (domains.length === 0 || keys.length === 0) {
        return verdict;
    }
    const aliases = resources.filter((r) => r.type === T.kmsAlias);
    for (const k of keys) {
        const rotation = read(k.props, "enableKeyRotation");
        if (rotation === true) {
            continue;
        }
        const waiting: Waiting[] = [];
        const users = domains.map((d) => ({ d, uses: domainUsesKey(d, k, aliases, waiting) }));
        const sure = users.filter((u) => u.uses === true);
        if (isUnknown(rotation)) {
            if (sure.length > 0 || users.some((u) => isUnknown(u.uses))) {
                verdict.wait("enableKeyRotation", { urn: k.urn, fix: "value" });
            }
            continue;
        }
        if (sure.length > 0) {
            const names = sure.map((u) => {
                const n = read(u.d.props, domainNameKey(u.d.type));
                return JSON.stringify(typeof n === "string" ? n : u.d.name);
            });
            verdict.report(
                `KMS key ${JSON.stringify(k.name)} encrypts CodeArtifact domain ${names.join(", ")} but ` +
                    `enableKeyRotation is ${rotation === false ? "false" : "not set"}. ${REMEDIATION}`,
                k.urn,
            );
        } else {
            for (const w of waiting) {
                verdict.wait(w.what, { urn: w.urn, fix: w.what === "encryptionKey" ? "encryption-key" : "value" });
            }
        }
    }
    return verdict;
}
