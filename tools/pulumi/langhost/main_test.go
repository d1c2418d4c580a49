package main

import (
	"flag"
	"io"
	"testing"
)

func parseTestArgs(t *testing.T, args ...string) (hostArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return parseArgs(fs, args)
}

// The engine starts the host as pulumi-language-<lang> [flags] <engine address>; the language comes
// from the name install.sh links the binary under.
func TestParseArgsLanguageFromProgramName(t *testing.T) {
	for name, want := range map[string]string{
		"/repo/.tools/bin/pulumi-language-nodejs": "nodejs",
		"pulumi-language-python":                  "python",
		"./pulumi-language-go":                    "go",
		"/repo/.tools/bin/pulumi-langhost":        "pulumi-langhost", // newHost rejects it
	} {
		a, err := parseTestArgs(t, name, "127.0.0.1:50051")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertEqual(t, name+": language", a.language, want)
		assertEqual(t, name+": engine address", a.engineAddress, "127.0.0.1:50051")
	}
}

func TestParseArgsFlags(t *testing.T) {
	a, err := parseTestArgs(t, "/bin/pulumi-langhost", "--language", "python", "-tracing", "http://zipkin:9411",
		"127.0.0.1:7000", "ignored-extra")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "a", a, hostArgs{language: "python", engineAddress: "127.0.0.1:7000", tracing: "http://zipkin:9411"})

	// --language wins over the program name.
	a, err = parseTestArgs(t, "pulumi-language-nodejs", "-language=go")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "a", a, hostArgs{language: "go"})

	a, err = parseTestArgs(t, "pulumi-language-go", "--version")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "a", a, hostArgs{language: "go", version: true})
}

// Flags of the upstream hosts that the engine or older tooling may still pass must not stop the host.
func TestParseArgsAcceptsUpstreamFlags(t *testing.T) {
	a, err := parseTestArgs(t, "pulumi-language-nodejs",
		"--root", "/p", "--virtualenv", "venv", "--typechecker", "mypy", "--toolchain", "uv", "--use-executor", "x",
		"--runtime", "nodejs", "--binary", "bin/app", "--buildTarget", "./cmd", "--typescript=false",
		"127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "a", a, hostArgs{language: "nodejs", engineAddress: "127.0.0.1:1"})
}

func TestParseArgsRejectsUnknownFlags(t *testing.T) {
	_, err := parseTestArgs(t, "pulumi-language-go", "--no-such-flag", "127.0.0.1:1")
	assertErrorContains(t, err, "flag provided but not defined: -no-such-flag")
}

func TestNewHostLanguages(t *testing.T) {
	for _, lang := range []string{"nodejs", "python", "go"} {
		h, err := newHost(lang, "127.0.0.1:1", "trace")
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "name", h.lang.name(), lang)
		assertEqual(t, "engine address", h.engineAddress, "127.0.0.1:1")
		assertEqual(t, "tracing", h.tracing, "trace")
	}
	_, err := newHost("pulumi-langhost", "", "")
	assertErrorContains(t, err, `unsupported language "pulumi-langhost": start this program as `+
		"pulumi-language-{nodejs,python,go} or pass --language")
}
