package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// goLanguage compiles the program with `go build` (or runs a prebuilt one given by the `binary` runtime
// option) and passes the engine's settings in the PULUMI_* variables that sdk/v3/go/pulumi reads.
type goLanguage struct{}

func (*goLanguage) name() string { return "go" }

type goOptions struct {
	binary      string // prebuilt program, relative to the program directory
	buildTarget string // package to build (default ".")
}

func parseGoOptions(info *pulumirpc.ProgramInfo) (goOptions, error) {
	opts := options(info)
	var o goOptions
	var err error
	if o.binary, err = stringOption(opts, "binary"); err != nil {
		return o, err
	}
	if o.buildTarget, err = stringOption(opts, "buildTarget"); err != nil {
		return o, err
	}
	if o.buildTarget == "" {
		o.buildTarget = "."
	}
	return o, nil
}

// goBuild compiles the program into a temporary directory; the returned cleanup removes it.
func goBuild(ctx context.Context, dir, target string, stdout, stderr io.Writer) (string, func(), error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", nil, fmt.Errorf("could not find go on the $PATH: %w", err)
	}
	tmp, err := os.MkdirTemp("", "pulumi-go-program")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	out := filepath.Join(tmp, "program")
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, target)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = struct{ io.Writer }{stdout}, struct{ io.Writer }{stderr}
	if err := cmd.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("unable to build the Go program in %s (go build %s): %w", dir, target, err)
	}
	return out, cleanup, nil
}

// goProgram is the executable to run: the prebuilt `binary` option (relative to the program directory),
// or the program compiled with its build output on the given writers, removed again by cleanup.
func goProgram(ctx context.Context, info *pulumirpc.ProgramInfo, stdout, stderr io.Writer,
) (program string, cleanup func(), err error) {
	opts, err := parseGoOptions(info)
	if err != nil {
		return "", nil, err
	}
	if opts.binary == "" {
		return goBuild(ctx, info.ProgramDirectory, opts.buildTarget, stdout, stderr)
	}
	if filepath.IsAbs(opts.binary) {
		return opts.binary, nil, nil
	}
	return filepath.Join(info.ProgramDirectory, opts.binary), nil, nil
}

func (l *goLanguage) programCommand(ctx context.Context, h *host, req *pulumirpc.RunRequest) (*launch, error) {
	program, cleanup, err := goProgram(ctx, req.Info, os.Stderr, os.Stderr)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, program, req.Args...)
	interruptOnCancel(cmd)
	cmd.Dir = req.Pwd
	withEnv(cmd, goProgramEnv(h.engineAddress, req)...)
	return &launch{cmd: cmd, cleanup: cleanup}, nil
}

// goProgramEnv is what a program gets on top of our environment: the settings sdk/v3/go/pulumi reads
// (a Go program takes no flags from the engine).
func goProgramEnv(engineAddress string, req *pulumirpc.RunRequest) []string {
	return []string{
		"PULUMI_MONITOR=" + req.MonitorAddress,
		"PULUMI_ENGINE=" + engineAddress,
		"PULUMI_ORGANIZATION=" + req.Organization,
		"PULUMI_PROJECT=" + req.Project,
		"PULUMI_ROOT_DIRECTORY=" + req.Info.RootDirectory,
		"PULUMI_STACK=" + req.Stack,
		configEnv(req.Config),
		secretKeysEnv(req.ConfigSecretKeys),
		fmt.Sprintf("PULUMI_DRY_RUN=%t", req.DryRun),
		fmt.Sprintf("PULUMI_PARALLEL=%d", req.Parallel),
	}
}

// pluginCommand runs a provider written in Go, with the engine's arguments and variables, in the engine's
// working directory. Go has no policy pack runner, so an analyzer runs like any plugin.
func (l *goLanguage) pluginCommand(ctx context.Context, req *pulumirpc.RunPluginRequest, stderr io.Writer,
) (*launch, error) {
	program, cleanup, err := goProgram(ctx, req.Info, stderr, stderr)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, program, req.Args...)
	cmd.Dir = req.Pwd
	withEnv(cmd, req.Env...)
	return &launch{cmd: cmd, cleanup: cleanup}, nil
}

func (l *goLanguage) installDependencies(ctx context.Context, req *pulumirpc.InstallDependenciesRequest,
	stdout, stderr io.Writer,
) error {
	cmd := exec.CommandContext(ctx, "go", "mod", "download")
	cmd.Dir = req.Info.ProgramDirectory
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod download: %w", err)
	}
	return nil
}

// requiredPackages looks for pulumi-plugin.json in the directories of every package the program builds
// from (that is where Pulumi's Go SDKs declare their resource plugin).
func (l *goLanguage) requiredPackages(ctx context.Context, _ *host, info *pulumirpc.ProgramInfo,
) ([]*pulumirpc.PackageDependency, error) {
	opts, err := parseGoOptions(info)
	if err != nil {
		return nil, err
	}
	if opts.binary != "" {
		return nil, nil // nothing to inspect without sources
	}
	out, err := commandOutput(ctx, info.ProgramDirectory, "go", "list", "-deps", "-f", "{{.Dir}}", opts.buildTarget)
	if err != nil {
		return nil, err
	}
	var pkgs []*pulumirpc.PackageDependency
	seen := map[string]bool{}
	scanner := bufio.NewScanner(strings.NewReader(out))
	for scanner.Scan() {
		dir := strings.TrimSpace(scanner.Text())
		if dir == "" {
			continue
		}
		p, err := plugin.LoadPulumiPluginJSON(filepath.Join(dir, "pulumi-plugin.json"))
		if err != nil || p == nil || !p.Resource || p.Name == "" {
			continue
		}
		key := p.Name + "@" + p.Version
		if seen[key] {
			continue
		}
		seen[key] = true
		pkgs = append(pkgs, &pulumirpc.PackageDependency{
			Name: p.Name, Kind: "resource", Version: pluginVersion(p.Version), Server: p.Server,
			Parameterization: parameterization(p.Parameterization),
		})
	}
	return pkgs, nil
}

func (l *goLanguage) generatePackage(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
	_ schema.ReferenceLoader,
) (map[string][]byte, error) {
	return gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
}

func (l *goLanguage) pack(ctx context.Context, req *pulumirpc.PackRequest) (string, error) {
	return "", errors.New("packing Go SDKs is not supported: Go modules are consumed from source")
}

func (l *goLanguage) about(ctx context.Context, _ *pulumirpc.ProgramInfo) (*pulumirpc.AboutResponse, error) {
	resp, err := aboutExecutable(ctx, "go")
	if err != nil {
		return nil, err
	}
	if v, err := commandOutput(ctx, "", resp.Executable, "env", "GOVERSION"); err == nil {
		resp.Version = v
	}
	return resp, nil
}

func (l *goLanguage) dependencies(ctx context.Context, info *pulumirpc.ProgramInfo, transitive bool,
) ([]*pulumirpc.DependencyInfo, error) {
	out, err := commandOutput(ctx, info.ProgramDirectory, "go", "list", "-m", "-json", "all")
	if err != nil {
		return nil, err
	}
	var deps []*pulumirpc.DependencyInfo
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var m struct {
			Path     string
			Version  string
			Main     bool
			Indirect bool
		}
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		if m.Main || (m.Indirect && !transitive) {
			continue
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: m.Path, Version: m.Version})
	}
	return deps, nil
}
