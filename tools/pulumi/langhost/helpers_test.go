package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// Test helpers: fake executables, runtime options as the engine sends them, and exact comparisons.

// writeExe writes an executable shell script.
func writeExe(t *testing.T, path, script string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755); err != nil { //nolint:gosec
		t.Fatal(err)
	}
	return path
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil { //nolint:gosec
		t.Fatal(err)
	}
}

// fakeBin puts a directory holding the given scripts first on PATH (the system directories stay, for the
// scripts' own cp, mkdir, ...) and returns it.
func fakeBin(t *testing.T, scripts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, script := range scripts {
		writeExe(t, filepath.Join(dir, name), script)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin:/bin")
	return dir
}

// callLog gives the file that fake executables append "<cwd>|<args>" lines to (via $FAKE_LOG), and a
// function reading those lines.
func callLog(t *testing.T) func() []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "calls.log")
	t.Setenv("FAKE_LOG", path)
	return func() []string {
		b, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
}

// logCall is the line a fake script writes to $FAKE_LOG for each call.
const logCall = `echo "$PWD|$*" >> "$FAKE_LOG"` + "\n"

// programInfo is a ProgramInfo with runtime options as the engine passes them from Pulumi.yaml.
func programInfo(t *testing.T, dir string, opts map[string]any) *pulumirpc.ProgramInfo {
	t.Helper()
	info := &pulumirpc.ProgramInfo{RootDirectory: dir, ProgramDirectory: dir, EntryPoint: "."}
	if opts != nil {
		s, err := structpb.NewStruct(opts)
		if err != nil {
			t.Fatal(err)
		}
		info.Options = s
	}
	return info
}

func assertEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

func assertSlice(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// assertEnv checks that env is base followed by exactly the given variables.
func assertEnv(t *testing.T, env, base, added []string) {
	t.Helper()
	if len(env) < len(base) || !slices.Equal(env[:len(base)], base) {
		t.Fatalf("environment does not start with the base environment (%d entries): %q", len(base), env)
	}
	assertSlice(t, "variables added to the environment", env[len(base):], added)
}

func assertErrorContains(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want one containing %q", err, want)
	}
}
