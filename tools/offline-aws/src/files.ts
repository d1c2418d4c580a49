// Files several stand-in processes share (the inventory, the fault counters): a read-modify-write
// under a lock file (`<file>.lock`, created with O_EXCL; a lock older than STALE_LOCK_MS is taken
// over), the result written to a temporary file and renamed over the original, so no update is
// lost and no reader sees half a file.
import { closeSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "fs";
import { randomBytes } from "crypto";
import { basename, dirname, join } from "path";

const LOCK_WAIT_MS = 15000;
const STALE_LOCK_MS = 30000;

function sleepSync(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquire(lock: string): void {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
        try {
            closeSync(openSync(lock, "wx"));
            return;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
                throw e;
            }
        }
        try {
            if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) {
                unlinkSync(lock);
                continue;
            }
        } catch {
            continue; // released meanwhile
        }
        if (Date.now() > deadline) {
            throw new Error(`${lock} has been held for more than ${LOCK_WAIT_MS / 1000}s`);
        }
        sleepSync(5 + Math.floor(Math.random() * 10));
    }
}

/** Writes `text` to `file` atomically (temporary file in the same directory, then rename). */
export function writeAtomically(file: string, text: string): void {
    const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, file);
}

/** Runs `fn` holding `<file>.lock`; `fn` reads the file, changes it and writes it with writeAtomically. */
export function withLock<T>(file: string, fn: () => T): T {
    const lock = `${file}.lock`;
    acquire(lock);
    try {
        return fn();
    } finally {
        try {
            unlinkSync(lock);
        } catch {
            // already gone (taken over as stale)
        }
    }
}
