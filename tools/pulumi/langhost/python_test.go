package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// fakePython logs its calls; `-m venv DIR` makes DIR a virtual environment holding a copy of itself, and
// a typechecker run fails when FAKE_CHECK_FAILS is set.
const fakePython = logCall + `if [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi
if [ "$1" = -m ] && { [ "$2" = mypy ] || [ "$2" = pyright ]; } && [ -n "$FAKE_CHECK_FAILS" ]; then exit 1; fi
`

// pythonProject is a project directory with a virtual environment (its python a fakePython), and the
// runner script placed next to a stand-in for this binary.
func pythonProject(t *testing.T) (dir, venvPython, execPath string) {
	t.Helper()
	dir = t.TempDir()
	venvPython = writeExe(t, filepath.Join(dir, "venv", "bin", "python"), fakePython)
	self := filepath.Join(t.TempDir(), "pulumi-langhost")
	execPath = writeExe(t, filepath.Join(filepath.Dir(self), pythonExecName), "")
	old := executablePath
	executablePath = func() (string, error) { return self, nil }
	t.Cleanup(func() { executablePath = old })
	return dir, venvPython, execPath
}

func TestPythonProgramCommand(t *testing.T) {
	dir, venvPython, execPath := pythonProject(t)
	calls := callLog(t)
	req := &pulumirpc.RunRequest{
		Info:           programInfo(t, dir, map[string]any{"virtualenv": "venv"}),
		MonitorAddress: "127.0.0.1:5001", Organization: "acme", Project: "codeartifact", Stack: "dev",
		Pwd: "/engine/cwd", DryRun: true, Parallel: 8,
		Config:           map[string]string{"codeartifact:domainName": "demo"},
		ConfigSecretKeys: []string{"codeartifact:token"},
		Args:             []string{"extra"},
	}
	h := &host{engineAddress: "127.0.0.1:5000", tracing: "http://zipkin"}
	l, err := (&pythonLanguage{}).programCommand(context.Background(), h, req)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "path", l.cmd.Path, venvPython)
	assertSlice(t, "argv", l.cmd.Args, []string{venvPython, execPath,
		"--monitor", "127.0.0.1:5001",
		"--engine", "127.0.0.1:5000",
		"--project", "codeartifact",
		"--root_directory", dir,
		"--stack", "dev",
		"--pwd", "/engine/cwd",
		"--dry_run", "true",
		"--parallel", "8",
		"--tracing", "http://zipkin",
		"--organization", "acme",
		".", "extra",
	})
	assertEqual(t, "dir", l.cmd.Dir, "")
	// The configuration keeps the engine's key form, on top of the activated virtual environment.
	assertEnv(t, l.cmd.Env, toolchain.ActivateVirtualEnv(os.Environ(), filepath.Join(dir, "venv")), []string{
		`PULUMI_CONFIG={"codeartifact:domainName":"demo"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["codeartifact:token"]`,
	})
	assertSlice(t, "no typechecker run", calls(), nil)

	// No configuration: no PULUMI_CONFIG at all; false and zero flags are still passed.
	req = &pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"virtualenv": "venv"})}
	l, err = (&pythonLanguage{}).programCommand(context.Background(), &host{}, req)
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args[1:], []string{execPath, "--root_directory", dir, "--dry_run", "false",
		"--parallel", "0", "."})
	assertEnv(t, l.cmd.Env, toolchain.ActivateVirtualEnv(os.Environ(), filepath.Join(dir, "venv")),
		[]string{"PULUMI_CONFIG_SECRET_KEYS=[]"})
}

// Without a virtualenv option the program runs on python3 from PATH, in our own environment.
func TestPythonProgramCommandAmbient(t *testing.T) {
	dir, _, execPath := pythonProject(t)
	bin := fakeBin(t, map[string]string{"python3": fakePython})
	t.Setenv("PULUMI_PYTHON_CMD", "")
	l, err := (&pythonLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"toolchain": "pip"})})
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{filepath.Join(bin, "python3"), execPath, "--root_directory", dir,
		"--dry_run", "false", "--parallel", "0", "."})
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"PULUMI_CONFIG_SECRET_KEYS=[]"})
}

func TestPythonProgramCommandTypechecker(t *testing.T) {
	dir, _, _ := pythonProject(t)
	calls := callLog(t)
	req := &pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"virtualenv": "venv", "typechecker": "mypy"})}
	if _, err := (&pythonLanguage{}).programCommand(context.Background(), &host{}, req); err != nil {
		t.Fatal(err)
	}
	// The typechecker runs on the program directory, from it, before the program.
	assertSlice(t, "calls", calls(), []string{dir + "|-m mypy " + dir})

	t.Setenv("FAKE_CHECK_FAILS", "1")
	_, err := (&pythonLanguage{}).programCommand(context.Background(), &host{}, req)
	assertEqual(t, "error", err.Error(), "mypy failed: exit status 1")
}

func TestPythonProgramCommandErrors(t *testing.T) {
	dir, _, _ := pythonProject(t)
	_, err := (&pythonLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"virtualenv": "missing-venv"})})
	assertErrorContains(t, err, `The 'virtualenv' option in Pulumi.yaml is set to "missing-venv", but "`+
		filepath.Join(dir, "missing-venv")+`" doesn't exist`)

	executablePath = func() (string, error) { return "/nowhere/pulumi-langhost", nil }
	_, err = (&pythonLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"virtualenv": "venv"})})
	assertEqual(t, "error", err.Error(), "missing pulumi-language-python-exec next to the language host "+
		"(/nowhere/pulumi-language-python-exec); re-run tools/pulumi/install.sh")
}

func TestPythonPluginCommandMainPy(t *testing.T) {
	dir, venvPython, _ := pythonProject(t)
	writeFile(t, filepath.Join(dir, "__main__.py"), "")
	// No virtualenv option: plugins default to ./venv, never the ambient interpreter.
	req := &pulumirpc.RunPluginRequest{
		Info: programInfo(t, dir, nil), Pwd: "/engine/cwd", Args: []string{"--flag"}, Env: []string{"A=1"},
		Kind: "resource",
	}
	l, err := (&pythonLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{venvPython, dir, "--flag"})
	assertEqual(t, "dir", l.cmd.Dir, "/engine/cwd")
	assertEnv(t, l.cmd.Env, toolchain.ActivateVirtualEnv(os.Environ(), filepath.Join(dir, "venv")), []string{"A=1"})
	if l.policyEnv != nil || l.cleanup != nil {
		t.Error("a provider needs neither the policy pack proxy nor a cleanup")
	}
}

func TestPythonPluginCommandPackage(t *testing.T) {
	dir, venvPython, _ := pythonProject(t)
	writeFile(t, filepath.Join(dir, "pyproject.toml"), `[project]
name = "codeartifact-provider"
[build-system]
build-backend = "setuptools.build_meta"
`)
	req := &pulumirpc.RunPluginRequest{Info: programInfo(t, dir, nil), Pwd: "/engine/cwd", Args: []string{"--flag"}}
	l, err := (&pythonLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{venvPython, "-m", "pulumi.run.plugin", "codeartifact-provider", "--flag"})
	assertEqual(t, "dir", l.cmd.Dir, "/engine/cwd")

	_, err = (&pythonLanguage{}).pluginCommand(context.Background(),
		&pulumirpc.RunPluginRequest{Info: programInfo(t, t.TempDir(), map[string]any{"virtualenv": "venv"})}, io.Discard)
	assertEqual(t, "error", err.Error(), "plugin is not runnable: it has neither __main__.py nor a buildable pyproject.toml")
}

func TestPythonPluginCommandPolicyPack(t *testing.T) {
	dir, _, _ := pythonProject(t)
	venv := filepath.Join(t.TempDir(), "packvenv")
	venvPython := writeExe(t, filepath.Join(venv, "bin", "python"), "")
	req := &pulumirpc.RunPluginRequest{
		Info: programInfo(t, dir, map[string]any{"virtualenv": venv}), Pwd: "/engine/cwd",
		Args: []string{"--flag"}, Env: []string{"A=1"}, Kind: "analyzer",
	}
	l, err := (&pythonLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// The SDK's runner takes the pack directory last and runs in it.
	assertSlice(t, "argv", l.cmd.Args, []string{venvPython, "-m", "pulumi.policy", "--flag", dir})
	assertEqual(t, "dir", l.cmd.Dir, dir)
	assertEnv(t, l.cmd.Env, toolchain.ActivateVirtualEnv(os.Environ(), venv), []string{"A=1"})
	if l.policyEnv == nil {
		t.Fatal("a policy pack must go through the proxy")
	}
	assertSlice(t, "policy env",
		l.policyEnv(&pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev", Project: "p", Organization: "o", DryRun: true}),
		[]string{"PULUMI_PROJECT=p", "PULUMI_STACK=dev", "PULUMI_DRY_RUN=true", "PULUMI_ORGANIZATION=o"})
	// Unlike Node.js, project, stack and dry run are always set; the organization only when known.
	assertSlice(t, "policy env without names", pythonPolicyEnv(&pulumirpc.AnalyzerStackConfigureRequest{}),
		[]string{"PULUMI_PROJECT=", "PULUMI_STACK=", "PULUMI_DRY_RUN=false"})
}

func TestPythonToolchainPluginVenv(t *testing.T) {
	fakeBin(t, map[string]string{"uv": "echo uv 0.9.0"}) // resolving uv checks its version (sdk/v3 3.276.0 needs >= 0.6.15)
	dir := t.TempDir()
	for _, tc := range []struct {
		opts   map[string]any
		plugin bool
		want   string
	}{
		{nil, false, ""},
		{nil, true, "venv"},
		{map[string]any{"toolchain": "pip"}, true, "venv"},
		{map[string]any{"virtualenv": ".venv"}, true, ".venv"},
		{map[string]any{"toolchain": "uv"}, true, ""},
	} {
		tc2, opts, err := pythonToolchain(programInfo(t, dir, tc.opts), tc.plugin)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "virtualenv", opts.Virtualenv, tc.want)
		if tc.want != "" {
			venv, _ := tc2.VirtualEnvPath(context.Background())
			assertEqual(t, "resolved virtualenv", venv, filepath.Join(dir, tc.want))
		}
	}
}

// `pulumi install` for a plugin creates ./venv and installs into it; for a program without a virtualenv
// option it installs with the ambient interpreter.
func TestPythonInstallDependencies(t *testing.T) {
	fakeBin(t, map[string]string{"python3": fakePython})
	t.Setenv("PULUMI_PYTHON_CMD", "")
	calls := callLog(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "requirements.txt"), "pulumi\n")

	req := &pulumirpc.InstallDependenciesRequest{Info: programInfo(t, dir, nil), IsPlugin: true}
	if err := (&pythonLanguage{}).installDependencies(context.Background(), req, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	venv := filepath.Join(dir, "venv")
	wd, _ := os.Getwd()
	assertSlice(t, "plugin install", calls(), []string{
		wd + "|-m venv " + venv,
		dir + "|-m pip install --upgrade pip setuptools wheel",
		dir + "|-m pip install -r requirements.txt",
	})

	if err := os.RemoveAll(venv); err != nil {
		t.Fatal(err)
	}
	req.IsPlugin = false
	if err := (&pythonLanguage{}).installDependencies(context.Background(), req, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "program install", calls()[3:], []string{
		dir + "|-m pip install --upgrade pip setuptools wheel",
		dir + "|-m pip install -r requirements.txt",
	})
	if _, err := os.Stat(venv); err == nil {
		t.Error("a program without a virtualenv option got one")
	}
}
