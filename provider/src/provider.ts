// The plugin's provider: serves the schema and dispatches `construct` for the one component
// token. @pulumi/aws (large) is loaded only when a platform is actually constructed.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { CodeArtifactPlatformArgs, PLATFORM_TOKEN } from "./args";

export class PlatformProvider implements provider.Provider {
    constructor(
        readonly version: string,
        private readonly schemaPath: string,
    ) {}

    async getSchema(): Promise<string> {
        return fs.promises.readFile(this.schemaPath, "utf8");
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        if (type !== PLATFORM_TOKEN) {
            throw new Error(
                `unknown resource type ${JSON.stringify(type)}: the codeartifact-platform provider constructs only ${PLATFORM_TOKEN}`,
            );
        }
        const { createPlatform } = await import("./platform");
        // The engine hands over the inputs as it received them; validation checks their shape.
        const platform = await createPlatform(name, inputs as CodeArtifactPlatformArgs, options);
        return { urn: platform.urn, state: platform.outputs() };
    }
}
