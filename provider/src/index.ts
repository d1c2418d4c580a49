// Plugin entry point: `pulumi-resource-codeartifact-platform`. Kept tiny so the provider
// starts fast; everything heavy loads on first construct.
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { PlatformProvider } from "./provider";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { version } = require("../package.json") as { version: string };
main(new PlatformProvider(version, path.join(__dirname, "schema.json")), process.argv.slice(2));
