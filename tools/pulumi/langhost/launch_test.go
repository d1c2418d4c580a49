package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
)

func TestFlagArgs(t *testing.T) {
	assertSlice(t, "flags", flagArgs("monitor", "127.0.0.1:1", "engine", "", "stack", "dev", "parallel", "0"),
		[]string{"--monitor", "127.0.0.1:1", "--stack", "dev", "--parallel", "0"})
	assertSlice(t, "no flags", flagArgs("engine", ""), nil)
}

func TestConfigEnv(t *testing.T) {
	assertEqual(t, "config", configEnv(map[string]string{"proj:b": "2", "proj:a": `"x"`}),
		`PULUMI_CONFIG={"proj:a":"\"x\"","proj:b":"2"}`)
	// An SDK reading PULUMI_CONFIG wants an object, not null.
	assertEqual(t, "no config", configEnv(nil), "PULUMI_CONFIG={}")
	assertEqual(t, "secret keys", secretKeysEnv([]string{"proj:token"}), `PULUMI_CONFIG_SECRET_KEYS=["proj:token"]`)
	assertEqual(t, "no secret keys", secretKeysEnv(nil), "PULUMI_CONFIG_SECRET_KEYS=[]")
}

func TestWithEnv(t *testing.T) {
	t.Setenv("LANGHOST_TEST_VAR", "1")
	cmd := exec.Command("/bin/true")
	withEnv(cmd, "A=1", "B=2")
	assertEnv(t, cmd.Env, os.Environ(), []string{"A=1", "B=2"})

	// A toolchain command keeps the environment it came with (its virtual environment activated).
	cmd = exec.Command("/bin/true")
	cmd.Env = []string{"VIRTUAL_ENV=/v"}
	withEnv(cmd, "A=1")
	assertSlice(t, "env", cmd.Env, []string{"VIRTUAL_ENV=/v", "A=1"})
}

func shCommand(script string) *exec.Cmd { return exec.Command("/bin/sh", "-c", script) }

func TestRunProgramResults(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   *pulumirpc.RunResponse
	}{
		{"exit 0", &pulumirpc.RunResponse{}},
		// 32: the program already reported its error, so the engine only stops.
		{"exit 32", &pulumirpc.RunResponse{Bail: true}},
		{"exit 3", &pulumirpc.RunResponse{Error: "program exited with non-zero exit code: 3"}},
		{"kill -9 $$", &pulumirpc.RunResponse{Error: "program exited with non-zero exit code: -1"}},
	} {
		cleaned := false
		got := runProgram(&launch{cmd: shCommand(tc.script), cleanup: func() { cleaned = true }})
		if !proto.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.script, got, tc.want)
		}
		assertEqual(t, tc.script+": cleanup ran", cleaned, true)
	}
	got := runProgram(&launch{cmd: exec.Command(filepath.Join(t.TempDir(), "missing"))})
	if !strings.HasPrefix(got.Error, "problem executing program (could not run language executor): ") {
		t.Errorf("missing executable: %v", got)
	}
}

func TestRunPluginStreamsAndExitCode(t *testing.T) {
	var stdout, stderr bytes.Buffer
	cleaned := false
	cmd := shCommand(`echo "out $PLUGIN_VAR"; echo err >&2; exit 3`)
	cmd.Env = []string{"PLUGIN_VAR=v"}
	err := runPlugin(context.Background(), &launch{cmd: cmd, cleanup: func() { cleaned = true }}, &stdout, &stderr)
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 3 {
		t.Fatalf("err = %v, want exit code 3 (RunPlugin reports it to the engine)", err)
	}
	assertEqual(t, "stdout", stdout.String(), "out v\n")
	assertEqual(t, "stderr", stderr.String(), "err\n")
	assertEqual(t, "cleanup ran", cleaned, true)

	missing := filepath.Join(t.TempDir(), "missing")
	err = runPlugin(context.Background(), &launch{cmd: exec.Command(missing)}, io.Discard, io.Discard)
	assertErrorContains(t, err, "could not start "+missing+": ")
}

// fakePolicyPack is the analyzer a policy pack serves; it records the stack settings forwarded to it.
type fakePolicyPack struct {
	pulumirpc.UnimplementedAnalyzerServer
	configured chan *pulumirpc.AnalyzerStackConfigureRequest
}

func (f *fakePolicyPack) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	f.configured <- req
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

// A policy pack starts only after the engine has configured the stack through the proxy; it gets the
// language's variables and PULUMI_CONFIG on top of its command's environment, and the proxy forwards
// the engine's call to the pack.
func TestRunPluginPolicyPackProxy(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pack := &fakePolicyPack{configured: make(chan *pulumirpc.AnalyzerStackConfigureRequest, 1)}
	srv := grpc.NewServer()
	pulumirpc.RegisterAnalyzerServer(srv, pack)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	// The pack process: record its environment, then announce its port like a policy pack does.
	cmd := shCommand(fmt.Sprintf(`env > %q; echo %d`, envFile, lis.Addr().(*net.TCPAddr).Port))
	cmd.Env = []string{"BASE=1"}

	stdoutR, stdoutW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runPlugin(ctx, &launch{cmd: cmd, policyEnv: nodePolicyEnv}, stdoutW, &stderr)
		stdoutW.Close()
	}()

	// Like the engine: read the port the host announces, then configure the stack there.
	out := bufio.NewReader(stdoutR)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if _, err := os.Stat(envFile); err == nil {
		t.Fatal("the policy pack started before the engine sent the stack's settings")
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(line), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stack := &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "dev", Project: "proj", Organization: "acme", DryRun: true,
		Config: map[string]string{"proj:domainName": "demo"},
	}
	if _, err := pulumirpc.NewAnalyzerClient(conn).ConfigureStack(ctx, stack); err != nil {
		t.Fatal(err)
	}

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("runPlugin: %v (stderr %q)", err, stderr.String())
		}
	case <-ctx.Done():
		t.Fatal("runPlugin did not return")
	}
	select {
	case got := <-pack.configured:
		if !proto.Equal(got, stack) {
			t.Errorf("forwarded stack settings: got %v, want %v", got, stack)
		}
	default:
		t.Error("the proxy did not forward the stack settings to the pack")
	}

	b, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(kv, "PULUMI_") || strings.HasPrefix(kv, "BASE=") {
			env = append(env, kv)
		}
	}
	slices.Sort(env)
	assertSlice(t, "policy pack environment", env, []string{
		"BASE=1",
		`PULUMI_CONFIG={"proj:domainName":"demo"}`,
		"PULUMI_NODEJS_DRY_RUN=true",
		"PULUMI_NODEJS_ORGANIZATION=acme",
		"PULUMI_NODEJS_PROJECT=proj",
		"PULUMI_NODEJS_STACK=dev",
	})
}
