// Build step: schema.yaml (the source of truth) → bin/schema.json, which the provider serves
// from GetSchema. Converting at build time keeps a YAML parser out of the provider's runtime.
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const schema = YAML.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.yaml"), "utf8"));
const out = path.join(__dirname, "..", "bin", "schema.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
