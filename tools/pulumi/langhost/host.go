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
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/executable"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// language is what differs between Node.js, Python and Go; host does the shared plumbing.
type language interface {
	name() string
	requiredPackages(ctx context.Context, h *host, info *pulumirpc.ProgramInfo) ([]*pulumirpc.PackageDependency, error)
	// programCommand builds the command that runs the program (started by runProgram).
	programCommand(ctx context.Context, h *host, req *pulumirpc.RunRequest) (*launch, error)
	// pluginCommand builds the command that runs a provider or policy pack (started by runPlugin); build
	// output, if any, goes to stderr.
	pluginCommand(ctx context.Context, req *pulumirpc.RunPluginRequest, stderr io.Writer) (*launch, error)
	installDependencies(ctx context.Context, req *pulumirpc.InstallDependenciesRequest, stdout, stderr io.Writer) error
	generatePackage(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader) (map[string][]byte, error)
	pack(ctx context.Context, req *pulumirpc.PackRequest) (string, error)
	about(ctx context.Context, info *pulumirpc.ProgramInfo) (*pulumirpc.AboutResponse, error)
	dependencies(ctx context.Context, info *pulumirpc.ProgramInfo, transitive bool) ([]*pulumirpc.DependencyInfo, error)
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	lang          language
	engineAddress string
	tracing       string

	// cancelled by the Cancel RPC; running programs and plugins are stopped with it.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
}

func newHost(lang, engineAddress, tracing string) (*host, error) {
	var l language
	switch lang {
	case "nodejs":
		l = &nodejsLanguage{}
	case "python":
		l = &pythonLanguage{}
	case "go":
		l = &goLanguage{}
	default:
		return nil, fmt.Errorf("unsupported language %q: start this program as pulumi-language-{nodejs,python,go} "+
			"or pass --language", lang)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &host{lang: l, engineAddress: engineAddress, tracing: tracing, cancelCtx: ctx, cancelFunc: cancel}, nil
}

// commandContext returns a context that ends when either the request ends or Cancel is called.
func (h *host) commandContext(ctx context.Context) (context.Context, context.CancelFunc) {
	cmdCtx, cancel := context.WithCancel(h.cancelCtx)
	stop := context.AfterFunc(ctx, cancel)
	return cmdCtx, func() { stop(); cancel() }
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "GetRequiredPlugins is superseded by GetRequiredPackages")
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := h.lang.requiredPackages(ctx, h, req.GetInfo())
	if err != nil {
		// Discovery only pre-installs plugins; the engine still loads missing ones on demand.
		logging.V(3).Infof("%s: errors while discovering packages: %v", h.lang.name(), err)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Name < pkgs[j].Name })
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetInfo() == nil {
		return nil, errors.New("run request carries no program info; this CLI is too old for this language host")
	}
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "attaching a debugger is not supported by this project's language host"}, nil
	}
	cmdCtx, cancel := h.commandContext(ctx)
	defer cancel()
	l, err := h.lang.programCommand(cmdCtx, h, req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return runProgram(l), nil
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetAttachDebugger() {
		return errors.New("attaching a debugger is not supported by this project's language host")
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	cmdCtx, cancel := h.commandContext(server.Context())
	defer cancel()
	l, err := h.lang.pluginCommand(cmdCtx, req, stderr)
	if err == nil {
		err = runPlugin(cmdCtx, l, stdout, stderr)
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			// Report the plugin's exit code the way the engine expects it.
			return server.Send(&pulumirpc.RunPluginResponse{
				Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())}, //nolint:gosec
			})
		}
		return err
	}
	return closer.Close()
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	if req.GetInfo() == nil {
		return errors.New("install request carries no program info")
	}
	fmt.Fprintf(stdout, "Installing dependencies...\n\n")
	if err := h.lang.installDependencies(server.Context(), req, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

func (h *host) RuntimeOptionsPrompts(ctx context.Context, req *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) Template(ctx context.Context, req *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return h.lang.about(ctx, req.GetInfo())
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	if req.GetInfo() == nil {
		return nil, errors.New("dependency request carries no program info")
	}
	deps, err := h.lang.dependencies(ctx, req.GetInfo(), req.TransitiveDependencies)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// GeneratePackage backs `pulumi package gen-sdk`: bind the schema, then run pkg/v3's code generator.
func (h *host) GeneratePackage(ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loaderClient, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loaderClient.Close()
	loader := schema.NewCachedLoader(loaderClient)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("parsing schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}

	files, err := h.lang.generatePackage(pkg, req, loader)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, fmt.Errorf("creating directory for %s: %w", name, err)
		}
		if err := os.WriteFile(out, data, 0o644); err != nil { //nolint:gosec // generated sources are not secret
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

func (h *host) Pack(ctx context.Context, req *pulumirpc.PackRequest) (*pulumirpc.PackResponse, error) {
	artifact, err := h.lang.pack(ctx, req)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.PackResponse{ArtifactPath: artifact}, nil
}

func (h *host) GenerateProgram(ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"program generation (pulumi convert) is not supported by this project's %s language host", h.lang.name())
}

func (h *host) GenerateProject(ctx context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"project generation (pulumi convert) is not supported by this project's %s language host", h.lang.name())
}

func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"linking local SDKs (pulumi package add) is not supported by this project's %s language host; "+
			"install the generated SDK with the language's package manager instead", h.lang.name())
}

func (h *host) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// --- helpers shared by the languages ---

// options returns the runtime options from Pulumi.yaml (runtime.options) as a plain map.
func options(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.Options == nil {
		return map[string]any{}
	}
	return info.Options.AsMap()
}

func stringOption(opts map[string]any, key string) (string, error) {
	v, ok := opts[key]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("runtime option %q must be a string", key)
	}
	return s, nil
}

func boolOption(opts map[string]any, key string, def bool) (bool, error) {
	v, ok := opts[key]
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return def, fmt.Errorf("runtime option %q must be a boolean", key)
	}
	return b, nil
}

// commandOutput runs a command and returns its trimmed stdout, with stderr in the error on failure.
func commandOutput(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

func aboutExecutable(ctx context.Context, name string) (*pulumirpc.AboutResponse, error) {
	path, err := executable.FindExecutable(name)
	if err != nil {
		return nil, fmt.Errorf("could not find %s: %w", name, err)
	}
	v, _ := commandOutput(ctx, "", path, "--version")
	return &pulumirpc.AboutResponse{Executable: path, Version: v}, nil
}

// pluginVersion formats a package version as the engine's plugin version ("v1.2.3").
func pluginVersion(v string) string {
	if v == "" || strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

// dependencyInfos converts the dependency lists of the npm and Python toolchain packages for the engine.
func dependencyInfos(pkgs []plugin.DependencyInfo) []*pulumirpc.DependencyInfo {
	deps := make([]*pulumirpc.DependencyInfo, len(pkgs))
	for i, p := range pkgs {
		deps[i] = &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version}
	}
	return deps
}

func parameterization(p *plugin.PulumiParameterizationJSON) *pulumirpc.PackageParameterization {
	if p == nil {
		return nil
	}
	return &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
}
