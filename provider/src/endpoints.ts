// Pure strings a user needs next: endpoint URLs, `aws codeartifact login` commands and
// ready client configuration. Region and account come from the domain ARN.
import { PackageFormat } from "./args";
import { dnsSuffix, parseArn } from "./arn";

export interface DomainRef {
    /** Domain name. */
    domain: string;
    /** Domain owner (account ID). */
    owner: string;
    /** Domain ARN: gives region and partition. */
    arn: string;
}

/** `aws codeartifact login --tool` accepts these; other formats use an auth token. */
const LOGIN_TOOLS: Partial<Record<PackageFormat, string[]>> = {
    npm: ["npm"],
    pypi: ["pip", "twine"],
    nuget: ["dotnet", "nuget"],
    swift: ["swift"],
};

function host(d: DomainRef): string {
    const { region, partition } = parseArn(d.arn);
    return `${d.domain}-${d.owner}.d.codeartifact.${region}.${dnsSuffix(partition)}`;
}

/** The repository endpoint as each format's client wants it. */
export function endpoint(d: DomainRef, repository: string, format: PackageFormat): string {
    const base = `https://${host(d)}/${format}/${repository}/`;
    switch (format) {
        case "pypi":
            return `${base}simple/`;
        case "nuget":
            return `${base}v3/index.json`;
        case "cargo":
            return `sparse+${base}`;
        default:
            return base;
    }
}

export function endpoints(d: DomainRef, repository: string, formats: PackageFormat[]): Record<string, string> {
    return Object.fromEntries(formats.map((f) => [f, endpoint(d, repository, f)]));
}

function common(d: DomainRef): string {
    return `--domain ${d.domain} --domain-owner ${d.owner} --region ${parseArn(d.arn).region}`;
}

/** Prints a 12-hour authorization token for the domain (what CODEARTIFACT_AUTH_TOKEN holds). */
export function authorizationTokenCommand(d: DomainRef): string {
    return `aws codeartifact get-authorization-token ${common(d)} --query authorizationToken --output text`;
}

/**
 * Login commands keyed by tool; formats without a login tool (maven, gradle, cargo, ruby,
 * generic) get `token`, which exports CODEARTIFACT_AUTH_TOKEN for their config to read.
 */
export function loginCommands(d: DomainRef, repository: string, formats: PackageFormat[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of formats) {
        for (const tool of LOGIN_TOOLS[f] ?? []) {
            out[tool] = `aws codeartifact login --tool ${tool} --repository ${repository} ${common(d)}`;
        }
        if (!LOGIN_TOOLS[f]) {
            out.token = `export CODEARTIFACT_AUTH_TOKEN=$(${authorizationTokenCommand(d)})`;
        }
    }
    return out;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A complete Maven settings.xml that reads the token from CODEARTIFACT_AUTH_TOKEN. */
export function mavenSettingsXml(d: DomainRef, repository: string): string {
    const id = xml(`${d.domain}-${repository}`);
    const url = xml(endpoint(d, repository, "maven"));
    return `<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">
  <servers>
    <server>
      <id>${id}</id>
      <username>aws</username>
      <password>\${env.CODEARTIFACT_AUTH_TOKEN}</password>
    </server>
  </servers>
  <profiles>
    <profile>
      <id>${id}</id>
      <activation>
        <activeByDefault>true</activeByDefault>
      </activation>
      <repositories>
        <repository>
          <id>${id}</id>
          <url>${url}</url>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>${id}</id>
          <url>${url}</url>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <mirrors>
    <mirror>
      <id>${id}</id>
      <name>CodeArtifact ${xml(d.domain)}/${xml(repository)}</name>
      <url>${url}</url>
      <mirrorOf>*</mirrorOf>
    </mirror>
  </mirrors>
</settings>
`;
}

/** Client configuration per format: `npmrc`, `pipIndexUrl`, `mavenSettingsXml`. */
export function clientConfig(d: DomainRef, repository: string, formats: PackageFormat[]): Record<string, string> {
    const out: Record<string, string> = {};
    if (formats.includes("npm")) {
        const url = endpoint(d, repository, "npm");
        out.npmrc = `registry=${url}\n${url.replace(/^https:/, "")}:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`;
    }
    if (formats.includes("pypi")) out.pipIndexUrl = endpoint(d, repository, "pypi");
    if (formats.includes("maven")) out.mavenSettingsXml = mavenSettingsXml(d, repository);
    return out;
}
