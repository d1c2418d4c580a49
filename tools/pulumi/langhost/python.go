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
	sdk "github.com/pulumi/pulumi/sdk/v3"
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

func pythonExecPath() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(self), pythonExecName)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("missing %s next to the language host (%s); re-run tools/pulumi/install.sh", pythonExecName, p)
	}
	return p, nil
}

func (l *pythonLanguage) run(ctx context.Context, h *host, req *pulumirpc.RunRequest) *pulumirpc.RunResponse {
	opts, err := parsePythonOptions(req.Info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	execPath, err := pythonExecPath()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
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
			return &pulumirpc.RunResponse{Error: err.Error()}
		}
		check.Dir = req.Info.ProgramDirectory
		stdStreams(check)
		if err := check.Run(); err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("%s failed: %v", checker, err)}
		}
	}

	args := []string{execPath}
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	flag("monitor", req.MonitorAddress)
	flag("engine", h.engineAddress)
	flag("project", req.Project)
	flag("root_directory", req.Info.RootDirectory)
	flag("stack", req.Stack)
	flag("pwd", req.Pwd)
	flag("dry_run", fmt.Sprint(req.DryRun))
	flag("parallel", fmt.Sprint(req.Parallel))
	flag("tracing", h.tracing)
	flag("organization", req.Organization)
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.Args...)

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	if req.Config != nil {
		cfgJSON, _ := json.Marshal(req.Config)
		env = append(env, "PULUMI_CONFIG="+string(cfgJSON))
	}
	secretKeys := req.ConfigSecretKeys
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)
	cmd.Env = append(env, "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	stdStreams(cmd)
	return runResult(cmd.Run())
}

// runPlugin runs a provider or policy pack written in Python: a directory with __main__.py runs directly,
// a buildable package (pyproject.toml) runs through the SDK's `pulumi.run.plugin` module.
func (l *pythonLanguage) runPlugin(ctx context.Context, h *host, req *pulumirpc.RunPluginRequest,
	stdout, stderr io.Writer,
) error {
	opts, err := parsePythonOptions(req.Info)
	if err != nil {
		return err
	}
	// Plugins never run in the ambient interpreter: default to ./venv like upstream.
	if (opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}

	if req.Kind == string(apitype.AnalyzerPlugin) {
		return runPythonPolicyPack(ctx, tc, req, stdout, stderr)
	}

	var cmd *exec.Cmd
	if _, statErr := os.Stat(filepath.Join(opts.Root, "__main__.py")); statErr == nil {
		cmd, err = tc.Command(ctx, append([]string{req.Info.ProgramDirectory}, req.Args...)...)
	} else {
		buildable, berr := toolchain.IsBuildablePackage(opts.Root)
		if berr != nil {
			return berr
		}
		if !buildable {
			return errors.New("plugin is not runnable: it has neither __main__.py nor a buildable pyproject.toml")
		}
		pyproject, perr := toolchain.LoadPyproject(opts.Root)
		if perr != nil {
			return perr
		}
		cmd, err = tc.ModuleCommand(ctx, "pulumi.run.plugin", append([]string{pyproject.Project.Name}, req.Args...)...)
	}
	if err != nil {
		return err
	}
	cmd.Dir = req.Pwd
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, req.Env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
}

// runPythonPolicyPack starts a policy pack with the SDK's `pulumi.policy` runner, which reads the stack's
// settings from PULUMI_* variables at start-up: the SDK's PolicyProxy first takes the engine's
// ConfigureStack call, then the pack is started with those settings and the proxy forwards to it.
func runPythonPolicyPack(ctx context.Context, tc toolchain.Toolchain, req *pulumirpc.RunPluginRequest,
	stdout, stderr io.Writer,
) error {
	proxy, proxyOut, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	stackCfg, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	dir := req.Info.ProgramDirectory
	cmd, err := tc.ModuleCommand(ctx, "pulumi.policy", append(append([]string{}, req.Args...), dir)...)
	if err != nil {
		return err
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, req.Env...)
	if stackCfg != nil {
		cmd.Env = append(cmd.Env,
			"PULUMI_PROJECT="+stackCfg.Project,
			"PULUMI_STACK="+stackCfg.Stack,
			fmt.Sprintf("PULUMI_DRY_RUN=%t", stackCfg.DryRun))
		if stackCfg.Organization != "" {
			cmd.Env = append(cmd.Env, "PULUMI_ORGANIZATION="+stackCfg.Organization)
		}
		if stackCfg.Config != nil {
			cfgJSON, err := json.Marshal(stackCfg.Config)
			if err != nil {
				return err
			}
			cmd.Env = append(cmd.Env, "PULUMI_CONFIG="+string(cfgJSON))
		}
	}
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = proxyOut, stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	return proxy.Attach(ctx, cmd)
}

func (l *pythonLanguage) installDependencies(ctx context.Context, req *pulumirpc.InstallDependenciesRequest,
	stdout, stderr io.Writer,
) error {
	opts, err := parsePythonOptions(req.Info)
	if err != nil {
		return err
	}
	if req.IsPlugin && (opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	tc, err := toolchain.ResolveToolchain(opts)
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
	opts, err := parsePythonOptions(info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
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
	opts, err := parsePythonOptions(info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	pkgs, err := tc.ListPackages(ctx, transitive)
	if err != nil {
		return nil, err
	}
	deps := make([]*pulumirpc.DependencyInfo, len(pkgs))
	for i, p := range pkgs {
		deps[i] = &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version}
	}
	return deps, nil
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
