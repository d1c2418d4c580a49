// Entry point of the offline aws and aws-native stand-ins: the `pulumi-resource-aws` and
// `pulumi-resource-aws-native` plugins for tests without AWS. The launcher
// (launcher/pulumi-resource-aws, and its link launcher/pulumi-resource-aws-native) execs
// `node bin/src/main.js <engine address>` with OFFLINE_AWS_STANDIN_PLUGIN set to the package its
// own name stands for.
import { PackageName, isPackageName, labelOf } from "./packages";
import { serve } from "./server";

export const ENABLE_VAR = "PULUMI_OFFLINE_AWS_STANDIN";
export const PLUGIN_VAR = "OFFLINE_AWS_STANDIN_PLUGIN";

export function pluginOf(env: NodeJS.ProcessEnv): PackageName {
    const p = env[PLUGIN_VAR];
    return p !== undefined && isPackageName(p) ? p : "aws";
}

export function refusal(env: NodeJS.ProcessEnv): string | undefined {
    if (env[ENABLE_VAR] === "1") {
        return undefined;
    }
    const pkg = pluginOf(env);
    return (
        `${labelOf(pkg)}: refusing to start because ${ENABLE_VAR}=1 is not set. ` +
        `This pulumi-resource-${pkg} is a test double that never talks to AWS; it was found on PATH ` +
        `(${process.argv[1] ?? "?"}). To use it: source tools/offline-aws/env.sh. ` +
        `To use the real ${pkg} provider: remove tools/offline-aws/launcher from PATH.`
    );
}

async function main(): Promise<void> {
    const why = refusal(process.env);
    if (why) {
        process.stderr.write(why + "\n");
        process.exit(1);
    }
    const engineAddress = process.argv.slice(2).find((a) => !a.startsWith("-"));
    const { port } = await serve(process.env, engineAddress, pluginOf(process.env));
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        // A bad OFFLINE_AWS_FAULTS (or similar setting) is the user's to fix: its message says what; no stack.
        const text = e instanceof Error && /^OFFLINE_AWS_/.test(e.message) ? e.message : e && e.stack ? e.stack : String(e);
        process.stderr.write(`${labelOf(pluginOf(process.env))}: failed to start: ${text}\n`);
        process.exit(1);
    });
}
