package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// The host's Run and RunPlugin end to end, with a Go "program" that is a prebuilt shell script (the
// `binary` option), so that what the child really gets can be checked.

// goScript is a prebuilt Go program (the binary option) that records its working directory and PULUMI_*
// variables in out, then runs body.
func goScript(t *testing.T, body string) (info *pulumirpc.ProgramInfo, out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "seen")
	writeExe(t, filepath.Join(dir, "prog"), fmt.Sprintf("{ pwd; env | grep ^PULUMI_ | sort; } > %q\n%s\n", out, body))
	return programInfo(t, dir, map[string]any{"binary": "prog"}), out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func TestHostRun(t *testing.T) {
	// The child's PULUMI_* variables must be the host's alone: drop any of ours for this test.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "PULUMI_") {
			t.Setenv(name, "") // restored after the test
			os.Unsetenv(name)
		}
	}
	h, err := newHost("go", "127.0.0.1:5000", "")
	if err != nil {
		t.Fatal(err)
	}
	info, seen := goScript(t, `exit "${EXIT:-0}"`)
	pwd := t.TempDir()
	req := &pulumirpc.RunRequest{Info: info, MonitorAddress: "127.0.0.1:5001", Project: "p", Stack: "dev",
		Pwd: pwd, Parallel: 2, Config: map[string]string{"p:a": "1"}}

	for exit, want := range map[string]*pulumirpc.RunResponse{
		"0":  {},
		"32": {Bail: true},
		"1":  {Error: "program exited with non-zero exit code: 1"},
	} {
		t.Setenv("EXIT", exit)
		resp, err := h.Run(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(resp, want) {
			t.Errorf("exit %s: got %v, want %v", exit, resp, want)
		}
	}
	assertSlice(t, "what the program saw", readLines(t, seen), []string{
		pwd,
		`PULUMI_CONFIG={"p:a":"1"}`,
		"PULUMI_CONFIG_SECRET_KEYS=[]",
		"PULUMI_DRY_RUN=false",
		"PULUMI_ENGINE=127.0.0.1:5000",
		"PULUMI_MONITOR=127.0.0.1:5001",
		"PULUMI_ORGANIZATION=",
		"PULUMI_PARALLEL=2",
		"PULUMI_PROJECT=p",
		"PULUMI_ROOT_DIRECTORY=" + info.RootDirectory,
		"PULUMI_STACK=dev",
	})

	// A command that cannot be built is reported in the response, not as an RPC error.
	resp, err := h.Run(context.Background(), &pulumirpc.RunRequest{Info: programInfo(t, t.TempDir(),
		map[string]any{"binary": 1})})
	if err != nil || resp.Error != `runtime option "binary" must be a string` {
		t.Errorf("got %v, %v", resp, err)
	}
	_, err = h.Run(context.Background(), &pulumirpc.RunRequest{})
	assertErrorContains(t, err, "run request carries no program info")
}

// Cancel stops a running program with SIGINT, so its SDK can shut down.
func TestHostCancelInterruptsProgram(t *testing.T) {
	h, err := newHost("go", "", "")
	if err != nil {
		t.Fatal(err)
	}
	info, _ := goScript(t, `trap 'kill $! 2>/dev/null; echo interrupted >> "$0.log"; exit 7' INT
echo started >> "$0.log"
sleep 30 & wait`)
	log := filepath.Join(info.ProgramDirectory, "prog.log")
	done := make(chan *pulumirpc.RunResponse, 1)
	go func() {
		resp, _ := h.Run(context.Background(), &pulumirpc.RunRequest{Info: info})
		done <- resp
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, _ := os.ReadFile(log); strings.Contains(string(b), "started") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("program did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := h.Cancel(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	select {
	case resp := <-done:
		assertEqual(t, "response", resp.Error, "program exited with non-zero exit code: 7")
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Cancel")
	}
	assertSlice(t, "program log", readLines(t, log), []string{"started", "interrupted"})
}

// runPluginServer is the engine's end of a RunPlugin stream.
type runPluginServer struct {
	grpc.ServerStream
	ctx  context.Context
	mu   sync.Mutex
	sent []*pulumirpc.RunPluginResponse
}

func (s *runPluginServer) Context() context.Context { return s.ctx }

func (s *runPluginServer) Send(r *pulumirpc.RunPluginResponse) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, r)
	return nil
}

func (s *runPluginServer) output() (stdout, stderr string, exitCodes []int32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.sent {
		switch o := r.Output.(type) {
		case *pulumirpc.RunPluginResponse_Stdout:
			stdout += string(o.Stdout)
		case *pulumirpc.RunPluginResponse_Stderr:
			stderr += string(o.Stderr)
		case *pulumirpc.RunPluginResponse_Exitcode:
			exitCodes = append(exitCodes, o.Exitcode)
		}
	}
	return stdout, stderr, exitCodes
}

func TestHostRunPlugin(t *testing.T) {
	h, err := newHost("go", "", "")
	if err != nil {
		t.Fatal(err)
	}
	info, seen := goScript(t, `echo "port 1234 $*"; echo warn >&2; exit 3`)
	pwd := t.TempDir()
	srv := &runPluginServer{ctx: context.Background()}
	err = h.RunPlugin(&pulumirpc.RunPluginRequest{Info: info, Pwd: pwd, Args: []string{"a", "b"},
		Env: []string{"PULUMI_PLUGIN_VAR=x"}, Kind: "resource"}, srv)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, codes := srv.output()
	assertEqual(t, "stdout", stdout, "port 1234 a b\n")
	assertEqual(t, "stderr", stderr, "warn\n")
	// A plugin's exit code goes to the engine as a message, not as an RPC error.
	if len(codes) != 1 || codes[0] != 3 {
		t.Errorf("exit codes sent = %v, want [3]", codes)
	}
	lines := readLines(t, seen)
	assertEqual(t, "plugin working directory", lines[0], pwd)
	found := false
	for _, l := range lines {
		found = found || l == "PULUMI_PLUGIN_VAR=x"
	}
	assertEqual(t, "plugin got the engine's variables", found, true)

	err = h.RunPlugin(&pulumirpc.RunPluginRequest{Info: info, AttachDebugger: true}, srv)
	assertErrorContains(t, err, "attaching a debugger is not supported")
}
