// Test harness: runs a built plugin through its launcher, as the engine does, and gives a typed
// gRPC client for it.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";

export const LAUNCHER_DIR = path.resolve(__dirname, "..", "..", "launcher");

export function launcherFor(plugin: "aws" | "aws-native"): string {
    return path.join(LAUNCHER_DIR, `pulumi-resource-${plugin}`);
}

/** The test's environment without the variables that would change region or account. */
export function envWith(extra: { [k: string]: string }): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const k of Object.keys(env)) {
        if (k.startsWith("OFFLINE_AWS_") || k === "AWS_REGION" || k === "AWS_DEFAULT_REGION") {
            delete env[k];
        }
    }
    return { ...env, ...extra };
}

/** Promise for one unary call: `await unary<CheckResponse>((cb) => client.check(req, cb))`. */
export function unary<Res>(start: (cb: (err: grpc.ServiceError | null, res: Res) => void) => void): Promise<Res> {
    return new Promise((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
}

export function struct(v: { [k: string]: unknown }): structproto.Struct {
    return structproto.Struct.fromJavaScript(v as { [k: string]: structproto.JavaScriptValue });
}

export interface RunningPlugin {
    child: ChildProcess;
    client: provrpc.ResourceProviderClient;
    stop(): void;
}

/** Starts the plugin and waits for the port it prints on its first line of stdout. */
export async function startPlugin(launcher: string, env: NodeJS.ProcessEnv): Promise<RunningPlugin> {
    const child = spawn(launcher, [], { env, stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<string>((resolve, reject) => {
        let buf = "";
        child.stdout!.on("data", (d) => {
            buf += d;
            const nl = buf.indexOf("\n");
            if (nl >= 0) {
                resolve(buf.slice(0, nl).trim());
            }
        });
        child.on("exit", (code) => reject(new Error(`plugin exited early with ${code}`)));
    });
    if (!/^\d+$/.test(port)) {
        child.kill();
        throw new Error(`plugin printed ${JSON.stringify(port)} instead of a port`);
    }
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        child,
        client,
        stop() {
            client.close();
            child.kill();
        },
    };
}
