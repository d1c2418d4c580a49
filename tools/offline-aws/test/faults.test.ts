// Fault injection (OFFLINE_AWS_FAULTS): parsing, counting, the providers' retries and the errors
// they surface, and the plugins over gRPC with the counters shared through a state file.
import { spawnSync } from "node:child_process";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { CallCounter, FAULTS_STATE_VAR, FAULTS_VAR, Faults, Retry, counterFileFrom, parseFaults } from "../src/faults";
import { LEDGER_VAR, parseLedger } from "../src/ledger";
import { RunningPlugin, envWith, launcherFor, startPlugin, struct, unary } from "../testing/harness";

const REPO = "aws:codeartifact/repository:Repository";
const ROLE = "aws:iam/role:Role";
const N_GROUP = "aws-native:codeartifact:PackageGroup";
const N_REPO = "aws-native:codeartifact:Repository";

function faults(spec: object[], file?: string): Faults {
    return new Faults(parseFaults(JSON.stringify(spec)), new CallCounter(file));
}

function thrown(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        return (e as Error).message;
    }
    return "no error";
}

const repoCall = { op: "create" as const, type: REPO, id: "", props: { domain: "acme", repository: "npm-internal" }, maxAttempts: 25 };

describe("OFFLINE_AWS_FAULTS parsing", () => {
    it("reads a list of {op, type, nth, error, times?}", () => {
        assert.deepEqual(parseFaults(undefined), []);
        assert.deepEqual(parseFaults(JSON.stringify([{ op: "create", type: REPO, nth: 2, error: "ThrottlingException", times: 3 }])), [
            { op: "create", type: REPO, nth: 2, error: "ThrottlingException", times: 3, message: undefined, status: undefined },
        ]);
        assert.equal(parseFaults(JSON.stringify([{ op: "read", type: "*", nth: 1, error: "InternalFailure" }]))[0].times, 1);
    });
    it("names the entry and the field of a bad value", () => {
        assert.throws(() => parseFaults("{"), /^Error: OFFLINE_AWS_FAULTS is not valid JSON/);
        assert.throws(() => parseFaults("{}"), /OFFLINE_AWS_FAULTS must be a JSON list/);
        assert.throws(
            () => parseFaults('[{"op":"put","type":"x","nth":1,"error":"E"}]'),
            /OFFLINE_AWS_FAULTS\[0\]\.op must be one of create, update, delete, read, got "put"/,
        );
        assert.throws(
            () => parseFaults('[{"op":"create","type":"x","nth":0,"error":"E"}]'),
            /OFFLINE_AWS_FAULTS\[0\]\.nth must be an integer >= 1, got 0/,
        );
        assert.throws(() => parseFaults('[{"op":"create","type":"x","nth":1,"error":"E","times":1.5}]'), /\.times must be an integer >= 1/);
        assert.throws(() => parseFaults('[{"op":"create","type":"","nth":1,"error":"E"}]'), /\.type must be a resource type token/);
        assert.throws(
            () => parseFaults('[{"op":"create","type":"x","nth":1,"error":"Rate exceeded"}]'),
            /\.error must be an AWS error code/,
        );
    });
    it("counters: in a state file next to the ledger (or OFFLINE_AWS_FAULTS_STATE), else per process", () => {
        assert.equal(counterFileFrom({ [LEDGER_VAR]: "/t/calls.jsonl" }), "/t/calls.jsonl.faults.json");
        assert.equal(counterFileFrom({ [LEDGER_VAR]: "/t/calls.jsonl", [FAULTS_STATE_VAR]: "/t/state.json" }), "/t/state.json");
        assert.equal(counterFileFrom({}), undefined);
    });
});

describe("aws: retries of the aws-sdk-go-v2 standard retryer, 25 attempts (terraform-provider-aws max_retries)", () => {
    it("a throttle that clears in time is a success after retries", () => {
        const f = faults([{ op: "create", type: REPO, nth: 2, error: "ThrottlingException", times: 3 }]);
        assert.deepEqual(f.call(repoCall), [], "call 1 is not faulted");
        assert.deepEqual(
            f.call(repoCall).map((r) => [r.attempt, r.error]),
            [
                [1, "ThrottlingException"],
                [2, "ThrottlingException"],
                [3, "ThrottlingException"],
            ],
        );
        assert.deepEqual(f.call(repoCall), [], "calls 2-4 failed, call 5 went through; call 6 is clear");
        // 24 failures still leave the 25th attempt
        assert.equal(faults([{ op: "create", type: REPO, nth: 1, error: "ThrottlingException", times: 24 }]).call(repoCall).length, 24);
    });
    it("one that outlasts the attempts surfaces the SDK's error, as pulumi-aws shows it", () => {
        const f = faults([{ op: "create", type: REPO, nth: 1, error: "ThrottlingException", times: 25 }]);
        assert.match(
            thrown(() => f.call(repoCall)),
            /^creating CodeArtifact Repository: operation error codeartifact: CreateRepository, exceeded maximum number of attempts, 25, https response error StatusCode: 429, RequestID: [0-9a-f-]{36}, ThrottlingException: Rate exceeded: provider=aws@7\.48\.0$/,
        );
        // the provider's maxRetries config is the number of attempts
        const short = faults([{ op: "create", type: REPO, nth: 1, error: "ThrottlingException", times: 5 }]);
        assert.match(
            thrown(() => short.call({ ...repoCall, maxAttempts: 3 })),
            /exceeded maximum number of attempts, 3, /,
        );
    });
    it("errors the retryer does not retry surface at once", () => {
        const f = faults([{ op: "create", type: REPO, nth: 1, error: "ServiceQuotaExceededException" }]);
        assert.match(
            thrown(() => f.call(repoCall)),
            /^creating CodeArtifact Repository: operation error codeartifact: CreateRepository, https response error StatusCode: 402, RequestID: [0-9a-f-]+, ServiceQuotaExceededException: The operation did not succeed because it would have exceeded a service limit for your account\.: provider=aws@7\.48\.0$/,
        );
        assert.deepEqual(f.call(repoCall), [], "times 1: the next call goes through");
    });
    it("5xx errors are retried; codes the service does not model read `api error`", () => {
        const internal = faults([{ op: "create", type: REPO, nth: 1, error: "InternalFailure", times: 2 }]);
        assert.equal(internal.call(repoCall).length, 2);
        const role = { op: "create" as const, type: ROLE, id: "", props: { name: "ci-read" }, maxAttempts: 25 };
        assert.match(
            thrown(() => faults([{ op: "create", type: ROLE, nth: 1, error: "Throttling", times: 30 }]).call(role)),
            /^creating IAM Role \(ci-read\): operation error IAM: CreateRole, exceeded maximum number of attempts, 25, https response error StatusCode: 400, RequestID: [0-9a-f-]+, api error Throttling: Rate exceeded: provider=aws@7\.48\.0$/,
        );
        assert.match(
            thrown(() =>
                faults([{ op: "delete", type: "*", nth: 1, error: "AccessDeniedException", message: "not allowed" }]).call({
                    ...repoCall,
                    op: "delete",
                    id: "arn:x",
                }),
            ),
            /^deleting CodeArtifact Repository \(arn:x\): operation error codeartifact: DeleteRepository, https response error StatusCode: 403, .*AccessDeniedException: not allowed: provider=aws@7\.48\.0$/,
        );
    });
    it("counts per op and type: other types and ops are not affected", () => {
        const f = faults([{ op: "create", type: REPO, nth: 1, error: "ServiceQuotaExceededException" }]);
        assert.deepEqual(f.call({ ...repoCall, type: ROLE }), []);
        assert.deepEqual(f.call({ ...repoCall, op: "update" }), []);
        assert.notEqual(
            thrown(() => f.call(repoCall)),
            "no error",
        );
    });
});

describe("aws-native: Cloud Control progress events, retried by client.withRetries (25 attempts)", () => {
    const groupCall = { op: "create" as const, type: N_GROUP, id: "", props: { domainName: "acme", pattern: "/npm/*" }, maxAttempts: 25 };
    it("a throttled handler is retried, each retry reported; exhausted, the event's error surfaces unwrapped", () => {
        const seen: string[] = [];
        const ok = faults([{ op: "create", type: N_GROUP, nth: 1, error: "ThrottlingException", times: 2 }]);
        ok.call({ ...groupCall, onRetry: (r: Retry, max: number) => seen.push(`${r.attempt}/${max}`) });
        assert.deepEqual(seen, ["1/25", "2/25"]);
        assert.equal(
            thrown(() => faults([{ op: "create", type: N_GROUP, nth: 1, error: "ThrottlingException", times: 25 }]).call(groupCall)),
            `creating resource: creating resource: operation CREATE failed with "Throttling": Rate exceeded for operation 'AWS-CodeArtifact-PackageGroup::Create'.`,
        );
    });
    it("service errors become the handler's codes and messages", () => {
        assert.match(
            thrown(() =>
                faults([{ op: "create", type: N_REPO, nth: 1, error: "ServiceQuotaExceededException" }]).call({
                    ...groupCall,
                    type: N_REPO,
                }),
            ),
            /^creating resource: creating resource: operation CREATE failed with "ServiceLimitExceeded": Limit exceeded for resource of type 'AWS::CodeArtifact::Repository'\. Reason: The operation did not succeed because it would have exceeded a service limit for your account\. \(Service: Codeartifact, Status Code: 402, Request ID: [0-9a-f-]+\)$/,
        );
        assert.equal(
            thrown(() => faults([{ op: "update", type: N_GROUP, nth: 1, error: "InternalFailure" }]).call({ ...groupCall, op: "update" })),
            `operation UPDATE failed with "InternalFailure": Internal error occurred.`,
            "InternalFailure is not retried by aws-native (not a throttling code)",
        );
    });
    it("Read is GetResource, retried by the SDK like any AWS call", () => {
        assert.match(
            thrown(() =>
                faults([{ op: "read", type: N_GROUP, nth: 1, error: "ThrottlingException", times: 25 }]).call({
                    ...groupCall,
                    op: "read",
                    id: "arn:g",
                }),
            ),
            /^operation error CloudControl: GetResource, exceeded maximum number of attempts, 25, https response error StatusCode: 400, RequestID: [0-9a-f-]+, ThrottlingException: Rate exceeded$/,
        );
    });
});

describe("counters shared through a state file", () => {
    it("two counters on one file count one sequence (as two plugin processes do)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "faults-state-"));
        try {
            const file = path.join(dir, "state.json");
            const spec = [{ op: "create", type: REPO, nth: 3, error: "ServiceQuotaExceededException" }];
            const a = faults(spec, file);
            const b = faults(spec, file);
            a.call(repoCall);
            b.call(repoCall);
            assert.match(
                thrown(() => a.call(repoCall)),
                /ServiceQuotaExceededException/,
                "the third call overall",
            );
            assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), { counts: { [`create ${REPO}`]: 3 } });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("plugin with OFFLINE_AWS_FAULTS", () => {
    let plugin: RunningPlugin;
    let dir: string;
    let ledger: string;
    const spec = [
        { op: "create", type: REPO, nth: 2, error: "ThrottlingException", times: 3 },
        { op: "create", type: REPO, nth: 6, error: "ServiceQuotaExceededException" },
    ];
    let env: NodeJS.ProcessEnv;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "faults-plugin-"));
        ledger = path.join(dir, "calls.jsonl");
        env = envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", [LEDGER_VAR]: ledger, [FAULTS_VAR]: JSON.stringify(spec) });
        plugin = await startPlugin(launcherFor("aws"), env);
    });

    after(() => {
        plugin?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const create = (p: RunningPlugin, name: string) => {
        const cr = new provproto.CreateRequest();
        cr.setUrn(`urn:pulumi:dev::proj::${REPO}::${name}`);
        cr.setProperties(struct({ domain: "acme", repository: name }));
        return unary<provproto.CreateResponse>((cb) => p.client.create(cr, cb));
    };

    it("retried creates succeed with a ledger note; the counters outlive the process; a quota error surfaces", async () => {
        await create(plugin, "r1"); // call 1
        await create(plugin, "r2"); // calls 2, 3, 4 throttled, 5 goes through
        // preview creates make no AWS call and are not counted
        const pv = new provproto.CreateRequest();
        pv.setUrn(`urn:pulumi:dev::proj::${REPO}::pv`);
        pv.setProperties(struct({ domain: "acme", repository: "pv" }));
        pv.setPreview(true);
        await unary((cb) => plugin.client.create(pv, cb));

        // the engine starts a new plugin process for the next command: call 6 is still call 6
        plugin.stop();
        plugin = await startPlugin(launcherFor("aws"), env);
        await assert.rejects(create(plugin, "r3"), (e: { details?: string }) =>
            /^offline aws stand-in: creating CodeArtifact Repository: operation error codeartifact: CreateRepository, https response error StatusCode: 402, RequestID: [0-9a-f-]+, ServiceQuotaExceededException: .*: provider=aws@7\.48\.0$/.test(
                e.details ?? "",
            ),
        );
        await create(plugin, "r3"); // call 7

        const entries = parseLedger(fs.readFileSync(ledger, "utf8"));
        assert.deepEqual(
            entries.map((e) => [e.name, e.retries, e.retryErrors]),
            [
                ["r1", undefined, undefined],
                ["r2", 3, ["ThrottlingException", "ThrottlingException", "ThrottlingException"]],
                ["r3", undefined, undefined],
            ],
        );
        assert.deepEqual(JSON.parse(fs.readFileSync(`${ledger}.faults.json`, "utf8")).counts, { [`create ${REPO}`]: 7 });
    });

    it("a bad OFFLINE_AWS_FAULTS stops the plugin with a message", () => {
        const r = spawnSync(launcherFor("aws-native"), [], {
            env: envWith({ PULUMI_OFFLINE_AWS_STANDIN: "1", [FAULTS_VAR]: '[{"op":"create","type":"x","nth":"2","error":"E"}]' }),
            encoding: "utf8",
        });
        assert.equal(r.status, 1);
        assert.equal(
            r.stderr.trim(),
            'offline aws-native stand-in: failed to start: OFFLINE_AWS_FAULTS[0].nth must be an integer >= 1, got "2"',
        );
    });
});
