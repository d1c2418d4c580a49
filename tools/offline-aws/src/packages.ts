// The two Pulumi packages the stand-in answers as: `aws` (plugin pulumi-resource-aws, the bridged
// Terraform provider) and `aws-native` (plugin pulumi-resource-aws-native, Cloud Control). One
// implementation serves both; this file names them and tells them apart by type token.

export type PackageName = "aws" | "aws-native";

export interface PackageInfo {
    name: PackageName;
    /** The version the plugin reports, that of the SDK the project pins. */
    version: string;
    /** The SDK whose schema the checks follow, for messages. */
    sdk: string;
    /** Prefix of every message: `offline aws stand-in`, `offline aws-native stand-in`. */
    label: string;
}

export const PACKAGES: { [name in PackageName]: PackageInfo } = {
    aws: { name: "aws", version: "7.48.0", sdk: "@pulumi/aws 7.48.0", label: "offline aws stand-in" },
    "aws-native": { name: "aws-native", version: "1.79.0", sdk: "@pulumi/aws-native 1.79.0", label: "offline aws-native stand-in" },
};

export function isPackageName(s: string): s is PackageName {
    return s === "aws" || s === "aws-native";
}

/** The package of a type or function token (`aws-native:codeartifact:PackageGroup` → aws-native); aws otherwise. */
export function packageOf(token: string): PackageName {
    return token.startsWith("aws-native:") ? "aws-native" : "aws";
}

export function labelOf(name: PackageName): string {
    return PACKAGES[name].label;
}
