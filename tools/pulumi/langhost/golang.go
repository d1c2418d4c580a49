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

// build compiles the program into a temporary directory; the returned cleanup removes it.
func goBuild(ctx context.Context, dir, target string, stdout, stderr io.Writer) (string, func(), error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", func() {}, fmt.Errorf("could not find go on the $PATH: %w", err)
	}
	tmp, err := os.MkdirTemp("", "pulumi-go-program")
	if err != nil {
		return "", func() {}, err
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	out := filepath.Join(tmp, "program")
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, target)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = struct{ io.Writer }{stdout}, struct{ io.Writer }{stderr}
	if err := cmd.Run(); err != nil {
		cleanup()
		return "", func() {}, fmt.Errorf("unable to build the Go program in %s (go build %s): %w", dir, target, err)
	}
	return out, cleanup, nil
}

func (l *goLanguage) run(ctx context.Context, h *host, req *pulumirpc.RunRequest) *pulumirpc.RunResponse {
	opts, err := parseGoOptions(req.Info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	program := opts.binary
	if program != "" {
		if !filepath.IsAbs(program) {
			program = filepath.Join(req.Info.ProgramDirectory, program)
		}
	} else {
		var cleanup func()
		program, cleanup, err = goBuild(ctx, req.Info.ProgramDirectory, opts.buildTarget, os.Stderr, os.Stderr)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}
		}
		defer cleanup()
	}

	cfg := req.Config
	if cfg == nil {
		cfg = map[string]string{}
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.ConfigSecretKeys
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)
	env := append(os.Environ(),
		"PULUMI_MONITOR="+req.MonitorAddress,
		"PULUMI_ENGINE="+h.engineAddress,
		"PULUMI_ORGANIZATION="+req.Organization,
		"PULUMI_PROJECT="+req.Project,
		"PULUMI_ROOT_DIRECTORY="+req.Info.RootDirectory,
		"PULUMI_STACK="+req.Stack,
		"PULUMI_CONFIG="+string(cfgJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON),
		fmt.Sprintf("PULUMI_DRY_RUN=%t", req.DryRun),
		fmt.Sprintf("PULUMI_PARALLEL=%d", req.Parallel),
	)

	cmd := exec.CommandContext(ctx, program, req.Args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.Dir = req.Pwd
	cmd.Env = env
	stdStreams(cmd)
	return runResult(cmd.Run())
}

func (l *goLanguage) runPlugin(ctx context.Context, h *host, req *pulumirpc.RunPluginRequest,
	stdout, stderr io.Writer,
) error {
	opts, err := parseGoOptions(req.Info)
	if err != nil {
		return err
	}
	program := opts.binary
	if program != "" {
		if !filepath.IsAbs(program) {
			program = filepath.Join(req.Info.ProgramDirectory, program)
		}
	} else {
		var cleanup func()
		program, cleanup, err = goBuild(ctx, req.Info.ProgramDirectory, opts.buildTarget, stderr, stderr)
		if err != nil {
			return err
		}
		defer cleanup()
	}
	cmd := exec.CommandContext(ctx, program, req.Args...)
	cmd.Dir = req.Pwd
	cmd.Env = pluginEnv(req)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
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
