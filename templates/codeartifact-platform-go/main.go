// A shared package platform: internal npm, PyPI and Maven repositories, each behind the shared
// proxy of its public registry; EC2 build hosts read and publish Maven; GitHub Actions read from
// any branch of the owner and publish only from version tags; package groups keep your own
// namespace out of the public registries (dependency confusion).
package main

import (
	cap "github.com/codeartifact-platform/pulumi-codeartifact-platform/sdk/go/codeartifactplatform"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		owner := cfg.Require("githubOwner")
		namespace := cfg.Require("internalNamespace")

		repository := func(name, description string, connection cap.ExternalConnection) cap.RepositoryArgs {
			return cap.RepositoryArgs{Name: pulumi.String(name), Description: pulumi.String(description), ExternalConnection: connection}
		}
		group := func(pattern, description, repo string) cap.PackageGroupArgs {
			return cap.PackageGroupArgs{
				Pattern:             pulumi.String(pattern),
				Description:         pulumi.String(description),
				PublishRepositories: pulumi.StringArray{pulumi.String(repo)},
			}
		}

		platform, err := cap.NewCodeArtifactPlatform(ctx, "packages", &cap.CodeArtifactPlatformArgs{
			DomainName: pulumi.String(cfg.Require("domainName")),
			Repositories: cap.RepositoryArray{
				repository("npm-internal", "Internal npm packages", cap.ExternalConnectionNpmjs),
				repository("py-internal", "Internal Python packages", cap.ExternalConnectionPypi),
				repository("maven-internal", "Internal Maven artifacts", cap.ExternalConnectionMavenCentral),
				// More repositories go here, e.g. one that reads npm-internal:
				// cap.RepositoryArgs{Name: pulumi.String("web-internal"), Upstreams: pulumi.ToStringArray([]string{"npm-internal"})},
			},
			Ec2Access: cap.Ec2AccessArgs{
				Read:    pulumi.ToStringArray([]string{"maven-internal"}),
				Publish: pulumi.ToStringArray([]string{"maven-internal"}),
			},
			GithubActions: cap.GithubActionsArgs{
				ReadSubjects:        pulumi.StringArray{pulumi.Sprintf("repo:%s/*", owner)},
				PublishSubjects:     pulumi.StringArray{pulumi.Sprintf("repo:%s/*:ref:refs/tags/v*", owner)},
				PublishRepositories: pulumi.ToStringArray([]string{"npm-internal", "py-internal"}),
			},
			PackageGroups: cap.PackageGroupArray{
				group("/npm/"+namespace+"/*", "Internal npm scope", "npm-internal"),
				group("/pypi//"+namespace+"~", "Internal Python packages", "py-internal"),
				group("/maven/com."+namespace+"~", "Internal Maven groups", "maven-internal"),
			},
			// retain | protect | none: a bad value gets the component's own error.
			DataProtection: cap.DataProtection(cfg.Require("dataProtection")),
			Tags:           pulumi.StringMap{"managed-by": pulumi.String("pulumi")},
		})
		if err != nil {
			return err
		}

		clientConfig := func(repo, key string) pulumi.StringOutput {
			return platform.ClientConfig.MapIndex(pulumi.String(repo)).MapIndex(pulumi.String(key))
		}
		ctx.Export("domainArn", platform.DomainArn)
		ctx.Export("repositoryArns", platform.RepositoryArns)
		ctx.Export("endpoints", platform.Endpoints)
		ctx.Export("loginCommands", platform.LoginCommands)
		ctx.Export("npmrc", clientConfig("npm-internal", "npmrc"))
		ctx.Export("pipIndexUrl", clientConfig("py-internal", "pipIndexUrl"))
		ctx.Export("mavenSettingsXml", clientConfig("maven-internal", "mavenSettingsXml"))
		ctx.Export("ec2InstanceProfile", platform.Ec2InstanceProfileName)
		ctx.Export("githubReadRoleArn", platform.GithubReadRoleArn)
		ctx.Export("githubPublishRoleArn", platform.GithubPublishRoleArn)
		ctx.Export("githubWorkflow", platform.GithubWorkflow)
		return nil
	})
}
