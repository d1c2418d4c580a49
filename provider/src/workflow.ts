// Pure GitHub Actions workflow text: the steps a job pastes to assume one of the component's
// roles through OIDC and log in to its repositories. Strings only; tested directly.
import { PackageFormat } from "./args";
import { authorizationTokenCommand, DomainRef, loginCommands } from "./endpoints";
import { parseArn } from "./arn";

/** The pinned major version of AWS's official credentials action. */
export const CONFIGURE_AWS_CREDENTIALS = "aws-actions/configure-aws-credentials@v4";

export interface WorkflowRepository {
    name: string;
    formats: PackageFormat[];
}

/** A YAML double-quoted scalar (JSON's escaping is valid YAML). */
const q = (s: string) => JSON.stringify(s);

/**
 * The `permissions` a job needs for OIDC and the steps that assume `roleArn` and log in to each
 * repository with each of its login tools. Formats without a login tool get the token in
 * CODEARTIFACT_AUTH_TOKEN for the rest of the job (masked in the log).
 */
export function githubWorkflow(d: DomainRef, roleArn: string, repositories: WorkflowRepository[]): string {
    const region = parseArn(d.arn).region;
    const lines = [
        "permissions:",
        "  id-token: write # lets the job request the OIDC token the role trusts",
        "  contents: read",
        "steps:",
        "  - name: Configure AWS credentials",
        `    uses: ${CONFIGURE_AWS_CREDENTIALS}`,
        "    with:",
        `      role-to-assume: ${q(roleArn)}`,
        `      aws-region: ${q(region)}`,
    ];
    let token = false;
    for (const r of repositories) {
        for (const [tool, command] of Object.entries(loginCommands(d, r.name, r.formats))) {
            if (tool === "token") {
                token = true;
                continue;
            }
            lines.push(`  - name: ${q(`Log in to ${r.name} (${tool})`)}`, `    run: ${q(command)}`);
        }
    }
    if (token) {
        lines.push(
            "  - name: CodeArtifact token for Maven, Gradle, Cargo and Ruby (CODEARTIFACT_AUTH_TOKEN)",
            "    run: |",
            `      token=$(${authorizationTokenCommand(d)})`,
            '      echo "::add-mask::$token"',
            '      echo "CODEARTIFACT_AUTH_TOKEN=$token" >> "$GITHUB_ENV"',
        );
    }
    return lines.join("\n") + "\n";
}
