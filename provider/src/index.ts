// Plugin entry point: `pulumi-resource-codeartifact-platform`. Kept tiny so the provider
// starts fast; everything heavy loads on first construct.
import * as fs from "fs";
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { PlatformProvider } from "./provider";

// Read, not imported: package.json sits outside rootDir (src), so tsc would not compile an import of it.
const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
main(new PlatformProvider(version, path.join(__dirname, "schema.json")), process.argv.slice(2));

// @pulumi/pulumi captures a stack trace for every promise and resource; with source-map-support
// (installed by run-plugin and by main, synchronously, hence after the call) each one is
// source-mapped: about 30% of this provider's CPU (bench/findings.md). The frames point into the
// provider, not the user's program, so keep V8's native formatting unless asked for maps.
// Nor capture frames at all: the SDK keeps each promise's trace (its leak report, which a plugin
// the engine kills never prints) until the promise settles, ~10 MB of the provider's peak at 100
// repositories, and formatting them costs CPU. Errors still carry their message, which is all a
// construct failure sends the engine (resources' source positions set their own limit); set
// CODEARTIFACT_PLATFORM_SOURCE_MAPS=1 to debug with the usual source-mapped traces.
if (process.env.CODEARTIFACT_PLATFORM_SOURCE_MAPS !== "1") {
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    Error.stackTraceLimit = 0;
}
