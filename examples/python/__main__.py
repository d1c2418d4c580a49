"""A shared package platform: internal npm, PyPI and Maven repositories, each behind the
shared proxy of its public registry; EC2 build hosts read everything and publish Maven;
GitHub Actions read from any branch of the org and publish only from version tags."""
import pulumi
import pulumi_codeartifact_platform as cap

config = pulumi.Config()
owner = config.require("githubOwner")
extra = config.get_object("extraRepositories") or []
ns = config.require("internalNamespace")

platform = cap.CodeArtifactPlatform(
    "packages",
    domain_name=config.require("domainName"),
    repositories=[
        cap.RepositoryArgs(
            name="npm-internal",
            description="Internal npm packages",
            external_connection=cap.ExternalConnection.NPMJS,
        ),
        cap.RepositoryArgs(
            name="py-internal",
            description="Internal Python packages",
            external_connection=cap.ExternalConnection.PYPI,
        ),
        cap.RepositoryArgs(
            name="maven-internal",
            description="Internal Maven artifacts",
            external_connection=cap.ExternalConnection.MAVEN_CENTRAL,
        ),
        *(cap.RepositoryArgs(name=name, upstreams=["npm-internal"]) for name in extra),
    ],
    ec2_access=cap.Ec2AccessArgs(read=["maven-internal"], publish=["maven-internal"]),
    github_actions=cap.GithubActionsArgs(
        read_subjects=[f"repo:{owner}/*"],
        publish_subjects=[f"repo:{owner}/*:ref:refs/tags/v*"],
        publish_repositories=["npm-internal", "py-internal"],
    ),
    # Against dependency confusion: internal names come only from internal repositories.
    package_groups=[
        cap.PackageGroupArgs(pattern=f"/npm/{ns}/*", description="Internal npm scope", publish_repositories=["npm-internal"]),
        cap.PackageGroupArgs(pattern=f"/pypi//{ns}~", description="Internal Python packages (name prefix)", publish_repositories=["py-internal"]),
        cap.PackageGroupArgs(pattern=f"/maven/com.{ns}~", description="Internal Maven groups", publish_repositories=["maven-internal"]),
    ],
    # retain | protect | none: passed through as text so a bad value gets the component's own error.
    data_protection=config.require("dataProtection"),
    tags={"managed-by": "pulumi", "team": "platform"},
)

pulumi.export("domainArn", platform.domain_arn)
pulumi.export("repositoryArns", platform.repository_arns)
pulumi.export("proxies", platform.proxy_repository_names)
pulumi.export("loginCommands", platform.login_commands)
pulumi.export("npmrc", platform.client_config.apply(lambda c: c["npm-internal"]["npmrc"]))
pulumi.export("pipIndexUrl", platform.client_config.apply(lambda c: c["py-internal"]["pipIndexUrl"]))
pulumi.export("mavenSettingsXml", platform.client_config.apply(lambda c: c["maven-internal"]["mavenSettingsXml"]))
pulumi.export("ec2InstanceProfile", platform.ec2_instance_profile_name)
pulumi.export("githubReadRoleArn", platform.github_read_role_arn)
pulumi.export("githubPublishRoleArn", platform.github_publish_role_arn)
pulumi.export("packageGroupArns", platform.package_group_arns)
