// Fault injection (OFFLINE_AWS_FAULTS): make chosen AWS calls fail the way AWS fails them, and
// let the provider's own retries deal with them as the real providers do.
//
//   OFFLINE_AWS_FAULTS='[{"op":"create","type":"aws:codeartifact/repository:Repository","nth":2,"error":"ThrottlingException","times":3}]'
//
// Every real AWS call of an operation on a type is counted (1, 2, ...); a retry is another call.
// A fault makes calls nth .. nth+times-1 fail with its error. Errors the provider retries
// (throttling, 5xx) are retried up to the provider's maximum number of attempts (25 unless
// `maxRetries` is configured): a fault that clears in time is a success with retries (noted in
// the ledger), one that does not surfaces the provider's "exceeded maximum number of attempts"
// error. Other errors surface at once.
//
// The counters live in a state file shared by all stand-in processes (both plugins, every
// provider instance, every command) when one is known: OFFLINE_AWS_FAULTS_STATE, else
// `<OFFLINE_AWS_LEDGER>.faults.json`; without either they are per plugin process.
import { existsSync, readFileSync } from "fs";
import { ApiOp, AwsError, awsErrorFor, providerErrorText, providerRetries } from "./api";
import { withLock, writeAtomically } from "./files";
import { LEDGER_VAR } from "./ledger";
import { PropertyMap, isObject } from "./values";

export const FAULTS_VAR = "OFFLINE_AWS_FAULTS";
export const FAULTS_STATE_VAR = "OFFLINE_AWS_FAULTS_STATE";

const OPS: ApiOp[] = ["create", "update", "delete", "read"];

export interface Fault {
    op: ApiOp;
    /** A resource type token, or `*` for every type. */
    type: string;
    /** The first failing call (1-based). */
    nth: number;
    /** An AWS error code: ThrottlingException, ServiceQuotaExceededException, InternalFailure, ... */
    error: string;
    /** How many consecutive calls fail, from the nth on (default 1). */
    times: number;
    /** The error's message (default: the one AWS documents for the code, e.g. "Rate exceeded"). */
    message?: string;
    /** The HTTP status (default: the one AWS documents for the code, else 400). */
    status?: number;
}

/** Parses and checks OFFLINE_AWS_FAULTS; an invalid value is an error naming the entry and the field. */
export function parseFaults(text: string | undefined): Fault[] {
    if (text === undefined || text.trim() === "") {
        return [];
    }
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        throw new Error(`${FAULTS_VAR} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (!Array.isArray(data)) {
        throw new Error(`${FAULTS_VAR} must be a JSON list of {op, type, nth, error, times?}`);
    }
    return data.map((f, n): Fault => {
        const at = `${FAULTS_VAR}[${n}]`;
        if (!isObject(f)) {
            throw new Error(`${at} must be an object {op, type, nth, error, times?}`);
        }
        if (typeof f.op !== "string" || !OPS.includes(f.op as ApiOp)) {
            throw new Error(`${at}.op must be one of ${OPS.join(", ")}, got ${JSON.stringify(f.op)}`);
        }
        if (typeof f.type !== "string" || f.type === "") {
            throw new Error(`${at}.type must be a resource type token (or "*"), got ${JSON.stringify(f.type)}`);
        }
        const positive = (k: string, v: unknown, dflt?: number): number => {
            if (v === undefined && dflt !== undefined) {
                return dflt;
            }
            if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
                throw new Error(`${at}.${k} must be an integer >= 1, got ${JSON.stringify(v)}`);
            }
            return v;
        };
        if (typeof f.error !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(f.error)) {
            throw new Error(`${at}.error must be an AWS error code such as ThrottlingException, got ${JSON.stringify(f.error)}`);
        }
        if (f.message !== undefined && typeof f.message !== "string") {
            throw new Error(`${at}.message must be a string`);
        }
        return {
            op: f.op as ApiOp,
            type: f.type,
            nth: positive("nth", f.nth),
            error: f.error,
            times: positive("times", f.times, 1),
            message: f.message as string | undefined,
            status: f.status === undefined ? undefined : positive("status", f.status),
        };
    });
}

/** Counts calls per (op, type): in a shared state file, or in this process. */
export class CallCounter {
    private readonly memory = new Map<string, number>();

    constructor(readonly file?: string) {}

    /** The number of this call (1 for the first). */
    next(op: ApiOp, type: string): number {
        const key = `${op} ${type}`;
        if (!this.file) {
            const n = (this.memory.get(key) ?? 0) + 1;
            this.memory.set(key, n);
            return n;
        }
        const file = this.file;
        return withLock(file, () => {
            const counts: { [k: string]: number } = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8") || "{}").counts ?? {}) : {};
            counts[key] = (counts[key] ?? 0) + 1;
            writeAtomically(file, JSON.stringify({ counts }, null, 2) + "\n");
            return counts[key];
        });
    }
}

export function counterFileFrom(env: { [k: string]: string | undefined }): string | undefined {
    return env[FAULTS_STATE_VAR] || (env[LEDGER_VAR] ? `${env[LEDGER_VAR]}.faults.json` : undefined);
}

export interface Retry {
    attempt: number;
    error: string;
}

export interface CallContext {
    op: ApiOp;
    type: string;
    id: string;
    props: PropertyMap;
    maxAttempts: number;
    /** Told about each retry (aws-native shows them as status messages). */
    onRetry?: (retry: Retry, maxAttempts: number) => void;
}

export class FaultError extends Error {}

export class Faults {
    constructor(
        readonly faults: Fault[],
        readonly counter: CallCounter,
    ) {}

    static fromEnv(env: { [k: string]: string | undefined }): Faults | undefined {
        const faults = parseFaults(env[FAULTS_VAR]);
        return faults.length === 0 ? undefined : new Faults(faults, new CallCounter(counterFileFrom(env)));
    }

    private faultFor(op: ApiOp, type: string, call: number): Fault | undefined {
        return this.faults.find((f) => f.op === op && (f.type === type || f.type === "*") && call >= f.nth && call < f.nth + f.times);
    }

    /**
     * Makes the AWS call(s) of one provider operation: each attempt is a counted call; a faulted
     * attempt fails with its error, which the provider retries or surfaces. Returns the retries
     * made before the call went through; throws FaultError with the provider's message otherwise.
     */
    call(ctx: CallContext): Retry[] {
        const retries: Retry[] = [];
        for (let attempt = 1; ; attempt++) {
            const fault = this.faultFor(ctx.op, ctx.type, this.counter.next(ctx.op, ctx.type));
            if (!fault) {
                return retries;
            }
            const err: AwsError = awsErrorFor(fault.error, fault.message, fault.status);
            const retryable = providerRetries(ctx.type, ctx.op, err);
            if (!retryable) {
                throw new FaultError(providerErrorText({ type: ctx.type, op: ctx.op, id: ctx.id, props: ctx.props }, err));
            }
            if (attempt >= ctx.maxAttempts) {
                throw new FaultError(
                    providerErrorText({ type: ctx.type, op: ctx.op, id: ctx.id, props: ctx.props, attempts: attempt }, err),
                );
            }
            const retry = { attempt, error: err.code };
            retries.push(retry);
            ctx.onRetry?.(retry, ctx.maxAttempts);
        }
    }
}
