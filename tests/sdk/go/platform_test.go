// The generated Go SDK under Pulumi mocks: a Go program declares the component, the mock sees the
// remote-component registration exactly as the SDK serialised it, and the program reads the mock's
// outputs back through the SDK's typed outputs.
package sdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	cap "github.com/codeartifact-platform/pulumi-codeartifact-platform/sdk/go/codeartifactplatform"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const token = "codeartifact-platform:index:CodeArtifactPlatform"

// fixture is shared with the Node.js and Python tests: the wire inputs every SDK must send and the
// outputs the mock answers with.
type fixture struct {
	Inputs  map[string]any `json:"inputs"`
	Outputs map[string]any `json:"outputs"`
}

func loadFixture(t *testing.T, name string) fixture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "fixtures", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// mocks records every registration and answers the component with the fixture's outputs.
type mocks struct {
	mu         sync.Mutex
	registered []pulumi.MockResourceArgs
	outputs    map[string]any
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.registered = append(m.registered, args)
	if args.TypeToken != token {
		return "", nil, fmt.Errorf("unexpected registration %s %s", args.TypeToken, args.Name)
	}
	return "", resource.NewPropertyMapFromMap(m.outputs), nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected call %s", args.Token)
}

// await returns the value of an output once the mock has answered (inside pulumi.RunErr).
func await[T any](t *testing.T, o pulumi.Output) T {
	t.Helper()
	ch := make(chan T, 1)
	o.ApplyT(func(v T) T { ch <- v; return v })
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("output of type %s never resolved", o.ElementType())
		panic("unreachable")
	}
}

// show prints a value for a failure message, with *string dereferenced.
func show(v any) string {
	if p, ok := v.(*string); ok && p != nil {
		return fmt.Sprintf("&%q", *p)
	}
	return fmt.Sprintf("%#v", v)
}

func run(t *testing.T, m *mocks, program pulumi.RunFunc) {
	t.Helper()
	if err := pulumi.RunErr(program, pulumi.WithMocks("sdk-tests", "test", m)); err != nil {
		t.Fatal(err)
	}
}

func fullArgs() *cap.CodeArtifactPlatformArgs {
	return &cap.CodeArtifactPlatformArgs{
		DomainName: pulumi.String("acme-packages"),
		KmsKeyArn:  pulumi.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		Repositories: cap.RepositoryArray{
			cap.RepositoryArgs{
				Name:               pulumi.String("npm-internal"),
				Description:        pulumi.String("Internal npm packages"),
				ExternalConnection: cap.ExternalConnectionNpmjs,
				Readers:            pulumi.StringArray{pulumi.String("arn:aws:iam::444455556666:root")},
				Publishers:         pulumi.StringArray{pulumi.String("arn:aws:iam::111122223333:role/release")},
			},
			cap.RepositoryArgs{
				Name:               pulumi.String("py-internal"),
				ExternalConnection: cap.ExternalConnectionPypi,
				Formats:            cap.PackageFormatArray{cap.PackageFormatPypi},
			},
			cap.RepositoryArgs{
				Name:      pulumi.String("web-libs"),
				Upstreams: pulumi.ToStringArray([]string{"npm-internal", "py-internal"}),
				// An Output among the inputs: the SDK resolves it before sending.
				Readers: pulumi.StringArray{pulumi.String("444455556666").ToStringOutput()},
			},
		},
		CrossAccountReaders: pulumi.StringArray{pulumi.String("444455556666")},
		Ec2Access: cap.Ec2AccessArgs{
			RoleName: pulumi.String("build-host"),
			Read:     pulumi.ToStringArray([]string{"npm-internal", "py-internal"}),
			Publish:  pulumi.ToStringArray([]string{"web-libs"}),
		},
		GithubActions: cap.GithubActionsArgs{
			OidcProviderArn:     pulumi.String("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"),
			ReadSubjects:        pulumi.ToStringArray([]string{"repo:acme/*"}),
			PublishSubjects:     pulumi.ToStringArray([]string{"repo:acme/web:ref:refs/tags/v*"}),
			PublishRepositories: pulumi.ToStringArray([]string{"web-libs"}),
			ReadRoleName:        pulumi.String("packages-github-read"),
			PublishRoleName:     pulumi.String("packages-github-publish"),
		},
		DataProtection: cap.DataProtectionNone,
		Tags:           pulumi.StringMap{"team": pulumi.String("platform"), "cost-center": pulumi.String("42")},
		// Another Output among the inputs, at the top level.
		PermissionsBoundary: pulumi.String("arn:aws:iam::111122223333:policy/platform-boundary").ToStringPtrOutput(),
		OrganizationId:      pulumi.String("o-a1b2c3d4e5"),
		OrganizationalUnitPaths: pulumi.StringArray{
			pulumi.String("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"),
			pulumi.String("o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"),
		},
		ManagedPolicies: cap.ManagedPoliciesArgs{
			Read:              pulumi.Bool(true),
			ReadPolicyName:    pulumi.String("CodeArtifactReadAccess"),
			Publish:           pulumi.StringArray{pulumi.String("web-libs")},
			PublishPolicyName: pulumi.String("CodeArtifactWriteAccess"),
		},
	}
}

func TestRegistersOneRemoteComponentWithInputsSerialisedExactly(t *testing.T) {
	full := loadFixture(t, "full")
	m := &mocks{outputs: full.Outputs}
	run(t, m, func(ctx *pulumi.Context) error {
		p, err := cap.NewCodeArtifactPlatform(ctx, "full", fullArgs())
		if err != nil {
			return err
		}
		await[pulumi.URN](t, p.URN())
		return nil
	})

	if len(m.registered) != 1 {
		t.Fatalf("want 1 registration, got %d", len(m.registered))
	}
	reg := m.registered[0]
	if reg.TypeToken != token || reg.Name != "full" {
		t.Errorf("registered %s %s", reg.TypeToken, reg.Name)
	}
	if reg.Custom || !reg.RegisterRPC.GetRemote() {
		t.Errorf("want a remote component: custom=%v remote=%v", reg.Custom, reg.RegisterRPC.GetRemote())
	}
	got := reg.Inputs.Mappable()
	if !reflect.DeepEqual(got, full.Inputs) {
		gotJSON, _ := json.MarshalIndent(got, "", "  ")
		wantJSON, _ := json.MarshalIndent(full.Inputs, "", "  ")
		t.Fatalf("wire inputs differ\n got: %s\nwant: %s", gotJSON, wantJSON)
	}
	// Spelled out, the facts that matter most on the wire (camelCase names, enum strings):
	repos := reg.Inputs["repositories"].ArrayValue()
	if v := repos[0].ObjectValue()["externalConnection"]; !v.IsString() || v.StringValue() != "public:npmjs" {
		t.Errorf("externalConnection = %v", v)
	}
	if v := repos[2].ObjectValue()["upstreams"].Mappable(); !reflect.DeepEqual(v, []any{"npm-internal", "py-internal"}) {
		t.Errorf("upstreams = %v", v)
	}
	if v := reg.Inputs["githubActions"].ObjectValue()["readSubjects"].Mappable(); !reflect.DeepEqual(v, []any{"repo:acme/*"}) {
		t.Errorf("readSubjects = %v", v)
	}
	if v := reg.Inputs["ec2Access"].ObjectValue()["roleName"]; v.StringValue() != "build-host" {
		t.Errorf("roleName = %v", v)
	}
	if v := reg.Inputs["dataProtection"]; v.StringValue() != "none" {
		t.Errorf("dataProtection = %v", v)
	}
	gha := reg.Inputs["githubActions"].ObjectValue()
	if v := gha["readRoleName"]; !v.IsString() || v.StringValue() != "packages-github-read" {
		t.Errorf("githubActions.readRoleName = %v", v)
	}
	if v := gha["publishRoleName"]; !v.IsString() || v.StringValue() != "packages-github-publish" {
		t.Errorf("githubActions.publishRoleName = %v", v)
	}
	if v := reg.Inputs["permissionsBoundary"]; !v.IsString() || v.StringValue() != "arn:aws:iam::111122223333:policy/platform-boundary" {
		t.Errorf("permissionsBoundary = %v", v)
	}
	if v := reg.Inputs["organizationId"]; !v.IsString() || v.StringValue() != "o-a1b2c3d4e5" {
		t.Errorf("organizationId = %v", v)
	}
	if v := reg.Inputs["organizationalUnitPaths"].Mappable(); !reflect.DeepEqual(v,
		[]any{"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"}) {
		t.Errorf("organizationalUnitPaths = %v", v)
	}
	// A nested object with camelCase keys, its boolean a boolean (not the string "true").
	if v := reg.Inputs["managedPolicies"].Mappable(); !reflect.DeepEqual(v, map[string]any{
		"read":              true,
		"readPolicyName":    "CodeArtifactReadAccess",
		"publish":           []any{"web-libs"},
		"publishPolicyName": "CodeArtifactWriteAccess",
	}) {
		t.Errorf("managedPolicies = %#v", v)
	}
	if v := reg.Inputs["managedPolicies"].ObjectValue()["read"]; !v.IsBool() || !v.BoolValue() {
		t.Errorf("managedPolicies.read = %v, want the boolean true", v)
	}
}

func TestSendsReadFalseAsFalseAndReadsAbsentReadPolicyArnAsNil(t *testing.T) {
	f := loadFixture(t, "publish-policy-only")
	m := &mocks{outputs: f.Outputs}
	run(t, m, func(ctx *pulumi.Context) error {
		p, err := cap.NewCodeArtifactPlatform(ctx, "publish-only", &cap.CodeArtifactPlatformArgs{
			DomainName:   pulumi.String("tiny"),
			Repositories: cap.RepositoryArray{cap.RepositoryArgs{Name: pulumi.String("libs")}},
			ManagedPolicies: cap.ManagedPoliciesArgs{
				Read:    pulumi.Bool(false),
				Publish: pulumi.ToStringArray([]string{"libs"}),
			},
		})
		if err != nil {
			return err
		}
		if got := await[*string](t, p.ReadPolicyArn); got != nil {
			t.Errorf("ReadPolicyArn = %q, want nil", *got)
		}
		if got := await[*string](t, p.PublishPolicyArn); got == nil || *got != "arn:aws:iam::111122223333:policy/tiny-publish-policy-1a2b3c4" {
			t.Errorf("PublishPolicyArn = %s", show(got))
		}
		docs := f.Outputs["accessPolicyDocuments"].(map[string]any)
		if got := await[map[string]string](t, p.AccessPolicyDocuments); !reflect.DeepEqual(got,
			map[string]string{"read": docs["read"].(string), "publish": docs["publish"].(string)}) {
			t.Errorf("AccessPolicyDocuments = %#v", got)
		}
		var doc struct{ Statement []struct{ Sid, Resource any } }
		if err := json.Unmarshal([]byte(await[string](t, p.AccessPolicyDocuments.MapIndex(pulumi.String("publish")))), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Statement) != 4 || doc.Statement[3].Resource != "arn:aws:codeartifact:us-east-1:111122223333:package/tiny/libs/*" {
			t.Errorf("publish document statements = %#v", doc.Statement)
		}
		if got := await[map[string]string](t, p.GithubWorkflow); got != nil {
			t.Errorf("GithubWorkflow = %#v, want nil", got)
		}
		return nil
	})
	if len(m.registered) != 1 {
		t.Fatalf("want 1 registration, got %d", len(m.registered))
	}
	reg := m.registered[0]
	if got := reg.Inputs.Mappable(); !reflect.DeepEqual(got, f.Inputs) {
		t.Fatalf("wire inputs: got %#v, want %#v", got, f.Inputs)
	}
	if v := reg.Inputs["managedPolicies"].Mappable(); !reflect.DeepEqual(v, map[string]any{"read": false, "publish": []any{"libs"}}) {
		t.Errorf("managedPolicies = %#v", v)
	}
	// False is sent, not dropped as unset.
	if v, ok := reg.Inputs["managedPolicies"].ObjectValue()["read"]; !ok || !v.IsBool() || v.BoolValue() {
		t.Errorf("managedPolicies.read = %v (present %v), want the boolean false", v, ok)
	}
}

func TestReadsEveryOutputBackThroughTheTypedSDKOutputs(t *testing.T) {
	full := loadFixture(t, "full")
	out := full.Outputs
	m := &mocks{outputs: out}
	run(t, m, func(ctx *pulumi.Context) error {
		p, err := cap.NewCodeArtifactPlatform(ctx, "outputs", &cap.CodeArtifactPlatformArgs{
			DomainName:   pulumi.String("acme-packages"),
			Repositories: cap.RepositoryArray{cap.RepositoryArgs{Name: pulumi.String("npm-internal"), ExternalConnection: cap.ExternalConnectionNpmjs}},
		})
		if err != nil {
			return err
		}
		eq := func(what string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %s, want %s", what, show(got), show(want))
			}
		}
		// asStringMap(s) convert the fixture's JSON objects into the SDK's Go types.
		asStringMap := func(v any) map[string]string {
			res := map[string]string{}
			for k, s := range v.(map[string]any) {
				res[k] = s.(string)
			}
			return res
		}
		asStringMapMap := func(v any) map[string]map[string]string {
			res := map[string]map[string]string{}
			for k, inner := range v.(map[string]any) {
				res[k] = asStringMap(inner)
			}
			return res
		}
		str := func(s string) *string { return &s }

		eq("DomainName", await[string](t, p.DomainName), "acme-packages")
		eq("DomainArn", await[string](t, p.DomainArn), "arn:aws:codeartifact:us-east-1:111122223333:domain/acme-packages")
		eq("DomainOwner", await[string](t, p.DomainOwner), "111122223333")
		eq("KmsKeyArn", await[string](t, p.KmsKeyArn), out["kmsKeyArn"])
		eq("RepositoryArns", await[map[string]string](t, p.RepositoryArns), asStringMap(out["repositoryArns"]))
		eq("RepositoryArns[proxy-npmjs]", await[string](t, p.RepositoryArns.MapIndex(pulumi.String("proxy-npmjs"))),
			"arn:aws:codeartifact:us-east-1:111122223333:repository/acme-packages/proxy-npmjs")
		eq("ProxyRepositoryNames", await[map[string]string](t, p.ProxyRepositoryNames),
			map[string]string{"public:npmjs": "proxy-npmjs", "public:pypi": "proxy-pypi"})
		// Nested maps: repository -> format -> URL.
		eq("Endpoints", await[map[string]map[string]string](t, p.Endpoints), asStringMapMap(out["endpoints"]))
		eq("Endpoints[web-libs][pypi]",
			await[string](t, p.Endpoints.MapIndex(pulumi.String("web-libs")).MapIndex(pulumi.String("pypi"))),
			"https://acme-packages-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/web-libs/simple/")
		eq("LoginCommands", await[map[string]map[string]string](t, p.LoginCommands), asStringMapMap(out["loginCommands"]))
		eq("ClientConfig", await[map[string]map[string]string](t, p.ClientConfig), asStringMapMap(out["clientConfig"]))
		eq("ClientConfig[py-internal][pipIndexUrl]",
			await[string](t, p.ClientConfig.MapIndex(pulumi.String("py-internal")).MapIndex(pulumi.String("pipIndexUrl"))),
			"https://acme-packages-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/py-internal/simple/")
		eq("Ec2RoleArn", await[*string](t, p.Ec2RoleArn), str("arn:aws:iam::111122223333:role/build-host"))
		eq("Ec2InstanceProfileName", await[*string](t, p.Ec2InstanceProfileName), str("build-host"))
		eq("GithubReadRoleArn", await[*string](t, p.GithubReadRoleArn), str("arn:aws:iam::111122223333:role/packages-github-read"))
		eq("GithubPublishRoleArn", await[*string](t, p.GithubPublishRoleArn), str("arn:aws:iam::111122223333:role/packages-github-publish"))
		eq("OidcProviderArn", await[*string](t, p.OidcProviderArn), str(out["oidcProviderArn"].(string)))
		eq("ReadPolicyArn", await[*string](t, p.ReadPolicyArn), str("arn:aws:iam::111122223333:policy/CodeArtifactReadAccess"))
		eq("PublishPolicyArn", await[*string](t, p.PublishPolicyArn), str("arn:aws:iam::111122223333:policy/CodeArtifactWriteAccess"))
		// Maps of strings: policy documents stay JSON text, workflows stay multi-line YAML text.
		docs := await[map[string]string](t, p.AccessPolicyDocuments)
		eq("AccessPolicyDocuments", docs, asStringMap(out["accessPolicyDocuments"]))
		eq("len(AccessPolicyDocuments)", len(docs), 2)
		var doc struct{ Statement []struct{ Sid, Resource any } }
		if err := json.Unmarshal([]byte(await[string](t, p.AccessPolicyDocuments.MapIndex(pulumi.String("publish")))), &doc); err != nil {
			t.Fatal(err)
		}
		sids := []any{}
		for _, s := range doc.Statement {
			sids = append(sids, s.Sid)
		}
		eq("publish document Sids", sids, []any{"GetAuthorizationToken", "GetServiceBearerToken", "Read", "Publish"})
		if len(doc.Statement) == 4 {
			eq("publish document Publish resource", doc.Statement[3].Resource,
				"arn:aws:codeartifact:us-east-1:111122223333:package/acme-packages/web-libs/*")
		}
		workflow := await[map[string]string](t, p.GithubWorkflow)
		eq("GithubWorkflow", workflow, asStringMap(out["githubWorkflow"]))
		eq("len(GithubWorkflow)", len(workflow), 2)
		eq("GithubWorkflow[publish] line 8",
			strings.Split(await[string](t, p.GithubWorkflow.MapIndex(pulumi.String("publish"))), "\n")[7],
			`      role-to-assume: "arn:aws:iam::111122223333:role/packages-github-publish"`)
		eq("GithubWorkflow[read] ends with a newline", strings.HasSuffix(workflow["read"], "--region us-east-1\"\n"), true)
		return nil
	})
}

func TestMinimalProgramSendsOnlyRequiredInputsAndReadsAbsentOptionalOutputsAsNil(t *testing.T) {
	minimal := loadFixture(t, "minimal")
	m := &mocks{outputs: minimal.Outputs}
	run(t, m, func(ctx *pulumi.Context) error {
		p, err := cap.NewCodeArtifactPlatform(ctx, "minimal", &cap.CodeArtifactPlatformArgs{
			DomainName:   pulumi.String("tiny"),
			Repositories: cap.RepositoryArray{cap.RepositoryArgs{Name: pulumi.String("libs")}},
		})
		if err != nil {
			return err
		}
		if got := await[map[string]string](t, p.ProxyRepositoryNames); len(got) != 0 {
			t.Errorf("ProxyRepositoryNames = %v, want empty", got)
		}
		if got := await[map[string]map[string]string](t, p.Endpoints); !reflect.DeepEqual(got,
			map[string]map[string]string{"libs": {"generic": "https://tiny-111122223333.d.codeartifact.us-east-1.amazonaws.com/generic/libs/"}}) {
			t.Errorf("Endpoints = %v", got)
		}
		for name, o := range map[string]pulumi.StringPtrOutput{
			"Ec2RoleArn": p.Ec2RoleArn, "Ec2InstanceProfileName": p.Ec2InstanceProfileName,
			"GithubReadRoleArn": p.GithubReadRoleArn, "GithubPublishRoleArn": p.GithubPublishRoleArn,
			"OidcProviderArn": p.OidcProviderArn,
			"ReadPolicyArn":   p.ReadPolicyArn, "PublishPolicyArn": p.PublishPolicyArn,
		} {
			if got := await[*string](t, o); got != nil {
				t.Errorf("%s = %q, want nil", name, *got)
			}
		}
		if got := await[map[string]string](t, p.GithubWorkflow); got != nil {
			t.Errorf("GithubWorkflow = %#v, want nil", got)
		}
		// Required: always there, with the read document only.
		read := minimal.Outputs["accessPolicyDocuments"].(map[string]any)["read"].(string)
		if got := await[map[string]string](t, p.AccessPolicyDocuments); !reflect.DeepEqual(got, map[string]string{"read": read}) {
			t.Errorf("AccessPolicyDocuments = %#v", got)
		}
		return nil
	})
	if len(m.registered) != 1 {
		t.Fatalf("want 1 registration, got %d", len(m.registered))
	}
	if got := m.registered[0].Inputs.Mappable(); !reflect.DeepEqual(got, minimal.Inputs) {
		t.Fatalf("wire inputs: got %#v, want %#v", got, minimal.Inputs)
	}
}

func TestMissingRequiredInputIsRefusedBeforeAnythingIsRegistered(t *testing.T) {
	m := &mocks{}
	var gotErr error
	run(t, m, func(ctx *pulumi.Context) error {
		_, gotErr = cap.NewCodeArtifactPlatform(ctx, "no-repos", &cap.CodeArtifactPlatformArgs{DomainName: pulumi.String("acme-packages")})
		return nil
	})
	if gotErr == nil || gotErr.Error() != "invalid value for required argument 'Repositories'" {
		t.Fatalf("error = %v", gotErr)
	}
	if len(m.registered) != 0 {
		t.Fatalf("registered %d resources", len(m.registered))
	}
}
