"""Benchmark program: the CodeArtifactPlatform component through the Python SDK, declaring the
same platform as ts-component (config `repos` = number of consuming repositories)."""
import pulumi
import pulumi_codeartifact_platform as cap

config = pulumi.Config()
n = config.require_int("repos")
connections = [cap.ExternalConnection.NPMJS, cap.ExternalConnection.PYPI, cap.ExternalConnection.MAVEN_CENTRAL]


def repo_name(i: int) -> str:
    return f"app-{i:03d}"


names = [repo_name(i) for i in range(n)]

platform = cap.CodeArtifactPlatform(
    "bench",
    domain_name="bench-packages",
    repositories=[
        cap.RepositoryArgs(
            name=name,
            external_connection=connections[i % 3],
            upstreams=[repo_name(i % 3)] if i >= 3 else None,
            publishers=["arn:aws:iam::111122223333:role/publisher"] if i % 5 == 0 else None,
        )
        for i, name in enumerate(names)
    ],
    cross_account_readers=["444455556666"],
    ec2_access=cap.Ec2AccessArgs(publish=[names[0]]),
    github_actions=cap.GithubActionsArgs(
        read_subjects=["repo:acme/*"],
        publish_subjects=["repo:acme/*:ref:refs/tags/v*"],
        publish_repositories=names[:3],
    ),
    data_protection=cap.DataProtection.NONE,
    tags={"managed-by": "pulumi", "team": "platform"},
)

pulumi.export("domainArn", platform.domain_arn)
pulumi.export("repositoryArns", platform.repository_arns)
pulumi.export("ec2RoleArn", platform.ec2_role_arn)
pulumi.export("githubReadRoleArn", platform.github_read_role_arn)
