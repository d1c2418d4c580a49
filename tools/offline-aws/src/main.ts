// Entry point of the offline aws stand-in: a `pulumi-resource-aws` plugin for tests without AWS.
// The launcher (launcher/pulumi-resource-aws) execs `node bin/src/main.js <engine address>`.
import { serve } from "./server";

export const ENABLE_VAR = "PULUMI_OFFLINE_AWS_STANDIN";

export function refusal(env: NodeJS.ProcessEnv): string | undefined {
    if (env[ENABLE_VAR] === "1") {
        return undefined;
    }
    return (
        `offline aws stand-in: refusing to start because ${ENABLE_VAR}=1 is not set. ` +
        `This pulumi-resource-aws is a test double that never talks to AWS; it was found on PATH ` +
        `(${process.argv[1] ?? "?"}). To use it: source tools/offline-aws/env.sh. ` +
        `To use the real aws provider: remove tools/offline-aws/launcher from PATH.`
    );
}

async function main(): Promise<void> {
    const why = refusal(process.env);
    if (why) {
        process.stderr.write(why + "\n");
        process.exit(1);
    }
    const engineAddress = process.argv.slice(2).find((a) => !a.startsWith("-"));
    const { port } = await serve(process.env, engineAddress);
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`offline aws stand-in: failed to start: ${e && e.stack ? e.stack : e}\n`);
        process.exit(1);
    });
}
