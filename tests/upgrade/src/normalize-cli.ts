// record.sh's normalizer: node bin/src/normalize-cli.js RAW.json FIXTURE.json TIME STACK
// Writes the normalized fixture (2-space JSON) and prints what was rewritten.
import * as fs from "node:fs";
import { Deployment, inventory, normalize } from "./fixture";

function main(argv: string[]): void {
    const [rawFile, outFile, time, stack] = argv;
    if (!rawFile || !outFile || !time || !stack) {
        throw new Error("usage: normalize-cli RAW.json FIXTURE.json TIME STACK");
    }
    const raw = JSON.parse(fs.readFileSync(rawFile, "utf8")) as Deployment;
    const { fixture, report } = normalize(raw, { time, stack });
    fs.writeFileSync(outFile, JSON.stringify(fixture, null, 2) + "\n");
    const lines = [
        `${outFile}: ${fixture.deployment.resources.length} resources, ${fs.statSync(outFile).size} bytes`,
        ...Object.entries(report.renamed).map(([a, b]) => `  autoname ${a} -> ${b}`),
        ...Object.entries(report.uuids).map(([r, id]) => `  uuid id of ${r} -> ${id}`),
        report.droppedSecretsProvider
            ? "  no secrets in the state: secrets_providers dropped"
            : "  state holds secrets: secrets_providers kept",
        ...inventory(fixture).map((l) => `  ${l}`),
    ];
    process.stdout.write(lines.join("\n") + "\n");
}

main(process.argv.slice(2));
