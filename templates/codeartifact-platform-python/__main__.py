"""A shared package platform: internal npm, PyPI and Maven repositories, each behind the shared
proxy of its public registry; EC2 build hosts read and publish Maven; GitHub Actions read from any
branch of the owner and publish only from version tags; package groups keep your own namespace out
of the public registries (dependency confusion)."""
import pulumi
import pulumi_codeartifact_platform as cap

config = pulumi.Config()
owner = config.require("githubOwner")
namespace = config.require("internalNamespace")

platform = cap.CodeArtifactPlatform(
    "packages",
    domain_name=config.require("domainName"),
    repositories=[
        cap.RepositoryArgs(name="npm-internal", description="Internal npm packages", external_connection=cap.ExternalConnection.NPMJS),
        cap.RepositoryArgs(name="py-internal", description="Internal Python packages", external_connection=cap.ExternalConnection.PYPI),
        cap.RepositoryArgs(
            name="maven-internal", description="Internal Maven artifacts", external_connection=cap.ExternalConnection.MAVEN_CENTRAL
        ),
        # More repositories go here, e.g. one that reads npm-internal:
        # cap.RepositoryArgs(name="web-internal", upstreams=["npm-internal"]),
    ],
    ec2_access=cap.Ec2AccessArgs(read=["maven-internal"], publish=["maven-internal"]),
    github_actions=cap.GithubActionsArgs(
        read_subjects=[f"repo:{owner}/*"],
        publish_subjects=[f"repo:{owner}/*:ref:refs/tags/v*"],
        publish_repositories=["npm-internal", "py-internal"],
    ),
    package_groups=[
        cap.PackageGroupArgs(pattern=f"/npm/{namespace}/*", description="Internal npm scope", publish_repositories=["npm-internal"]),
        cap.PackageGroupArgs(pattern=f"/pypi//{namespace}~", description="Internal Python packages", publish_repositories=["py-internal"]),
        cap.PackageGroupArgs(pattern=f"/maven/com.{namespace}~", description="Internal Maven groups", publish_repositories=["maven-internal"]),
    ],
    # retain | protect | none: a bad value gets the component's own error.
    data_protection=config.require("dataProtection"),
    tags={"managed-by": "pulumi"},
)

client_config = platform.client_config
pulumi.export("domainArn", platform.domain_arn)
pulumi.export("repositoryArns", platform.repository_arns)
pulumi.export("endpoints", platform.endpoints)
pulumi.export("loginCommands", platform.login_commands)
pulumi.export("npmrc", client_config.apply(lambda c: c["npm-internal"]["npmrc"]))
pulumi.export("pipIndexUrl", client_config.apply(lambda c: c["py-internal"]["pipIndexUrl"]))
pulumi.export("mavenSettingsXml", client_config.apply(lambda c: c["maven-internal"]["mavenSettingsXml"]))
pulumi.export("ec2InstanceProfile", platform.ec2_instance_profile_name)
pulumi.export("githubReadRoleArn", platform.github_read_role_arn)
pulumi.export("githubPublishRoleArn", platform.github_publish_role_arn)
pulumi.export("githubWorkflow", platform.github_workflow)
