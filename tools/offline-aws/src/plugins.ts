// Which resource types each package of the stand-in answers for, and how its messages read.
import { NATIVE_SPECS } from "./native";
import { PACKAGES, PackageName, labelOf, packageOf } from "./packages";
import { AWS_SPECS, ResourceSpec } from "./resources";

export const SPECS: { [name in PackageName]: { [type: string]: ResourceSpec } } = {
    aws: AWS_SPECS,
    "aws-native": NATIVE_SPECS,
};

export class UnsupportedTypeError extends Error {}

export function specFor(type: string): ResourceSpec {
    const pkg = packageOf(type);
    const spec = SPECS[pkg][type];
    if (!spec) {
        throw new UnsupportedTypeError(
            `the ${labelOf(pkg)} does not support resource type ${type}; ` +
                `run against the real ${pkg} provider with credentials (supported: ${Object.keys(SPECS[pkg]).join(", ")})`,
        );
    }
    return spec;
}

/** Check's failure reason for a missing required input, in each provider's wording. */
export function missingRequired(type: string, prop: string): string {
    const pkg = packageOf(type);
    const by = `checked by the ${labelOf(pkg)} against ${PACKAGES[pkg].sdk}`;
    // aws (bridged Terraform): "Missing required property 'x'"; aws-native (validate.go): "missing required property x".
    return pkg === "aws" ? `Missing required property '${prop}' (${by})` : `missing required property ${prop} (${by})`;
}

/** An API-level refusal as the provider reports it for a create or an update. */
export function apiErrorText(type: string, message: string, op: "create" | "update"): string {
    // aws messages are written for Create* operations; aws-native ones already name their operation.
    const text = packageOf(type) === "aws" && op === "update" ? message.replace(/^Create/, "Update") : message;
    return `${labelOf(packageOf(type))}: ${text}`;
}
