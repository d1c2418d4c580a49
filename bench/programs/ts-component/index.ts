// Benchmark program: the CodeArtifactPlatform component through the Node.js SDK.
// Config `repos` (number) sets how many consuming repositories it declares; bench/programs/README.md
// describes the platform, which ts-handwired, py-component and go-component declare identically.
import * as pulumi from "@pulumi/pulumi";
import * as cap from "@codeartifact-platform/pulumi";

const config = new pulumi.Config();
const n = config.requireNumber("repos");
const connections = [cap.ExternalConnection.Npmjs, cap.ExternalConnection.Pypi, cap.ExternalConnection.MavenCentral];
const repoName = (i: number) => `app-${String(i).padStart(3, "0")}`;
const names = Array.from({ length: n }, (_, i) => repoName(i));

const platform = new cap.CodeArtifactPlatform("bench", {
    domainName: "bench-packages",
    repositories: names.map((name, i) => ({
        name,
        externalConnection: connections[i % 3],
        upstreams: i >= 3 ? [repoName(i % 3)] : undefined,
        publishers: i % 5 === 0 ? ["arn:aws:iam::111122223333:role/publisher"] : undefined,
    })),
    crossAccountReaders: ["444455556666"],
    ec2Access: { publish: [names[0]] },
    githubActions: {
        readSubjects: ["repo:acme/*"],
        publishSubjects: ["repo:acme/*:ref:refs/tags/v*"],
        publishRepositories: names.slice(0, 3),
    },
    dataProtection: cap.DataProtection.None,
    tags: { "managed-by": "pulumi", team: "platform" },
});

export const domainArn = platform.domainArn;
export const repositoryArns = platform.repositoryArns;
export const ec2RoleArn = platform.ec2RoleArn;
export const githubReadRoleArn = platform.githubReadRoleArn;
