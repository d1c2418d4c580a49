package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/shlex"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// nodejsLanguage runs programs through @pulumi/pulumi's own entry points (cmd/run, cmd/run-plugin,
// cmd/run-policy-pack), resolved from the program's node_modules.
type nodejsLanguage struct{}

func (*nodejsLanguage) name() string { return "nodejs" }

type nodeOptions struct {
	typescript     bool
	tsconfig       string
	nodeargs       []string
	packagemanager npm.PackageManagerType
}

func parseNodeOptions(info *pulumirpc.ProgramInfo) (nodeOptions, error) {
	opts := options(info)
	var o nodeOptions
	var err error
	if o.typescript, err = boolOption(opts, "typescript", true); err != nil {
		return o, err
	}
	if o.tsconfig, err = stringOption(opts, "tsconfig"); err != nil {
		return o, err
	}
	args, err := stringOption(opts, "nodeargs")
	if err != nil {
		return o, err
	}
	if o.nodeargs, err = shlex.Split(args); err != nil {
		return o, fmt.Errorf("runtime option nodeargs: %w", err)
	}
	pm, err := stringOption(opts, "packagemanager")
	if err != nil {
		return o, err
	}
	switch pm {
	case "", "auto":
		o.packagemanager = npm.AutoPackageManager
	case "npm":
		o.packagemanager = npm.NpmPackageManager
	case "yarn":
		o.packagemanager = npm.YarnPackageManager
	case "pnpm":
		o.packagemanager = npm.PnpmPackageManager
	case "bun":
		o.packagemanager = npm.BunPackageManager
	default:
		return o, fmt.Errorf("runtime option packagemanager must be one of auto, npm, yarn, pnpm or bun, got %q", pm)
	}
	return o, nil
}

// env adds the TypeScript switches that @pulumi/pulumi/cmd/run reads.
func (o nodeOptions) env(env []string) []string {
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// nodeEntry reads the options, finds node and resolves the @pulumi/pulumi entry point that a program or
// plugin runs through (installHint says how to install it when it is missing).
func nodeEntry(ctx context.Context, info *pulumirpc.ProgramInfo, module, installHint string,
) (opts nodeOptions, nodeBin, runPath string, err error) {
	if opts, err = parseNodeOptions(info); err != nil {
		return opts, "", "", err
	}
	if nodeBin, err = exec.LookPath("node"); err != nil {
		return opts, "", "", fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	runPath, err = resolveModule(ctx, nodeBin, info.ProgramDirectory, module, installHint)
	return opts, nodeBin, runPath, err
}

// resolveModule asks node where a module resolves from dir (so the program's own @pulumi/pulumi is used).
func resolveModule(ctx context.Context, nodeBin, dir, module, installHint string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)); } catch (e) { "+
		"if (e.code === 'MODULE_NOT_FOUND') { console.error(%q); } else { console.error(e.message); } process.exit(1); }",
		module, "It looks like the Pulumi SDK has not been installed. Have you run "+installHint+"?")
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// programCommand runs the program through the program's own @pulumi/pulumi/cmd/run.
func (l *nodejsLanguage) programCommand(ctx context.Context, h *host, req *pulumirpc.RunRequest) (*launch, error) {
	entry := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if entry == "" {
		entry = "@pulumi/pulumi/cmd/run"
	}
	opts, nodeBin, runPath, err := nodeEntry(ctx, req.Info, entry, "pulumi install")
	if err != nil {
		return nil, err
	}
	env, err := nodeProgramEnv(opts, req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, nodeBin, nodeProgramArgs(opts, runPath, h.engineAddress, h.tracing, req)...)
	interruptOnCancel(cmd)
	withEnv(cmd, env...)
	return &launch{cmd: cmd}, nil
}

// nodeProgramArgs is node's argv after the binary: the nodeargs option, cmd/run and its flags, then the
// entry point and the engine's extra arguments.
func nodeProgramArgs(opts nodeOptions, runPath, engineAddress, tracing string, req *pulumirpc.RunRequest) []string {
	args := append(append([]string{}, opts.nodeargs...), runPath)
	args = append(args, flagArgs(
		"monitor", req.MonitorAddress,
		"engine", engineAddress,
		"organization", req.Organization,
		"project", req.Project,
		"root-directory", req.Info.RootDirectory,
		"stack", req.Stack,
		"pwd", req.Info.ProgramDirectory)...)
	if req.DryRun {
		args = append(args, "--dry-run")
	}
	args = append(args, flagArgs("parallel", strconv.Itoa(int(req.Parallel)), "tracing", tracing)...)
	args = append(args, req.Info.EntryPoint)
	return append(args, req.Args...)
}

// nodeProgramEnv is what a program gets on top of our environment: its configuration and the TypeScript
// switches. The Node.js SDK still reads configuration keys in the old "<namespace>:config:<name>" form.
func nodeProgramEnv(opts nodeOptions, req *pulumirpc.RunRequest) ([]string, error) {
	cfg := make(map[string]string, len(req.Config))
	for k, v := range req.Config {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, err
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	return opts.env([]string{configEnv(cfg), secretKeysEnv(req.ConfigSecretKeys)}), nil
}

// pluginCommand runs a provider through @pulumi/pulumi/cmd/run-plugin (in the engine's working directory)
// or a policy pack through cmd/run-policy-pack (in the pack's directory, where packs have always run).
func (l *nodejsLanguage) pluginCommand(ctx context.Context, req *pulumirpc.RunPluginRequest, _ io.Writer,
) (*launch, error) {
	dir := req.Info.ProgramDirectory
	isPolicyPack := req.Kind == string(apitype.AnalyzerPlugin)
	entry := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicyPack {
		entry = "@pulumi/pulumi/cmd/run-policy-pack"
	} else if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		entry = p
	}
	opts, nodeBin, runPath, err := nodeEntry(ctx, req.Info, entry, "npm install in "+dir)
	if err != nil {
		return nil, err
	}

	args := append(append([]string{}, opts.nodeargs...), runPath)
	cmdDir := req.Pwd
	var policyEnv func(*pulumirpc.AnalyzerStackConfigureRequest) []string
	if isPolicyPack {
		// run-policy-pack takes the pack directory last.
		args = append(append(args, req.Args...), dir)
		cmdDir, policyEnv = dir, nodePolicyEnv
	} else {
		args = append(append(args, dir), req.Args...)
	}
	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = cmdDir
	withEnv(cmd, req.Env...)
	cmd.Env = opts.env(cmd.Env)
	return &launch{cmd: cmd, policyEnv: policyEnv}, nil
}

// nodePolicyEnv is where @pulumi/policy reads the stack's settings from; empty ones are left out.
func nodePolicyEnv(stackCfg *pulumirpc.AnalyzerStackConfigureRequest) []string {
	var env []string
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", stackCfg.Organization)
	add("PULUMI_NODEJS_PROJECT", stackCfg.Project)
	add("PULUMI_NODEJS_STACK", stackCfg.Stack)
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stackCfg.DryRun))
	return env
}

func (l *nodejsLanguage) installDependencies(ctx context.Context, req *pulumirpc.InstallDependenciesRequest,
	stdout, stderr io.Writer,
) error {
	opts, err := parseNodeOptions(req.Info)
	if err != nil {
		return err
	}
	root := req.Info.ProgramDirectory
	if ws, err := npm.FindWorkspaceRoot(root); err == nil {
		fmt.Fprintf(stdout, "Detected workspace root at %s\n", ws)
		root = ws
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return fmt.Errorf("looking for a workspace root: %w", err)
	}
	_, err = npm.Install(ctx, opts.packagemanager, root, false /*production*/, stdout, stderr)
	return err
}

// requiredPackages lists the resource plugins named by packages in node_modules
// (package.json with "pulumi": {"resource": true}).
func (l *nodejsLanguage) requiredPackages(ctx context.Context, _ *host, info *pulumirpc.ProgramInfo,
) ([]*pulumirpc.PackageDependency, error) {
	var pkgs []*pulumirpc.PackageDependency
	var errs []error
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			pkgDir := filepath.Join(dir, name)
			if strings.HasPrefix(name, "@") {
				walk(pkgDir) // a scope: its children are packages
				continue
			}
			if dep, err := nodePackageDependency(pkgDir); err != nil {
				errs = append(errs, err)
			} else if dep != nil {
				pkgs = append(pkgs, dep)
			}
			walk(filepath.Join(pkgDir, "node_modules"))
		}
	}
	walk(filepath.Join(info.ProgramDirectory, "node_modules"))
	return pkgs, errors.Join(errs...)
}

func nodePackageDependency(pkgDir string) (*pulumirpc.PackageDependency, error) {
	b, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
	if err != nil {
		return nil, nil //nolint:nilerr // not a package
	}
	// Policy packs carry their own plugins; they are not dependencies of the program.
	if p, _ := workspace.DetectPolicyPackPathAt(pkgDir); p != "" {
		return nil, nil
	}
	var info struct {
		Name    string                  `json:"name"`
		Version string                  `json:"version"`
		Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(pkgDir, "package.json"), err)
	}
	if !info.Pulumi.Resource {
		return nil, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil, fmt.Errorf("package %s marks itself as a Pulumi resource package but its package.json has "+
				"no \"pulumi\": {\"name\": ...}", info.Name)
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	version := info.Pulumi.Version
	if version == "" {
		version = info.Version
	}
	return &pulumirpc.PackageDependency{
		Name: name, Kind: "resource", Version: pluginVersion(version), Server: info.Pulumi.Server,
		Parameterization: parameterization(info.Pulumi.Parameterization),
	}, nil
}

func (l *nodejsLanguage) generatePackage(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
	loader schema.ReferenceLoader,
) (map[string][]byte, error) {
	return nodegen.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies, req.Local,
		loader)
}

// pack builds a generated Node.js SDK (npm install, npm run build) and packs its bin/ into a tarball.
func (l *nodejsLanguage) pack(ctx context.Context, req *pulumirpc.PackRequest) (string, error) {
	npmBin, err := exec.LookPath("npm")
	if err != nil {
		return "", fmt.Errorf("could not find npm: %w", err)
	}
	for _, args := range [][]string{{"install"}, {"run", "build"}} {
		cmd := exec.CommandContext(ctx, npmBin, args...)
		cmd.Dir = req.PackageDirectory
		cmd.Stdout, cmd.Stderr = struct{ io.Writer }{os.Stderr}, struct{ io.Writer }{os.Stderr}
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("npm %s in %s: %w", strings.Join(args, " "), req.PackageDirectory, err)
		}
	}
	manifest, err := os.ReadFile(filepath.Join(req.PackageDirectory, "package.json"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(req.PackageDirectory, "bin", "package.json"), manifest, 0o644); err != nil { //nolint:gosec
		return "", err
	}
	name, err := commandOutput(ctx, req.PackageDirectory, npmBin, "pack", filepath.Join(req.PackageDirectory, "bin"),
		"--pack-destination", req.DestinationDirectory)
	if err != nil {
		return "", err
	}
	lines := strings.Split(name, "\n")
	return filepath.Join(req.DestinationDirectory, strings.TrimSpace(lines[len(lines)-1])), nil
}

func (l *nodejsLanguage) about(ctx context.Context, info *pulumirpc.ProgramInfo) (*pulumirpc.AboutResponse, error) {
	resp, err := aboutExecutable(ctx, "node")
	if err != nil {
		return nil, err
	}
	if info != nil {
		if opts, err := parseNodeOptions(info); err == nil {
			if pm, err := npm.ResolvePackageManager(opts.packagemanager, info.ProgramDirectory); err == nil {
				resp.Metadata = map[string]string{"packagemanager": pm.Name()}
			}
		}
	}
	return resp, nil
}

func (l *nodejsLanguage) dependencies(ctx context.Context, info *pulumirpc.ProgramInfo, transitive bool,
) ([]*pulumirpc.DependencyInfo, error) {
	opts, err := parseNodeOptions(info)
	if err != nil {
		return nil, err
	}
	pm, err := npm.ResolvePackageManager(opts.packagemanager, info.ProgramDirectory)
	if err != nil {
		return nil, err
	}
	pkgs, err := pm.ListPackages(ctx, info.ProgramDirectory, transitive)
	if err != nil {
		return nil, err
	}
	return dependencyInfos(pkgs), nil
}
