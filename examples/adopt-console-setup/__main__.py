"""Adopt what the AWS console made: domain `nextwork` (on a customer-managed KMS key),
repository `nextwork-packages` with the console's public upstream store `maven-central-store`.
The component imports them (replacing nothing) and adds an EC2 build-host role that can read
nextwork-packages and publish to it."""
import pulumi
import pulumi_codeartifact_platform as cap

config = pulumi.Config()
adopt = config.get_bool("adopt")
adopt = True if adopt is None else adopt
upstreams = config.get_object("upstreams") or []
description = config.get("description") or None

platform = cap.CodeArtifactPlatform(
    "nextwork",
    domain_name=config.require("domainName"),
    # The key the domain already uses: a different key (or none, which creates one) would replace
    # the domain and delete its packages.
    kms_key_arn=config.require("kmsKeyArn"),
    repositories=[
        # Repositories made in the console besides nextwork-packages, each searched before the store.
        *(cap.RepositoryArgs(name=name) for name in upstreams),
        cap.RepositoryArgs(
            name="nextwork-packages",
            description=description,
            upstreams=upstreams,
            # Served through the shared proxy, which is the console's store repository (proxy_names).
            external_connection=cap.ExternalConnection.MAVEN_CENTRAL,
        ),
    ],
    # The console's "public upstream" made maven-central-store; it becomes the shared proxy.
    proxy_names={"public:maven-central": "maven-central-store"},
    adopt=cap.AdoptArgs(domain=True, repositories=["nextwork-packages", "maven-central-store", *upstreams])
    if adopt
    else None,
    ec2_access=cap.Ec2AccessArgs(read=["nextwork-packages"], publish=["nextwork-packages"]),
)

pulumi.export("domainArn", platform.domain_arn)
pulumi.export("repositoryArns", platform.repository_arns)
pulumi.export("proxies", platform.proxy_repository_names)
pulumi.export("ec2RoleArn", platform.ec2_role_arn)
pulumi.export("ec2InstanceProfile", platform.ec2_instance_profile_name)
pulumi.export("mavenSettingsXml", platform.client_config.apply(lambda c: c["nextwork-packages"]["mavenSettingsXml"]))
