// Call ledger of the offline aws and aws-native stand-ins: when OFFLINE_AWS_LEDGER names a file, every Create,
// Update and Delete the engine sends for real (never preview calls) that the stand-in accepts is
// appended to it as one JSON line. Tests read it to prove what "AWS" was asked to do, e.g. that
// `pulumi destroy` sent no Delete for a retained domain, independent of what the CLI displays.
//
// Every provider instance (the default provider, each explicit `aws.Provider`, and the same for
// aws-native) is its own plugin process: each appends whole lines with one O_APPEND write, so
// concurrent writers do not mix. `provider` tells the two packages apart.
import { appendFileSync } from "fs";
import { parseUrn } from "./operations";
import { PackageName, packageOf } from "./packages";
import { PropertyMap } from "./values";

export const LEDGER_VAR = "OFFLINE_AWS_LEDGER";

export type LedgerOp = "create" | "update" | "delete";

export interface LedgerEntry {
    op: LedgerOp;
    /** The package (plugin) that received the call: `aws` or `aws-native`. */
    provider: PackageName;
    /** Resource type token, e.g. `aws:codeartifact/domain:Domain`. */
    type: string;
    /** Logical name (last URN segment). */
    name: string;
    urn: string;
    /** Provider id of the resource (after create: the synthesized id). */
    id: string;
    /** `arn` (aws-native ManagedPolicy: `policyArn`) of the resource's properties when it has one (outputs for create/update, state for delete). */
    arn?: string;
    /** The resource's own `region` property if set, else the provider instance's region; its account. */
    region: string;
    accountId: string;
    /** Calls that failed with a retryable error (OFFLINE_AWS_FAULTS) and were retried before this one went through. */
    retries?: number;
    /** Their AWS error codes, in order. */
    retryErrors?: string[];
}

export function ledgerEntry(
    op: LedgerOp,
    urn: string,
    id: string,
    props: PropertyMap,
    config: { region: string; accountId: string },
    retries: { error: string }[] = [],
): LedgerEntry {
    const { type, name } = parseUrn(urn);
    const region = typeof props.region === "string" && props.region !== "" ? props.region : config.region;
    const entry: LedgerEntry = { op, provider: packageOf(type), type, name, urn, id, region, accountId: config.accountId };
    if (retries.length > 0) {
        entry.retries = retries.length;
        entry.retryErrors = retries.map((r) => r.error);
    }
    const arn = props.arn ?? props.policyArn;
    if (typeof arn === "string" && arn !== "") {
        entry.arn = arn;
    }
    return entry;
}

/** Appends the entry when OFFLINE_AWS_LEDGER is set; a ledger that cannot be written fails the call. */
export function record(env: { [k: string]: string | undefined }, entry: LedgerEntry): void {
    const file = env[LEDGER_VAR];
    if (!file) {
        return;
    }
    appendFileSync(file, JSON.stringify(entry) + "\n", { flag: "a" });
}

/** Parses a ledger file's text (blank lines ignored). */
export function parseLedger(text: string): LedgerEntry[] {
    return text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as LedgerEntry);
}
