// Command langhost is this project's own Pulumi language host for Node.js, Python and Go programs.
//
// Why it exists: the upstream language-host modules (pulumi-language-nodejs, -python, -go) are separate
// Go modules that the module proxy reachable from our machines does not serve, so they cannot be built
// here. The Pulumi CLI itself (pkg/v3) and the SDK (sdk/v3) are served, and they contain everything a
// language host needs: the gRPC protocol, the npm and Python toolchain helpers and the SDK code
// generators. This program implements the LanguageRuntime service on top of them.
//
// One binary serves all three languages. tools/pulumi/install.sh installs it as
// pulumi-language-nodejs, pulumi-language-python and pulumi-language-go (symlinks); the language is
// taken from the name it is started under, or from --language.
//
// What it supports: running programs (preview/up/destroy/refresh), running plugins written in the
// language (providers via PulumiPlugin.yaml, Node.js and Python policy packs), installing dependencies
// (`pulumi install`), SDK generation (`pulumi package gen-sdk`), `pulumi about` and packing Node.js and
// Python SDKs. Program conversion (`pulumi convert`), `pulumi package add` linking and debugger attach
// are not implemented and answer with a clear "not supported" error.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// hostArgs is what the engine passes on our command line.
type hostArgs struct {
	language      string
	engineAddress string
	tracing       string
	version       bool
}

// parseArgs reads the command line (args[0] is the program name). The language is --language or else
// taken from the name we were started as, since install.sh installs one binary under three names.
func parseArgs(fs *flag.FlagSet, args []string) (hostArgs, error) {
	var a hostArgs
	fs.StringVar(&a.tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	fs.StringVar(&a.language, "language", "", "nodejs, python or go (default: taken from the program name)")
	fs.BoolVar(&a.version, "version", false, "Print the plugin version and exit")
	// Flags that upstream hosts accept and the engine or older tooling may still pass; accepted and ignored.
	for _, name := range []string{"root", "virtualenv", "typechecker", "toolchain", "use-executor", "runtime", "binary",
		"buildTarget"} {
		fs.String(name, "", "(accepted for compatibility, ignored)")
	}
	fs.Bool("typescript", true, "(accepted for compatibility, ignored)")
	if err := fs.Parse(args[1:]); err != nil {
		return a, err
	}
	if a.language == "" {
		a.language = strings.TrimPrefix(filepath.Base(args[0]), "pulumi-language-")
	}
	if rest := fs.Args(); len(rest) > 0 {
		a.engineAddress = rest[0]
	}
	return a, nil
}

func main() {
	args, err := parseArgs(flag.CommandLine, os.Args) // flag.CommandLine exits on a bad flag itself
	if err != nil {
		cmdutil.Exit(err)
	}
	if args.version {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-"+args.language, "pulumi-language-"+args.language, args.tracing)

	host, err := newHost(args.language, args.engineAddress, args.tracing)
	if err != nil {
		cmdutil.Exit(err)
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		cancel()
		close(cancelChannel)
	}()

	// Exit when the engine goes away, like the upstream hosts do.
	if args.engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, args.engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}

	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}
