// The project's one linter: ESLint with typescript-eslint's recommended rules over every
// TypeScript tree the project owns. `scripts/test.sh lint` runs it with --max-warnings 0.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["**/node_modules/**", "**/bin/**", "sdk/**", "**/*.d.ts", "bench/out/**"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            eqeqeq: ["error", "always", { null: "ignore" }],
            "prefer-const": "error",
            "no-var": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },
    {
        // Tests read untyped engine JSON (stack exports, event streams, gRPC replies); product code may not.
        files: ["**/test/**/*.ts", "tests/**/*.ts", "policypack/testing/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // Plain-JS build helpers run by node (CommonJS).
        files: ["**/*.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
    },
);
