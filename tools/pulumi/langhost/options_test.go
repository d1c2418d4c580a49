package main

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// Runtime options reach the host as ProgramInfo.Options, the `runtime.options` of Pulumi.yaml.

func TestNodeOptionsDefaults(t *testing.T) {
	for _, opts := range []map[string]any{nil, {}} {
		o, err := parseNodeOptions(programInfo(t, "/p", opts))
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "typescript", o.typescript, true)
		assertEqual(t, "tsconfig", o.tsconfig, "")
		assertSlice(t, "nodeargs", o.nodeargs, nil)
		assertEqual(t, "packagemanager", o.packagemanager, npm.AutoPackageManager)
	}
}

func TestNodeOptionsSet(t *testing.T) {
	o, err := parseNodeOptions(programInfo(t, "/p", map[string]any{
		"typescript":     false,
		"tsconfig":       "tsconfig.build.json",
		"nodeargs":       `--max-old-space-size=4096 --require "./my hook.js" --no-warnings`,
		"packagemanager": "pnpm",
	}))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "typescript", o.typescript, false)
	assertEqual(t, "tsconfig", o.tsconfig, "tsconfig.build.json")
	// Split like a shell would, so a quoted path stays one argument.
	assertSlice(t, "nodeargs", o.nodeargs,
		[]string{"--max-old-space-size=4096", "--require", "./my hook.js", "--no-warnings"})
	assertEqual(t, "packagemanager", o.packagemanager, npm.PnpmPackageManager)
}

func TestNodeOptionsPackageManagers(t *testing.T) {
	for name, want := range map[string]npm.PackageManagerType{
		"auto": npm.AutoPackageManager, "npm": npm.NpmPackageManager, "yarn": npm.YarnPackageManager,
		"pnpm": npm.PnpmPackageManager, "bun": npm.BunPackageManager,
	} {
		o, err := parseNodeOptions(programInfo(t, "/p", map[string]any{"packagemanager": name}))
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, name, o.packagemanager, want)
	}
}

func TestNodeOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"typescript": "yes"}, `runtime option "typescript" must be a boolean`},
		{map[string]any{"tsconfig": true}, `runtime option "tsconfig" must be a string`},
		{map[string]any{"nodeargs": 3}, `runtime option "nodeargs" must be a string`},
		{map[string]any{"nodeargs": `--require "unclosed`}, "runtime option nodeargs: "},
		{map[string]any{"packagemanager": "deno"},
			`runtime option packagemanager must be one of auto, npm, yarn, pnpm or bun, got "deno"`},
	} {
		_, err := parseNodeOptions(programInfo(t, "/p", tc.opts))
		assertErrorContains(t, err, tc.want)
	}
}

// The TypeScript switches @pulumi/pulumi/cmd/run reads.
func TestNodeOptionsEnv(t *testing.T) {
	base := []string{"HOME=/root"}
	assertSlice(t, "typescript with tsconfig",
		nodeOptions{typescript: true, tsconfig: "tsconfig.build.json"}.env(base),
		[]string{"HOME=/root", "PULUMI_NODEJS_TYPESCRIPT=true", "PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.build.json"})
	assertSlice(t, "typescript off", nodeOptions{typescript: false}.env(base), base)
	assertSlice(t, "tsconfig without typescript", nodeOptions{tsconfig: "t.json"}.env(base),
		[]string{"HOME=/root", "PULUMI_NODEJS_TSCONFIG_PATH=t.json"})
}

func TestPythonOptions(t *testing.T) {
	info := programInfo(t, "/proj", map[string]any{"virtualenv": ".venv", "toolchain": "uv", "typechecker": "pyright"})
	info.ProgramDirectory = "/proj/app"
	o, err := parsePythonOptions(info)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "options", o, toolchain.PythonOptions{Root: "/proj", ProgramDir: "/proj/app", Virtualenv: ".venv",
		Toolchain: toolchain.Uv, Typechecker: toolchain.TypeCheckerPyright})

	o, err = parsePythonOptions(programInfo(t, "/proj", nil))
	if err != nil {
		t.Fatal(err)
	}
	// Auto picks uv or poetry from a lock file, else pip; no typechecker.
	assertEqual(t, "defaults", o, toolchain.PythonOptions{Root: "/proj", ProgramDir: "/proj",
		Toolchain: toolchain.Auto, Typechecker: toolchain.TypeCheckerNone})

	for name, want := range map[string]toolchain.PythonOptions{
		"pip":    {Toolchain: toolchain.Pip},
		"poetry": {Toolchain: toolchain.Poetry},
		"uv":     {Toolchain: toolchain.Uv},
	} {
		o, err := parsePythonOptions(programInfo(t, "", map[string]any{"toolchain": name}))
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, name, o, want)
	}
	o, err = parsePythonOptions(programInfo(t, "", map[string]any{"typechecker": "mypy"}))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "mypy", o, toolchain.PythonOptions{Typechecker: toolchain.TypeCheckerMypy})
}

func TestPythonOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"toolchain": "conda"}, "unsupported toolchain option: conda"},
		{map[string]any{"typechecker": "pytype"}, "unsupported typechecker option: pytype"},
		{map[string]any{"virtualenv": false}, `runtime option "virtualenv" must be a string`},
		{map[string]any{"toolchain": 1}, `runtime option "toolchain" must be a string`},
	} {
		_, err := parsePythonOptions(programInfo(t, "/p", tc.opts))
		assertErrorContains(t, err, tc.want)
	}
}

func TestGoOptions(t *testing.T) {
	o, err := parseGoOptions(programInfo(t, "/p", nil))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "defaults", o, goOptions{buildTarget: "."})

	o, err = parseGoOptions(programInfo(t, "/p", map[string]any{"binary": "bin/prog", "buildTarget": "./cmd/prog"}))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "set", o, goOptions{binary: "bin/prog", buildTarget: "./cmd/prog"})

	_, err = parseGoOptions(programInfo(t, "/p", map[string]any{"binary": 7}))
	assertErrorContains(t, err, `runtime option "binary" must be a string`)
}
