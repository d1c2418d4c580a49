// The team stack: in a team's own account, the role (and instance profile) of its build hosts.
// It reads the central stack's outputs through a StackReference and attaches the central
// platform's read document as an inline policy: the identity half of cross-account read (the
// central repositories' policies, granted to the organization, are the other half).
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const central = new pulumi.StackReference(config.require("centralStack"));
const documents = central.requireOutput("accessPolicyDocuments") as pulumi.Output<Record<string, string>>;
const loginCommands = central.requireOutput("loginCommands") as pulumi.Output<Record<string, Record<string, string>>>;

const role = new aws.iam.Role("build", {
    description: "Build hosts of this team: read from the central CodeArtifact platform",
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags: { "managed-by": "pulumi", team: "apps" },
});

// The central platform's read document, as it is today: a token for the central domain, read on
// its repositories, the conditioned sts:GetServiceBearerToken. A new central repository changes it
// at this stack's next `pulumi up`.
new aws.iam.RolePolicy("build-codeartifact-read", {
    role: role.id,
    policy: documents.apply((d) => d.read),
});

const profile = new aws.iam.InstanceProfile("build", { role: role.name, tags: { "managed-by": "pulumi", team: "apps" } });

export const buildRoleArn = role.arn;
export const instanceProfileName = profile.name;
/** Log in to the central npm repository from a build host (the command names the central domain owner). */
export const npmLogin = loginCommands.apply((c) => c["npm-internal"].npm);
export const pipLogin = loginCommands.apply((c) => c["py-internal"].pip);
