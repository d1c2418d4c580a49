package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// pythonExecName is the runner script placed next to this binary by tools/pulumi/install.sh (it ships in
// the sdk/v3 Go module as python/cmd/pulumi-language-python-exec). It connects the `pulumi` package to the
// engine and then runs the program.
const pythonExecName = "pulumi-language-python-exec"

// pythonLanguage runs programs with the interpreter chosen by the SDK's toolchain package
// (runtime options toolchain: pip|poetry|uv, virtualenv: <dir>, typechecker: mypy|pyright).
type pythonLanguage struct{}

func (*pythonLanguage) name() string { return "python" }

func parsePythonOptions(info *pulumirpc.ProgramInfo) (toolchain.PythonOptions, error) {
	opts := options(info)
	o := toolchain.PythonOptions{Root: info.RootDirectory, ProgramDir: info.ProgramDirectory}
	var err error
	if o.Virtualenv, err = stringOption(opts, "virtualenv"); err != nil {
		return o, err
	}
	tc, err := stringOption(opts, "toolchain")
	if err != nil {
		return o, err
	}
	switch tc {
	case "":
		// Auto: uv.lock or poetry.lock select those tools, otherwise pip.
	case "pip":
		o.Toolchain = toolchain.Pip
	case "poetry":
		o.Toolchain = toolchain.Poetry
	case "uv":
		o.Toolchain = toolchain.Uv
	default:
		return o, fmt.Errorf("unsupported toolchain option: %s", tc)
	}
	checker, err := stringOption(opts, "typechecker")
	if err != nil {
		return o, err
	}
	switch checker {
	case "":
	case "mypy":
		o.Typechecker = toolchain.TypeCheckerMypy
	case "pyright":
		o.Typechecker = toolchain.TypeCheckerPyright
	default:
		return o, fmt.Errorf("unsupported typechecker option: %s", checker)
	}
	return o, nil
}

// executablePath is os.Executable; tests point it elsewhere to place the runner script.
var executablePath = os.Executable

func pythonExecPath() (string, error) {
	self, err := executablePath()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(self), pythonExecName)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("missing %s next to the language host (%s); re-run tools/pulumi/install.sh", pythonExecName, p)
	}
	return p, nil
}

// pythonToolchain resolves the toolchain for a program or, with plugin set, a plugin: plugins never run
// in the ambient interpreter, so pip (also when auto-selected) defaults to ./venv like upstream.
func pythonToolchain(info *pulumirpc.ProgramInfo, plugin bool) (toolchain.Toolchain, toolchain.PythonOptions, error) {
	opts, err := parsePythonOptions(info)
	if err != nil {
		return nil, opts, err
	}
	if plugin && (opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	tc, err := toolchain.ResolveToolchain(opts)
	return tc, opts, err
}

// programCommand runs the program through pulumi-language-python-exec with the toolchain's interpreter,
// after the typechecker the options name, if any.
func (l *pythonLanguage) programCommand(ctx context.Context, h *host, req *pulumirpc.RunRequest) (*launch, error) {
	tc, opts, err := pythonToolchain(req.Info, false)
	if err != nil {
		return nil, err
	}
	execPath, err := pythonExecPath()
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}

	checker := ""
	switch opts.Typechecker {
	case toolchain.TypeCheckerMypy:
		checker = "mypy"
	case toolchain.TypeCheckerPyright:
		checker = "pyright"
	case toolchain.TypeCheckerNone:
	}
	if checker != "" {
		check, err := tc.Command(ctx, "-m", checker, req.Info.ProgramDirectory)
		if err != nil {
			return nil, err
		}
		check.Dir = req.Info.ProgramDirectory
		stdStreams(check)
		if err := check.Run(); err != nil {
			return nil, fmt.Errorf("%s failed: %w", checker, err)
		}
	}

	cmd, err := tc.Command(ctx, pythonProgramArgs(execPath, h.engineAddress, h.tracing, req)...)
	if err != nil {
		return nil, err
	}
	withEnv(cmd, pythonProgramEnv(req)...)
	return &launch{cmd: cmd}, nil
}

// pythonProgramArgs is the interpreter's argv: the runner script and its flags (snake_case, unlike
// Node.js), then the entry point and the engine's extra arguments.
func pythonProgramArgs(execPath, engineAddress, tracing string, req *pulumirpc.RunRequest) []string {
	args := append([]string{execPath}, flagArgs(
		"monitor", req.MonitorAddress,
		"engine", engineAddress,
		"project", req.Project,
		"root_directory", req.Info.RootDirectory,
		"stack", req.Stack,
		"pwd", req.Pwd,
		"dry_run", fmt.Sprint(req.DryRun),
		"parallel", fmt.Sprint(req.Parallel),
		"tracing", tracing,
		"organization", req.Organization)...)
	args = append(args, req.Info.EntryPoint)
	return append(args, req.Args...)
}

// pythonProgramEnv is what a program gets on top of the toolchain's environment: its configuration.
func pythonProgramEnv(req *pulumirpc.RunRequest) []string {
	var env []string
	if req.Config != nil {
		env = append(env, configEnv(req.Config))
	}
	return append(env, secretKeysEnv(req.ConfigSecretKeys))
}

// pluginCommand runs a provider or policy pack written in Python. A policy pack runs through the SDK's
// `pulumi.policy` runner in its own directory; a provider directory with __main__.py runs directly and a
// buildable package (pyproject.toml) through the SDK's `pulumi.run.plugin` module.
func (l *pythonLanguage) pluginCommand(ctx context.Context, req *pulumirpc.RunPluginRequest, _ io.Writer,
) (*launch, error) {
	tc, opts, err := pythonToolchain(req.Info, true)
	if err != nil {
		return nil, err
	}

	if req.Kind == string(apitype.AnalyzerPlugin) {
		dir := req.Info.ProgramDirectory
		cmd, err := tc.ModuleCommand(ctx, "pulumi.policy", append(append([]string{}, req.Args...), dir)...)
		if err != nil {
			return nil, err
		}
		cmd.Dir = dir
		withEnv(cmd, req.Env...)
		return &launch{cmd: cmd, policyEnv: pythonPolicyEnv}, nil
	}

	var cmd *exec.Cmd
	if _, statErr := os.Stat(filepath.Join(opts.Root, "__main__.py")); statErr == nil {
		cmd, err = tc.Command(ctx, append([]string{req.Info.ProgramDirectory}, req.Args...)...)
	} else {
		buildable, berr := toolchain.IsBuildablePackage(opts.Root)
		if berr != nil {
			return nil, berr
		}
		if !buildable {
			return nil, errors.New("plugin is not runnable: it has neither __main__.py nor a buildable pyproject.toml")
		}
		pyproject, perr := toolchain.LoadPyproject(opts.Root)
		if perr != nil {
			return nil, perr
		}
		cmd, err = tc.ModuleCommand(ctx, "pulumi.run.plugin", append([]string{pyproject.Project.Name}, req.Args...)...)
	}
	if err != nil {
		return nil, err
	}
	cmd.Dir = req.Pwd
	withEnv(cmd, req.Env...)
	return &launch{cmd: cmd}, nil
}

// pythonPolicyEnv is where the `pulumi.policy` runner reads the stack's settings from.
func pythonPolicyEnv(stackCfg *pulumirpc.AnalyzerStackConfigureRequest) []string {
	env := []string{
		"PULUMI_PROJECT=" + stackCfg.Project,
		"PULUMI_STACK=" + stackCfg.Stack,
		fmt.Sprintf("PULUMI_DRY_RUN=%t", stackCfg.DryRun),
	}
	if stackCfg.Organization != "" {
		env = append(env, "PULUMI_ORGANIZATION="+stackCfg.Organization)
	}
	return env
}

func (l *pythonLanguage) installDependencies(ctx context.Context, req *pulumirpc.InstallDependenciesRequest,
	stdout, stderr io.Writer,
) error {
	tc, _, err := pythonToolchain(req.Info, req.IsPlugin)
	if err != nil {
		return err
	}
	return tc.InstallDependencies(ctx, req.Info.ProgramDirectory, req.UseLanguageVersionTools, true, stdout, stderr)
}

// pythonPluginScan prints, as JSON, every installed distribution that is a Pulumi package: it ships a
// top-level <module>/pulumi-plugin.json, or its name starts with "pulumi-"/"pulumi_".
const pythonPluginScan = `
import json, os, importlib.metadata as md
found = []
for dist in md.distributions():
    name = (dist.metadata["Name"] or "").strip()
    if not name:
        continue
    plugin = None
    for f in (dist.files or []):
        if f.name == "pulumi-plugin.json" and len(f.parts) == 2:
            try:
                with open(dist.locate_file(f)) as fh:
                    plugin = json.load(fh)
            except Exception:
                pass
            break
    norm = name.lower().replace("_", "-")
    if plugin is None and not norm.startswith("pulumi-"):
        continue
    found.append({"name": norm, "version": dist.version, "plugin": plugin})
print(json.dumps(found))
`

// Distributions that are Pulumi libraries without a resource plugin.
var pythonPackagesWithoutPlugins = map[string]bool{"pulumi-policy": true, "pulumi-esc-sdk": true}

var plainVersion = regexp.MustCompile(`^\d+(\.\d+)*$`)

func (l *pythonLanguage) requiredPackages(ctx context.Context, h *host, info *pulumirpc.ProgramInfo,
) ([]*pulumirpc.PackageDependency, error) {
	tc, _, err := pythonToolchain(info, false)
	if err != nil {
		return nil, err
	}
	// Like upstream: create the virtual environment (and install requirements) if it is missing.
	out, errOut := engineLogWriters(ctx, h.engineAddress)
	if err := tc.EnsureVenv(ctx, info.ProgramDirectory, false, true, out, errOut); err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, "-c", pythonPluginScan)
	if err != nil {
		return nil, err
	}
	cmd.Dir = info.ProgramDirectory
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing Python packages: %w", err)
	}
	var found []struct {
		Name    string                   `json:"name"`
		Version string                   `json:"version"`
		Plugin  *plugin.PulumiPluginJSON `json:"plugin"`
	}
	if err := json.Unmarshal(raw, &found); err != nil {
		return nil, fmt.Errorf("parsing Python package list: %w", err)
	}
	var pkgs []*pulumirpc.PackageDependency
	for _, f := range found {
		if pythonPackagesWithoutPlugins[f.Name] {
			continue
		}
		dep := &pulumirpc.PackageDependency{Name: strings.TrimPrefix(f.Name, "pulumi-"), Kind: "resource"}
		version := ""
		if f.Plugin != nil {
			if !f.Plugin.Resource {
				continue
			}
			if f.Plugin.Name != "" {
				dep.Name = f.Plugin.Name
			}
			version = f.Plugin.Version
			dep.Server = f.Plugin.Server
			dep.Parameterization = parameterization(f.Plugin.Parameterization)
		}
		if version == "" {
			// Only plain release versions map onto plugin versions unambiguously.
			if !plainVersion.MatchString(f.Version) {
				continue
			}
			version = f.Version
			for strings.Count(version, ".") < 2 {
				version += ".0"
			}
		}
		dep.Version = pluginVersion(version)
		pkgs = append(pkgs, dep)
	}
	return pkgs, nil
}

func (l *pythonLanguage) generatePackage(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
	loader schema.ReferenceLoader,
) (map[string][]byte, error) {
	return pygen.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
}

// pack builds a wheel of a generated Python SDK with pip.
func (l *pythonLanguage) pack(ctx context.Context, req *pulumirpc.PackRequest) (string, error) {
	tmp, err := os.MkdirTemp("", "pulumi-python-pack")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd, err := toolchain.Command(ctx, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", tmp, req.PackageDirectory)
	if err != nil {
		return "", err
	}
	cmd.Stdout, cmd.Stderr = struct{ io.Writer }{os.Stderr}, struct{ io.Writer }{os.Stderr}
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("pip wheel %s: %w", req.PackageDirectory, err)
	}
	wheels, _ := filepath.Glob(filepath.Join(tmp, "*.whl"))
	if len(wheels) != 1 {
		return "", fmt.Errorf("expected one wheel from pip, found %d", len(wheels))
	}
	dst := filepath.Join(req.DestinationDirectory, filepath.Base(wheels[0]))
	data, err := os.ReadFile(wheels[0])
	if err != nil {
		return "", err
	}
	return dst, os.WriteFile(dst, data, 0o644) //nolint:gosec
}

func (l *pythonLanguage) about(ctx context.Context, info *pulumirpc.ProgramInfo) (*pulumirpc.AboutResponse, error) {
	opts := toolchain.PythonOptions{Toolchain: toolchain.Pip}
	if info != nil {
		var err error
		if opts, err = parsePythonOptions(info); err != nil {
			return nil, err
		}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	about, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: about.PythonExecutable, Version: about.PythonVersion.String()}, nil
}

func (l *pythonLanguage) dependencies(ctx context.Context, info *pulumirpc.ProgramInfo, transitive bool,
) ([]*pulumirpc.DependencyInfo, error) {
	tc, _, err := pythonToolchain(info, false)
	if err != nil {
		return nil, err
	}
	pkgs, err := tc.ListPackages(ctx, transitive)
	if err != nil {
		return nil, err
	}
	return dependencyInfos(pkgs), nil
}

// engineLogWriters returns writers that show output as ephemeral engine log lines (falling back to our
// stderr when there is no engine to talk to).
func engineLogWriters(ctx context.Context, engineAddress string) (io.Writer, io.Writer) {
	if engineAddress == "" {
		return os.Stderr, os.Stderr
	}
	conn, err := grpc.NewClient(engineAddress, grpc.WithTransportCredentials(insecure.NewCredentials()),
		rpcutil.GrpcChannelOptions())
	if err != nil {
		return os.Stderr, os.Stderr
	}
	client := pulumirpc.NewEngineClient(conn)
	stream := rand.Int31() //nolint:gosec
	return &engineLog{ctx, client, stream, pulumirpc.LogSeverity_INFO},
		&engineLog{ctx, client, stream, pulumirpc.LogSeverity_ERROR}
}

type engineLog struct {
	ctx      context.Context
	client   pulumirpc.EngineClient
	stream   int32
	severity pulumirpc.LogSeverity
}

func (w *engineLog) Write(p []byte) (int, error) {
	_, err := w.client.Log(w.ctx, &pulumirpc.LogRequest{
		Message: strings.ToValidUTF8(string(p), "\uFFFD"), Ephemeral: true, StreamId: w.stream, Severity: w.severity,
	})
	if err != nil {
		return 0, err
	}
	return len(p), nil
}
