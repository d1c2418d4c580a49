// Child process for the inventory's concurrency test: `node inventory-writer.js FILE PREFIX COUNT`
// adds COUNT entries (type aws:iam/role:Role, ids PREFIX-0 ...) one locked write at a time.
import { Inventory, entryFor } from "../src/inventory";

const [file, prefix, count] = process.argv.slice(2);
const inventory = new Inventory(file);
for (let n = 0; n < Number(count); n++) {
    const id = `${prefix}-${n}`;
    inventory.put(entryFor("aws:iam/role:Role", id, { name: id }, { name: id }, `urn:pulumi:dev::p::aws:iam/role:Role::${id}`));
}
