// Benchmark program: the CodeArtifactPlatform component through the Go SDK, declaring the same
// platform as ts-component (config `repos` = number of consuming repositories). bench/run.sh
// builds it once (timing `go build` separately) and runs the binary via runtime.options.binary.
package main

import (
	"fmt"

	cap "github.com/codeartifact-platform/pulumi-codeartifact-platform/sdk/go/codeartifactplatform"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func repoName(i int) string { return fmt.Sprintf("app-%03d", i) }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		n := config.RequireInt(ctx, "repos")
		connections := []cap.ExternalConnection{cap.ExternalConnectionNpmjs, cap.ExternalConnectionPypi, cap.ExternalConnectionMavenCentral}
		names := make([]string, n)
		repositories := make(cap.RepositoryArray, n)
		for i := 0; i < n; i++ {
			names[i] = repoName(i)
			repo := cap.RepositoryArgs{Name: pulumi.String(names[i]), ExternalConnection: connections[i%3]}
			if i >= 3 {
				repo.Upstreams = pulumi.StringArray{pulumi.String(repoName(i % 3))}
			}
			if i%5 == 0 {
				repo.Publishers = pulumi.StringArray{pulumi.String("arn:aws:iam::111122223333:role/publisher")}
			}
			repositories[i] = repo
		}
		publish := pulumi.StringArray{}
		for _, name := range names[:min(3, n)] {
			publish = append(publish, pulumi.String(name))
		}

		platform, err := cap.NewCodeArtifactPlatform(ctx, "bench", &cap.CodeArtifactPlatformArgs{
			DomainName:          pulumi.String("bench-packages"),
			Repositories:        repositories,
			CrossAccountReaders: pulumi.StringArray{pulumi.String("444455556666")},
			Ec2Access:           cap.Ec2AccessArgs{Publish: pulumi.StringArray{pulumi.String(names[0])}},
			GithubActions: cap.GithubActionsArgs{
				ReadSubjects:        pulumi.StringArray{pulumi.String("repo:acme/*")},
				PublishSubjects:     pulumi.StringArray{pulumi.String("repo:acme/*:ref:refs/tags/v*")},
				PublishRepositories: publish,
			},
			DataProtection: cap.DataProtectionNone,
			Tags:           pulumi.StringMap{"managed-by": pulumi.String("pulumi"), "team": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}
		ctx.Export("domainArn", platform.DomainArn)
		ctx.Export("repositoryArns", platform.RepositoryArns)
		ctx.Export("ec2RoleArn", platform.Ec2RoleArn)
		ctx.Export("githubReadRoleArn", platform.GithubReadRoleArn)
		return nil
	})
}
