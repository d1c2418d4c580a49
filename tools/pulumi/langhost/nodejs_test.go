package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// fakeNode answers the `node -e "require.resolve(...)"` the host asks with a path per entry point, the
// way a program with @pulumi/pulumi installed would.
const fakeNode = logCall + `case "$2" in
*'"@pulumi/pulumi/cmd/run-policy-pack"'*) echo /prog/node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js ;;
*'"@pulumi/pulumi/cmd/run-plugin"'*) echo /prog/node_modules/@pulumi/pulumi/cmd/run-plugin/index.js ;;
*'"@pulumi/pulumi/cmd/run"'*) echo /prog/node_modules/@pulumi/pulumi/cmd/run/index.js ;;
*'"./my-run.js"'*) echo /prog/my-run.js ;;
*) echo "Cannot find module" >&2; exit 1 ;;
esac
`

func nodeRunRequest(t *testing.T, dir string) *pulumirpc.RunRequest {
	t.Helper()
	return &pulumirpc.RunRequest{
		Info:             programInfo(t, dir, map[string]any{"nodeargs": "--no-warnings", "tsconfig": "tsconfig.json"}),
		MonitorAddress:   "127.0.0.1:5001",
		Organization:     "acme",
		Project:          "codeartifact",
		Stack:            "dev",
		Pwd:              "/elsewhere",
		DryRun:           true,
		Parallel:         16,
		Config:           map[string]string{"codeartifact:domainName": "demo", "aws:region": "eu-west-1"},
		ConfigSecretKeys: []string{"codeartifact:token"},
		Args:             []string{"extra"},
	}
}

func TestNodeProgramCommand(t *testing.T) {
	bin := fakeBin(t, map[string]string{"node": fakeNode})
	calls := callLog(t)
	dir := t.TempDir()
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "")
	h := &host{engineAddress: "127.0.0.1:5000", tracing: "http://zipkin"}

	l, err := (&nodejsLanguage{}).programCommand(context.Background(), h, nodeRunRequest(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	node := filepath.Join(bin, "node")
	assertEqual(t, "path", l.cmd.Path, node)
	assertSlice(t, "argv", l.cmd.Args, []string{node,
		"--no-warnings",
		"/prog/node_modules/@pulumi/pulumi/cmd/run/index.js",
		"--monitor", "127.0.0.1:5001",
		"--engine", "127.0.0.1:5000",
		"--organization", "acme",
		"--project", "codeartifact",
		"--root-directory", dir,
		"--stack", "dev",
		"--pwd", dir,
		"--dry-run",
		"--parallel", "16",
		"--tracing", "http://zipkin",
		".", "extra",
	})
	// cmd/run changes into --pwd itself; the host leaves the working directory alone.
	assertEqual(t, "dir", l.cmd.Dir, "")
	assertEnv(t, l.cmd.Env, os.Environ(), []string{
		// The Node.js SDK reads keys as <namespace>:config:<name>.
		`PULUMI_CONFIG={"aws:config:region":"eu-west-1","codeartifact:config:domainName":"demo"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["codeartifact:token"]`,
		"PULUMI_NODEJS_TYPESCRIPT=true",
		"PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.json",
	})
	if l.cleanup != nil || l.policyEnv != nil {
		t.Errorf("cleanup set %v, policyEnv set %v; want neither", l.cleanup != nil, l.policyEnv != nil)
	}
	// The entry point is resolved from the program directory, so the program's own SDK runs it.
	calls1 := calls()
	if len(calls1) != 1 || !strings.HasPrefix(calls1[0], dir+"|-e ") {
		t.Errorf("node calls = %q, want one `node -e` in %s", calls1, dir)
	}
}

func TestNodeProgramCommandMinimal(t *testing.T) {
	fakeBin(t, map[string]string{"node": fakeNode})
	callLog(t)
	dir := t.TempDir()
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "./my-run.js")
	req := &pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"typescript": false})}

	l, err := (&nodejsLanguage{}).programCommand(context.Background(), &host{}, req)
	if err != nil {
		t.Fatal(err)
	}
	// Empty values are left out, --dry-run only on previews; parallel 0 is still passed.
	assertSlice(t, "argv", l.cmd.Args[1:], []string{"/prog/my-run.js", "--root-directory", dir, "--pwd", dir,
		"--parallel", "0", "."})
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"PULUMI_CONFIG={}", "PULUMI_CONFIG_SECRET_KEYS=[]"})
}

func TestNodeProgramCommandErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "")

	t.Setenv("PATH", t.TempDir())
	_, err := (&nodejsLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, nil)})
	assertErrorContains(t, err, "could not find node on the $PATH: ")

	fakeBin(t, map[string]string{"node": `echo "It looks like the Pulumi SDK has not been installed." >&2; exit 1`})
	_, err = (&nodejsLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, nil)})
	assertEqual(t, "error", err.Error(), "It looks like the Pulumi SDK has not been installed.")

	fakeBin(t, map[string]string{"node": fakeNode})
	callLog(t)
	_, err = (&nodejsLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, nil), Config: map[string]string{"nonamespace": "x"}})
	assertErrorContains(t, err, "nonamespace")
}

// The real node, with the snippet the host runs, in a directory without @pulumi/pulumi.
func TestResolveModuleMissingSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	_, err = resolveModule(context.Background(), node, t.TempDir(), "@pulumi/pulumi/cmd/run", "pulumi install")
	assertEqual(t, "error", err.Error(),
		"It looks like the Pulumi SDK has not been installed. Have you run pulumi install?")
}

func TestNodePluginCommandProvider(t *testing.T) {
	bin := fakeBin(t, map[string]string{"node": fakeNode})
	callLog(t)
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "")
	dir := t.TempDir()
	req := &pulumirpc.RunPluginRequest{
		Info: programInfo(t, dir, map[string]any{"nodeargs": "--no-warnings"}),
		Pwd:  "/engine/cwd", Args: []string{"--logtostderr"}, Env: []string{"PULUMI_DEBUG=1"}, Kind: "resource",
	}
	l, err := (&nodejsLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{filepath.Join(bin, "node"), "--no-warnings",
		"/prog/node_modules/@pulumi/pulumi/cmd/run-plugin/index.js", dir, "--logtostderr"})
	assertEqual(t, "dir", l.cmd.Dir, "/engine/cwd")
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"PULUMI_DEBUG=1", "PULUMI_NODEJS_TYPESCRIPT=true"})
	if l.policyEnv != nil {
		t.Error("a provider must not go through the policy pack proxy")
	}

	// PULUMI_LANGUAGE_NODEJS_RUN_PATH replaces run-plugin too.
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "./my-run.js")
	l, err = (&nodejsLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "entry point", l.cmd.Args[2], "/prog/my-run.js")
}

func TestNodePluginCommandPolicyPack(t *testing.T) {
	bin := fakeBin(t, map[string]string{"node": fakeNode})
	callLog(t)
	// Policy packs always run through run-policy-pack.
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "./my-run.js")
	dir := t.TempDir()
	req := &pulumirpc.RunPluginRequest{
		Info: programInfo(t, dir, nil), Pwd: "/engine/cwd", Args: []string{"--flag"}, Env: []string{"A=1"},
		Kind: "analyzer",
	}
	l, err := (&nodejsLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// run-policy-pack takes the pack directory last, and runs in it.
	assertSlice(t, "argv", l.cmd.Args, []string{filepath.Join(bin, "node"),
		"/prog/node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js", "--flag", dir})
	assertEqual(t, "dir", l.cmd.Dir, dir)
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"A=1", "PULUMI_NODEJS_TYPESCRIPT=true"})
	if l.policyEnv == nil {
		t.Fatal("a policy pack must go through the proxy")
	}
	assertSlice(t, "policy env",
		l.policyEnv(&pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev", Project: "p", Organization: "o"}),
		[]string{"PULUMI_NODEJS_ORGANIZATION=o", "PULUMI_NODEJS_PROJECT=p", "PULUMI_NODEJS_STACK=dev",
			"PULUMI_NODEJS_DRY_RUN=false"})
	// Empty settings are left out (dry run is always there).
	assertSlice(t, "policy env without names", nodePolicyEnv(&pulumirpc.AnalyzerStackConfigureRequest{DryRun: true}),
		[]string{"PULUMI_NODEJS_DRY_RUN=true"})
}

// `pulumi install` runs the package manager in the workspace root when the program is a workspace member.
func TestNodeInstallDependencies(t *testing.T) {
	fakeBin(t, map[string]string{"npm": logCall + `mkdir -p node_modules`})
	calls := callLog(t)
	root := t.TempDir()
	prog := filepath.Join(root, "examples", "app")
	writeFile(t, filepath.Join(root, "package.json"), `{"name": "root", "workspaces": ["examples/*"]}`)
	writeFile(t, filepath.Join(prog, "package.json"), `{"name": "app"}`)

	req := &pulumirpc.InstallDependenciesRequest{Info: programInfo(t, prog, map[string]any{"packagemanager": "npm"})}
	var out strings.Builder
	if err := (&nodejsLanguage{}).installDependencies(context.Background(), req, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "npm calls", calls(), []string{root + "|install --loglevel=error"})
	assertEqual(t, "output", out.String(), "Detected workspace root at "+root+"\n")

	// Outside a workspace: in the program directory.
	alone := t.TempDir()
	writeFile(t, filepath.Join(alone, "package.json"), `{"name": "alone"}`)
	req.Info = programInfo(t, alone, map[string]any{"packagemanager": "npm"})
	if err := (&nodejsLanguage{}).installDependencies(context.Background(), req, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "second npm call", calls()[1], alone+"|install --loglevel=error")
}
