package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// fakeGo logs its calls; `go build -o OUT ...` writes a program to OUT, and every call fails with exit
// code 2 when FAKE_GO_FAILS is set.
const fakeGo = logCall + `if [ -n "$FAKE_GO_FAILS" ]; then echo "compile error" >&2; exit 2; fi
if [ "$1" = build ]; then printf '#!/bin/sh\n' > "$3"; chmod +x "$3"; fi
`

func goRunRequest(t *testing.T, dir string, opts map[string]any) *pulumirpc.RunRequest {
	t.Helper()
	return &pulumirpc.RunRequest{
		Info:           programInfo(t, dir, opts),
		MonitorAddress: "127.0.0.1:5001", Organization: "acme", Project: "codeartifact", Stack: "dev",
		Pwd: "/engine/cwd", DryRun: true, Parallel: 4,
		Config:           map[string]string{"codeartifact:domainName": "demo"},
		ConfigSecretKeys: []string{"codeartifact:token"},
		Args:             []string{"extra"},
	}
}

func TestGoProgramCommandBinary(t *testing.T) {
	dir := t.TempDir()
	h := &host{engineAddress: "127.0.0.1:5000"}
	l, err := (&goLanguage{}).programCommand(context.Background(), h, goRunRequest(t, dir, map[string]any{"binary": "bin/prog"}))
	if err != nil {
		t.Fatal(err)
	}
	// A relative binary is found in the program directory; nothing is built, so nothing to clean up.
	assertSlice(t, "argv", l.cmd.Args, []string{filepath.Join(dir, "bin/prog"), "extra"})
	assertEqual(t, "dir", l.cmd.Dir, "/engine/cwd")
	// A Go program takes everything from the environment.
	assertEnv(t, l.cmd.Env, os.Environ(), []string{
		"PULUMI_MONITOR=127.0.0.1:5001",
		"PULUMI_ENGINE=127.0.0.1:5000",
		"PULUMI_ORGANIZATION=acme",
		"PULUMI_PROJECT=codeartifact",
		"PULUMI_ROOT_DIRECTORY=" + dir,
		"PULUMI_STACK=dev",
		`PULUMI_CONFIG={"codeartifact:domainName":"demo"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["codeartifact:token"]`,
		"PULUMI_DRY_RUN=true",
		"PULUMI_PARALLEL=4",
	})
	if l.cleanup != nil {
		t.Error("a prebuilt binary needs no cleanup")
	}

	l, err = (&goLanguage{}).programCommand(context.Background(), &host{},
		&pulumirpc.RunRequest{Info: programInfo(t, dir, map[string]any{"binary": "/opt/prog"})})
	if err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{"/opt/prog"})
	// Empty settings are still set (the SDK reads them as unset), configuration as {} and [].
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"PULUMI_MONITOR=", "PULUMI_ENGINE=", "PULUMI_ORGANIZATION=",
		"PULUMI_PROJECT=", "PULUMI_ROOT_DIRECTORY=" + dir, "PULUMI_STACK=", "PULUMI_CONFIG={}",
		"PULUMI_CONFIG_SECRET_KEYS=[]", "PULUMI_DRY_RUN=false", "PULUMI_PARALLEL=0"})
}

func TestGoProgramCommandBuild(t *testing.T) {
	fakeBin(t, map[string]string{"go": fakeGo})
	calls := callLog(t)
	dir := t.TempDir()
	l, err := (&goLanguage{}).programCommand(context.Background(), &host{},
		goRunRequest(t, dir, map[string]any{"buildTarget": "./cmd/prog"}))
	if err != nil {
		t.Fatal(err)
	}
	program := l.cmd.Path
	if filepath.Base(program) != "program" || !strings.HasPrefix(filepath.Base(filepath.Dir(program)), "pulumi-go-program") {
		t.Fatalf("program = %s, want <tmp>/pulumi-go-program*/program", program)
	}
	assertSlice(t, "argv", l.cmd.Args, []string{program, "extra"})
	// Built in the program directory, into a directory of its own that cleanup removes.
	assertSlice(t, "go calls", calls(), []string{dir + "|build -o " + program + " ./cmd/prog"})
	if l.cleanup == nil {
		t.Fatal("no cleanup for the build directory")
	}
	l.cleanup()
	if _, err := os.Stat(filepath.Dir(program)); !os.IsNotExist(err) {
		t.Errorf("build directory still there after cleanup: %v", err)
	}

	t.Setenv("FAKE_GO_FAILS", "1")
	_, err = (&goLanguage{}).programCommand(context.Background(), &host{}, goRunRequest(t, dir, nil))
	assertEqual(t, "error", err.Error(), "unable to build the Go program in "+dir+" (go build .): exit status 2")
}

func TestGoPluginCommand(t *testing.T) {
	fakeBin(t, map[string]string{"go": fakeGo})
	calls := callLog(t)
	dir := t.TempDir()
	req := &pulumirpc.RunPluginRequest{Info: programInfo(t, dir, nil), Pwd: "/engine/cwd",
		Args: []string{"--logtostderr"}, Env: []string{"A=1"}, Kind: "analyzer"}
	l, err := (&goLanguage{}).pluginCommand(context.Background(), req, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer l.cleanup()
	assertSlice(t, "go calls", calls(), []string{dir + "|build -o " + l.cmd.Path + " ."})
	assertSlice(t, "argv", l.cmd.Args, []string{l.cmd.Path, "--logtostderr"})
	assertEqual(t, "dir", l.cmd.Dir, "/engine/cwd")
	assertEnv(t, l.cmd.Env, os.Environ(), []string{"A=1"})
	// Go has no policy pack runner: an analyzer starts like any plugin.
	if l.policyEnv != nil {
		t.Error("a Go plugin must not go through the policy pack proxy")
	}
}

func TestGoInstallDependencies(t *testing.T) {
	fakeBin(t, map[string]string{"go": fakeGo})
	calls := callLog(t)
	dir := t.TempDir()
	req := &pulumirpc.InstallDependenciesRequest{Info: programInfo(t, dir, nil)}
	if err := (&goLanguage{}).installDependencies(context.Background(), req, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	assertSlice(t, "go calls", calls(), []string{dir + "|mod download"})

	t.Setenv("FAKE_GO_FAILS", "1")
	err := (&goLanguage{}).installDependencies(context.Background(), req, io.Discard, io.Discard)
	assertEqual(t, "error", err.Error(), "go mod download: exit status 2")
}
