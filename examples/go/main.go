// A shared package platform: internal npm, PyPI and Maven repositories, each behind the
// shared proxy of its public registry; EC2 build hosts read everything and publish Maven;
// GitHub Actions read from any branch of the org and publish only from version tags.
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
		var extra []string
		cfg.GetObject("extraRepositories", &extra)
		ns := cfg.Require("internalNamespace")

		repositories := cap.RepositoryArray{
			cap.RepositoryArgs{
				Name:               pulumi.String("npm-internal"),
				Description:        pulumi.String("Internal npm packages"),
				ExternalConnection: cap.ExternalConnectionNpmjs,
			},
			cap.RepositoryArgs{
				Name:               pulumi.String("py-internal"),
				Description:        pulumi.String("Internal Python packages"),
				ExternalConnection: cap.ExternalConnectionPypi,
			},
			cap.RepositoryArgs{
				Name:               pulumi.String("maven-internal"),
				Description:        pulumi.String("Internal Maven artifacts"),
				ExternalConnection: cap.ExternalConnectionMavenCentral,
			},
		}
		for _, name := range extra {
			repositories = append(repositories, cap.RepositoryArgs{
				Name:      pulumi.String(name),
				Upstreams: pulumi.StringArray{pulumi.String("npm-internal")},
			})
		}

		platform, err := cap.NewCodeArtifactPlatform(ctx, "packages", &cap.CodeArtifactPlatformArgs{
			DomainName:   pulumi.String(cfg.Require("domainName")),
			Repositories: repositories,
			Ec2Access: cap.Ec2AccessArgs{
				Read:    pulumi.StringArray{pulumi.String("maven-internal")},
				Publish: pulumi.StringArray{pulumi.String("maven-internal")},
			},
			GithubActions: cap.GithubActionsArgs{
				ReadSubjects:        pulumi.StringArray{pulumi.Sprintf("repo:%s/*", owner)},
				PublishSubjects:     pulumi.StringArray{pulumi.Sprintf("repo:%s/*:ref:refs/tags/v*", owner)},
				PublishRepositories: pulumi.StringArray{pulumi.String("npm-internal"), pulumi.String("py-internal")},
			},
			// Against dependency confusion: internal names come only from internal repositories.
			PackageGroups: cap.PackageGroupArray{
				cap.PackageGroupArgs{
					Pattern:             pulumi.Sprintf("/npm/%s/*", ns),
					Description:         pulumi.String("Internal npm scope"),
					PublishRepositories: pulumi.StringArray{pulumi.String("npm-internal")},
				},
				cap.PackageGroupArgs{
					Pattern:             pulumi.Sprintf("/pypi//%s~", ns),
					Description:         pulumi.String("Internal Python packages (name prefix)"),
					PublishRepositories: pulumi.StringArray{pulumi.String("py-internal")},
				},
				cap.PackageGroupArgs{
					Pattern:             pulumi.Sprintf("/maven/com.%s~", ns),
					Description:         pulumi.String("Internal Maven groups"),
					PublishRepositories: pulumi.StringArray{pulumi.String("maven-internal")},
				},
			},
			// retain | protect | none; a bad value gets the component's own error.
			DataProtection: cap.DataProtection(cfg.Require("dataProtection")),
			Tags:           pulumi.StringMap{"managed-by": pulumi.String("pulumi"), "team": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}

		clientConfig := func(repo, key string) pulumi.StringOutput {
			return platform.ClientConfig.MapIndex(pulumi.String(repo)).MapIndex(pulumi.String(key))
		}
		ctx.Export("domainArn", platform.DomainArn)
		ctx.Export("repositoryArns", platform.RepositoryArns)
		ctx.Export("proxies", platform.ProxyRepositoryNames)
		ctx.Export("loginCommands", platform.LoginCommands)
		ctx.Export("npmrc", clientConfig("npm-internal", "npmrc"))
		ctx.Export("pipIndexUrl", clientConfig("py-internal", "pipIndexUrl"))
		ctx.Export("mavenSettingsXml", clientConfig("maven-internal", "mavenSettingsXml"))
		ctx.Export("ec2InstanceProfile", platform.Ec2InstanceProfileName)
		ctx.Export("githubReadRoleArn", platform.GithubReadRoleArn)
		ctx.Export("githubPublishRoleArn", platform.GithubPublishRoleArn)
		ctx.Export("packageGroupArns", platform.PackageGroupArns)
		return nil
	})
}
