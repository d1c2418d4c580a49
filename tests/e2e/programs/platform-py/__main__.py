"""e2e helper program: one CodeArtifactPlatform from the Python SDK, shaped by stack config.

Used by tests/e2e for bad input (e.g. an upstream cycle), the component's own resource options
(protect / retainOnDelete) against `dataProtection`, and an explicit `aws` provider passed in
`providers` (region + defaultTags), which must reach every child.
"""
import pulumi
import pulumi_codeartifact_platform as cap

config = pulumi.Config()
component_options = config.get_object("componentOptions") or {}
explicit = config.get_object("explicitProvider") or {}

providers = None
if explicit:
    # Imported only here: pulumi-aws is large and only this case needs it.
    import pulumi_aws as aws

    provider = aws.Provider(
        "explicit",
        region=explicit["region"],
        default_tags=aws.ProviderDefaultTagsArgs(tags=explicit.get("defaultTags") or {}),
    )
    providers = [provider]

repositories = [
    cap.RepositoryArgs(
        name=r["name"],
        upstreams=r.get("upstreams"),
        external_connection=r.get("externalConnection"),
    )
    for r in config.require_object("repositories")
]

platform = cap.CodeArtifactPlatform(
    "platform",
    domain_name=config.require("domainName"),
    repositories=repositories,
    ec2_access=cap.Ec2AccessArgs(),
    github_actions=cap.GithubActionsArgs(
        read_subjects=["repo:acme/*"],
        publish_subjects=["repo:acme/*:ref:refs/tags/v*"],
        publish_repositories=[repositories[0].name],
    ),
    data_protection=config.get("dataProtection") or None,
    tags={"managed-by": "pulumi", "suite": "e2e"},
    opts=pulumi.ResourceOptions(
        providers=providers,
        protect=component_options.get("protect"),
        retain_on_delete=component_options.get("retainOnDelete"),
    ),
)

pulumi.export("domainArn", platform.domain_arn)
pulumi.export("kmsKeyArn", platform.kms_key_arn)
pulumi.export("repositoryArns", platform.repository_arns)
pulumi.export("endpoints", platform.endpoints)
pulumi.export("ec2RoleArn", platform.ec2_role_arn)
