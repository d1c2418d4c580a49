"""The generated Python SDK under Pulumi mocks: a Python program declares the component, the mock
sees the remote-component registration exactly as the SDK serialised it, and the program reads
the mock's outputs back through the SDK's typed outputs.

Run: /work/main/.venv/bin/python -m pytest tests/sdk/python (or tests/sdk/run.sh)."""
import json
import pathlib
from typing import Callable, Dict, List

import pulumi
import pytest

import pulumi_codeartifact_platform as cap

TOKEN = "codeartifact-platform:index:CodeArtifactPlatform"
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
# Shared with the Node.js and Go tests: the wire inputs every SDK must send, the mock's outputs.
FULL = json.loads((FIXTURES / "full.json").read_text())
MINIMAL = json.loads((FIXTURES / "minimal.json").read_text())
PUBLISH_ONLY = json.loads((FIXTURES / "publish-policy-only.json").read_text())


class Mocks(pulumi.runtime.Mocks):
    """Records every registration; answers a component with the outputs set for its name."""

    def __init__(self) -> None:
        self.registered: List[pulumi.runtime.MockResourceArgs] = []
        self.answers: Dict[str, dict] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registered.append(args)
        if args.typ != TOKEN or args.name not in self.answers:
            raise Exception(f"unexpected registration {args.typ} {args.name}")
        return None, self.answers[args.name]

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise Exception(f"unexpected call {args.token}")


MOCKS = Mocks()
pulumi.runtime.set_mocks(MOCKS, project="sdk-tests", stack="test", preview=False)


def run(program: Callable[[], Dict[str, pulumi.Output]]) -> dict:
    """Runs `program` under the mocks and returns the values of the outputs it returns, so that the
    assertions below run on plain values (and cannot be skipped by an apply that never fires)."""
    values: dict = {}

    @pulumi.runtime.test
    def body():
        return pulumi.Output.all(**program()).apply(values.update)

    body()
    return values


def registrations(name: str) -> List[pulumi.runtime.MockResourceArgs]:
    return [r for r in MOCKS.registered if r.name == name]


def full_program_with_args(name: str) -> cap.CodeArtifactPlatform:
    return cap.CodeArtifactPlatform(
        name,
        domain_name="acme-packages",
        kms_key_arn="arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        repositories=[
            cap.RepositoryArgs(
                name="npm-internal",
                description="Internal npm packages",
                external_connection=cap.ExternalConnection.NPMJS,
                readers=["arn:aws:iam::444455556666:root"],
                publishers=["arn:aws:iam::111122223333:role/release"],
            ),
            cap.RepositoryArgs(
                name="py-internal",
                external_connection=cap.ExternalConnection.PYPI,
                formats=[cap.PackageFormat.PYPI],
            ),
            # An Output among the inputs: the SDK resolves it before sending.
            cap.RepositoryArgs(
                name="web-libs",
                upstreams=["npm-internal", "py-internal"],
                readers=[pulumi.Output.from_input("444455556666")],
            ),
        ],
        cross_account_readers=["444455556666"],
        ec2_access=cap.Ec2AccessArgs(role_name="build-host", read=["npm-internal", "py-internal"], publish=["web-libs"]),
        github_actions=cap.GithubActionsArgs(
            oidc_provider_arn="arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            read_subjects=["repo:acme/*"],
            publish_subjects=["repo:acme/web:ref:refs/tags/v*"],
            publish_repositories=["web-libs"],
            read_role_name="packages-github-read",
            publish_role_name="packages-github-publish",
        ),
        data_protection=cap.DataProtection.NONE,
        tags={"team": "platform", "cost-center": "42"},
        # Another Output among the inputs, at the top level.
        permissions_boundary=pulumi.Output.from_input("arn:aws:iam::111122223333:policy/platform-boundary"),
        organization_id="o-a1b2c3d4e5",
        organizational_unit_paths=["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"],
        managed_policies=cap.ManagedPoliciesArgs(
            read=True,
            read_policy_name="CodeArtifactReadAccess",
            publish=["web-libs"],
            publish_policy_name="CodeArtifactWriteAccess",
        ),
    )


def full_program_with_dicts(name: str) -> cap.CodeArtifactPlatform:
    """The same program written with the SDK's TypedDict forms (snake_case keys) and an args object."""
    return cap.CodeArtifactPlatform(
        name,
        cap.CodeArtifactPlatformArgs(
            domain_name="acme-packages",
            kms_key_arn="arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            repositories=[
                {
                    "name": "npm-internal",
                    "description": "Internal npm packages",
                    "external_connection": cap.ExternalConnection.NPMJS,
                    "readers": ["arn:aws:iam::444455556666:root"],
                    "publishers": ["arn:aws:iam::111122223333:role/release"],
                },
                {"name": "py-internal", "external_connection": cap.ExternalConnection.PYPI, "formats": [cap.PackageFormat.PYPI]},
                {"name": "web-libs", "upstreams": ["npm-internal", "py-internal"], "readers": ["444455556666"]},
            ],
            cross_account_readers=["444455556666"],
            ec2_access={"role_name": "build-host", "read": ["npm-internal", "py-internal"], "publish": ["web-libs"]},
            github_actions={
                "oidc_provider_arn": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
                "read_subjects": ["repo:acme/*"],
                "publish_subjects": ["repo:acme/web:ref:refs/tags/v*"],
                "publish_repositories": ["web-libs"],
                "read_role_name": "packages-github-read",
                "publish_role_name": "packages-github-publish",
            },
            data_protection=cap.DataProtection.NONE,
            tags={"team": "platform", "cost-center": "42"},
            permissions_boundary="arn:aws:iam::111122223333:policy/platform-boundary",
            organization_id="o-a1b2c3d4e5",
            organizational_unit_paths=["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"],
            managed_policies={
                "read": True,
                "read_policy_name": "CodeArtifactReadAccess",
                "publish": ["web-libs"],
                "publish_policy_name": "CodeArtifactWriteAccess",
            },
        ),
    )


@pytest.mark.parametrize("program", [full_program_with_args, full_program_with_dicts], ids=["args-classes", "typed-dicts"])
def test_registers_one_remote_component_with_inputs_serialised_exactly(program):
    name = f"full-{program.__name__}"
    MOCKS.answers[name] = FULL["outputs"]
    run(lambda: {"urn": program(name).urn})

    regs = registrations(name)
    assert len(regs) == 1
    reg = regs[0]
    assert reg.typ == TOKEN
    assert reg.custom is False, "a component, not a custom resource"
    assert reg.inputs == FULL["inputs"]
    # Spelled out, the facts that matter most on the wire (camelCase names, enum strings):
    repos = reg.inputs["repositories"]
    assert repos[0]["externalConnection"] == "public:npmjs" and type(repos[0]["externalConnection"]) is str
    assert repos[1]["formats"] == ["pypi"]
    assert repos[2]["upstreams"] == ["npm-internal", "py-internal"]
    assert repos[2]["readers"] == ["444455556666"]
    assert reg.inputs["githubActions"]["readSubjects"] == ["repo:acme/*"]
    assert reg.inputs["githubActions"]["publishRepositories"] == ["web-libs"]
    assert reg.inputs["ec2Access"]["roleName"] == "build-host"
    assert reg.inputs["dataProtection"] == "none"
    assert "domain_name" not in reg.inputs and "ec2_access" not in reg.inputs
    gha = reg.inputs["githubActions"]
    assert gha["readRoleName"] == "packages-github-read"
    assert gha["publishRoleName"] == "packages-github-publish"
    assert "read_role_name" not in gha and "publish_role_name" not in gha
    assert reg.inputs["permissionsBoundary"] == "arn:aws:iam::111122223333:policy/platform-boundary"
    assert reg.inputs["organizationId"] == "o-a1b2c3d4e5"
    assert reg.inputs["organizationalUnitPaths"] == [
        "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
        "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*",
    ]
    # A nested object with camelCase keys, its boolean a bool (not 1, not "true").
    assert reg.inputs["managedPolicies"] == {
        "read": True,
        "readPolicyName": "CodeArtifactReadAccess",
        "publish": ["web-libs"],
        "publishPolicyName": "CodeArtifactWriteAccess",
    }
    assert reg.inputs["managedPolicies"]["read"] is True
    for snake in ("permissions_boundary", "organization_id", "organizational_unit_paths", "managed_policies"):
        assert snake not in reg.inputs, snake


def publish_only_with_args(name: str) -> cap.CodeArtifactPlatform:
    return cap.CodeArtifactPlatform(
        name,
        domain_name="tiny",
        repositories=[cap.RepositoryArgs(name="libs")],
        managed_policies=cap.ManagedPoliciesArgs(read=False, publish=["libs"]),
    )


def publish_only_with_dicts(name: str) -> cap.CodeArtifactPlatform:
    return cap.CodeArtifactPlatform(
        name,
        domain_name="tiny",
        repositories=[{"name": "libs"}],
        managed_policies={"read": False, "publish": ["libs"]},
    )


@pytest.mark.parametrize("program", [publish_only_with_args, publish_only_with_dicts], ids=["args-classes", "typed-dicts"])
def test_read_false_is_sent_as_false_and_absent_read_policy_arn_reads_as_none(program):
    name = f"publish-only-{program.__name__}"
    MOCKS.answers[name] = PUBLISH_ONLY["outputs"]

    def body():
        p = program(name)
        return {
            "read_policy_arn": p.read_policy_arn,
            "publish_policy_arn": p.publish_policy_arn,
            "access_policy_documents": p.access_policy_documents,
            "publish_resource": p.access_policy_documents.apply(lambda d: json.loads(d["publish"])["Statement"][3]["Resource"]),
            "github_workflow": p.github_workflow,
        }

    got = run(body)
    regs = registrations(name)
    assert len(regs) == 1
    assert regs[0].inputs == PUBLISH_ONLY["inputs"]
    assert regs[0].inputs["managedPolicies"] == {"read": False, "publish": ["libs"]}
    # False is sent, not dropped as unset.
    assert regs[0].inputs["managedPolicies"]["read"] is False
    assert "read_policy_arn" in got and got["read_policy_arn"] is None
    assert got["publish_policy_arn"] == "arn:aws:iam::111122223333:policy/tiny-publish-policy-1a2b3c4"
    assert got["access_policy_documents"] == PUBLISH_ONLY["outputs"]["accessPolicyDocuments"]
    assert sorted(got["access_policy_documents"]) == ["publish", "read"]
    assert got["publish_resource"] == "arn:aws:codeartifact:us-east-1:111122223333:package/tiny/libs/*"
    assert "github_workflow" in got and got["github_workflow"] is None


def test_reads_every_output_back_through_the_typed_sdk_outputs():
    MOCKS.answers["outputs"] = FULL["outputs"]

    def program():
        p = cap.CodeArtifactPlatform(
            "outputs",
            domain_name="acme-packages",
            repositories=[cap.RepositoryArgs(name="npm-internal", external_connection=cap.ExternalConnection.NPMJS)],
        )
        return {
            "domain_name": p.domain_name,
            "domain_arn": p.domain_arn,
            "domain_owner": p.domain_owner,
            "kms_key_arn": p.kms_key_arn,
            "repository_arns": p.repository_arns,
            "proxy_npmjs_arn": p.repository_arns.apply(lambda arns: arns["proxy-npmjs"]),
            "proxy_repository_names": p.proxy_repository_names,
            "endpoints": p.endpoints,
            "web_libs_pypi": p.endpoints.apply(lambda e: e["web-libs"]["pypi"]),
            "login_commands": p.login_commands,
            "client_config": p.client_config,
            "pip_index_url": p.client_config.apply(lambda c: c["py-internal"]["pipIndexUrl"]),
            "ec2_role_arn": p.ec2_role_arn,
            "ec2_instance_profile_name": p.ec2_instance_profile_name,
            "github_read_role_arn": p.github_read_role_arn,
            "github_publish_role_arn": p.github_publish_role_arn,
            "oidc_provider_arn": p.oidc_provider_arn,
            "read_policy_arn": p.read_policy_arn,
            "publish_policy_arn": p.publish_policy_arn,
            "access_policy_documents": p.access_policy_documents,
            "publish_sids": p.access_policy_documents.apply(lambda d: [s["Sid"] for s in json.loads(d["publish"])["Statement"]]),
            "publish_resource": p.access_policy_documents.apply(lambda d: json.loads(d["publish"])["Statement"][3]["Resource"]),
            "github_workflow": p.github_workflow,
            "publish_workflow_role_line": p.github_workflow.apply(lambda w: w["publish"].split("\n")[7]),
        }

    got = run(program)
    out = FULL["outputs"]
    assert got["domain_name"] == "acme-packages"
    assert got["domain_arn"] == "arn:aws:codeartifact:us-east-1:111122223333:domain/acme-packages"
    assert got["domain_owner"] == "111122223333"
    assert got["kms_key_arn"] == out["kmsKeyArn"]
    assert got["repository_arns"] == out["repositoryArns"]
    assert got["proxy_npmjs_arn"] == "arn:aws:codeartifact:us-east-1:111122223333:repository/acme-packages/proxy-npmjs"
    assert got["proxy_repository_names"] == {"public:npmjs": "proxy-npmjs", "public:pypi": "proxy-pypi"}
    # Nested maps keep their keys as sent (repository names, formats, client-config keys).
    assert got["endpoints"] == out["endpoints"]
    assert got["web_libs_pypi"] == "https://acme-packages-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/web-libs/simple/"
    assert got["login_commands"] == out["loginCommands"]
    assert got["client_config"] == out["clientConfig"]
    assert got["pip_index_url"] == out["clientConfig"]["py-internal"]["pipIndexUrl"]
    assert got["ec2_role_arn"] == "arn:aws:iam::111122223333:role/build-host"
    assert got["ec2_instance_profile_name"] == "build-host"
    assert got["github_read_role_arn"] == "arn:aws:iam::111122223333:role/packages-github-read"
    assert got["github_publish_role_arn"] == "arn:aws:iam::111122223333:role/packages-github-publish"
    assert got["oidc_provider_arn"] == out["oidcProviderArn"]
    assert got["read_policy_arn"] == "arn:aws:iam::111122223333:policy/CodeArtifactReadAccess"
    assert got["publish_policy_arn"] == "arn:aws:iam::111122223333:policy/CodeArtifactWriteAccess"
    # Maps of strings: policy documents stay JSON text, workflows stay multi-line YAML text.
    assert got["access_policy_documents"] == out["accessPolicyDocuments"]
    assert sorted(got["access_policy_documents"]) == ["publish", "read"]
    assert got["publish_sids"] == ["GetAuthorizationToken", "GetServiceBearerToken", "Read", "Publish"]
    assert got["publish_resource"] == "arn:aws:codeartifact:us-east-1:111122223333:package/acme-packages/web-libs/*"
    assert got["github_workflow"] == out["githubWorkflow"]
    assert sorted(got["github_workflow"]) == ["publish", "read"]
    assert got["publish_workflow_role_line"] == '      role-to-assume: "arn:aws:iam::111122223333:role/packages-github-publish"'
    assert got["github_workflow"]["read"].endswith('--region us-east-1"\n')


def test_minimal_program_sends_only_required_inputs_and_reads_absent_optional_outputs_as_none():
    MOCKS.answers["minimal"] = MINIMAL["outputs"]

    def program():
        p = cap.CodeArtifactPlatform("minimal", domain_name="tiny", repositories=[cap.RepositoryArgs(name="libs")])
        return {
            "proxy_repository_names": p.proxy_repository_names,
            "endpoints": p.endpoints,
            "ec2_role_arn": p.ec2_role_arn,
            "ec2_instance_profile_name": p.ec2_instance_profile_name,
            "github_read_role_arn": p.github_read_role_arn,
            "github_publish_role_arn": p.github_publish_role_arn,
            "oidc_provider_arn": p.oidc_provider_arn,
            "read_policy_arn": p.read_policy_arn,
            "publish_policy_arn": p.publish_policy_arn,
            "github_workflow": p.github_workflow,
            "access_policy_documents": p.access_policy_documents,
        }

    got = run(program)
    regs = registrations("minimal")
    assert len(regs) == 1
    assert regs[0].inputs == MINIMAL["inputs"]
    assert got["proxy_repository_names"] == {}
    assert got["endpoints"] == MINIMAL["outputs"]["endpoints"]
    for optional in ("ec2_role_arn", "ec2_instance_profile_name", "github_read_role_arn",
                     "github_publish_role_arn", "oidc_provider_arn",
                     "read_policy_arn", "publish_policy_arn", "github_workflow"):
        assert optional in got and got[optional] is None, optional
    # Required: always there, with the read document only.
    assert got["access_policy_documents"] == {"read": MINIMAL["outputs"]["accessPolicyDocuments"]["read"]}
    assert list(got["access_policy_documents"]) == ["read"]


def test_missing_required_input_is_refused_before_anything_is_registered():
    before = len(MOCKS.registered)
    with pytest.raises(TypeError, match=r"^Missing required property 'repositories'$"):
        cap.CodeArtifactPlatform("no-repos", domain_name="acme-packages")
    assert len(MOCKS.registered) == before
