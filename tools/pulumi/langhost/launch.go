package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// What the three languages share to launch programs (Run), plugins and policy packs (RunPlugin). Each
// language only builds the command (its programCommand and pluginCommand); starting it, streaming it and
// the policy pack proxy are here, once, so that the languages cannot drift apart in how they do it.

// launch is a command a language built, not yet started.
type launch struct {
	cmd *exec.Cmd
	// cleanup, if set, runs after the command ends (a Go program compiled for this run is removed).
	cleanup func()
	// policyEnv, set for policy packs, gives the variables the pack reads the stack's name, project,
	// organization and dry-run flag from (runPlugin adds PULUMI_CONFIG). Such packs are started only once
	// the engine has sent those settings.
	policyEnv func(*pulumirpc.AnalyzerStackConfigureRequest) []string
}

// runProgram runs a program for Run and reports how it ended.
func runProgram(l *launch) *pulumirpc.RunResponse {
	if l.cleanup != nil {
		defer l.cleanup()
	}
	stdStreams(l.cmd)
	return runResult(l.cmd.Run())
}

// runPlugin runs a plugin for RunPlugin with its output on the engine's streams.
//
// Policy packs written against @pulumi/policy (Node.js and Python) read the stack's configuration from
// the environment at start-up, while the engine sends it over gRPC after the plugin has started. So the
// SDK's PolicyProxy answers the engine first (it prints its own port on stdout), and the pack is started
// with those settings once they arrive; the proxy then forwards the engine's calls to it.
func runPlugin(ctx context.Context, l *launch, stdout, stderr io.Writer) error {
	if l.cleanup != nil {
		defer l.cleanup()
	}
	cmd := l.cmd
	cmd.Stderr = stderr
	var proxy *sdk.PolicyProxy
	if l.policyEnv != nil {
		var err error
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stackCfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if stackCfg != nil {
			withEnv(cmd, l.policyEnv(stackCfg)...)
			if stackCfg.Config != nil {
				withEnv(cmd, configEnv(stackCfg.Config))
			}
		}
	}
	cmd.Stdout = stdout
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start %s: %w", cmd.Path, err)
	}
	if proxy != nil {
		return proxy.Attach(ctx, cmd)
	}
	return cmd.Wait()
}

// runResult turns the outcome of a program process into the engine's RunResponse. Exit code 32 means the
// program already reported its error to the user, so the engine should stop without adding another message.
func runResult(err error) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	// Flush so the engine sees everything the program printed before the failure.
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		switch code := exitErr.ExitCode(); code {
		case constant.ExitStatusLoggedError:
			return &pulumirpc.RunResponse{Bail: true}
		case 0:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited unexpectedly: %v", exitErr)}
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem executing program (could not run language executor): %v", err)}
}

// stdStreams wraps the host's stdout/stderr so that a child that switches its end to non-blocking mode
// (Node.js does) cannot make our own writes fail: exec.Cmd then copies through a goroutine.
func stdStreams(cmd *exec.Cmd) {
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
}

// interruptOnCancel makes a cancelled command get SIGINT instead of exec's default SIGKILL, so that the
// program's SDK can stop cleanly.
func interruptOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
}

// withEnv appends variables to a command's environment. A command from the Python toolchain already has
// one (its virtual environment activated); otherwise it starts from ours.
func withEnv(cmd *exec.Cmd, vars ...string) {
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, vars...)
}

// flagArgs turns name/value pairs into "--name value" arguments for the SDKs' run entry points, leaving
// out the empty values, as the upstream hosts do.
func flagArgs(pairs ...string) []string {
	var args []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			args = append(args, "--"+pairs[i], pairs[i+1])
		}
	}
	return args
}

// configEnv is the PULUMI_CONFIG variable the SDKs read the stack's configuration from ("{}" for none).
func configEnv(cfg map[string]string) string {
	if cfg == nil {
		cfg = map[string]string{}
	}
	b, _ := json.Marshal(cfg) // a map of strings always marshals
	return "PULUMI_CONFIG=" + string(b)
}

// secretKeysEnv is PULUMI_CONFIG_SECRET_KEYS: the configuration keys that are secrets ("[]" for none).
func secretKeysEnv(keys []string) string {
	if keys == nil {
		keys = []string{}
	}
	b, _ := json.Marshal(keys)
	return "PULUMI_CONFIG_SECRET_KEYS=" + string(b)
}
