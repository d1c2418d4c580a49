// Pure endpoint, login-command and client-config strings.
import { strict as assert } from "assert";
import { FORMATS, PackageFormat } from "../src/args";
import { clientConfig, DomainRef, endpoint, endpoints, loginCommands, mavenSettingsXml } from "../src/endpoints";

const D: DomainRef = { domain: "acme", owner: "111122223333", arn: "arn:aws:codeartifact:us-east-1:111122223333:domain/acme" };
const CN: DomainRef = { domain: "acme", owner: "111122223333", arn: "arn:aws-cn:codeartifact:cn-north-1:111122223333:domain/acme" };
const HOST = "acme-111122223333.d.codeartifact.us-east-1.amazonaws.com";
const COMMON = "--domain acme --domain-owner 111122223333 --region us-east-1";
const TOKEN = `export CODEARTIFACT_AUTH_TOKEN=$(aws codeartifact get-authorization-token ${COMMON} --query authorizationToken --output text)`;

describe("endpoint", () => {
    const expected: Record<PackageFormat, string> = {
        npm: `https://${HOST}/npm/app/`,
        pypi: `https://${HOST}/pypi/app/simple/`,
        maven: `https://${HOST}/maven/app/`,
        nuget: `https://${HOST}/nuget/app/v3/index.json`,
        generic: `https://${HOST}/generic/app/`,
        ruby: `https://${HOST}/ruby/app/`,
        swift: `https://${HOST}/swift/app/`,
        cargo: `sparse+https://${HOST}/cargo/app/`,
    };
    for (const format of FORMATS) {
        it(`${format}: ${expected[format]}`, () => assert.equal(endpoint(D, "app", format), expected[format]));
    }
    it("covers every format", () => assert.deepEqual(Object.keys(expected).sort(), [...FORMATS].sort()));

    it("takes region from the domain ARN and uses the .com.cn suffix in aws-cn", () => {
        assert.equal(endpoint(CN, "app", "npm"), "https://acme-111122223333.d.codeartifact.cn-north-1.amazonaws.com.cn/npm/app/");
        assert.equal(endpoint(CN, "py", "pypi"), "https://acme-111122223333.d.codeartifact.cn-north-1.amazonaws.com.cn/pypi/py/simple/");
        assert.equal(
            endpoint({ ...D, arn: "arn:aws:codeartifact:eu-west-2:111122223333:domain/acme" }, "app", "maven"),
            "https://acme-111122223333.d.codeartifact.eu-west-2.amazonaws.com/maven/app/",
        );
    });

    it("endpoints maps exactly the requested formats", () => {
        assert.deepEqual(endpoints(D, "app", ["npm", "cargo"]), { npm: expected.npm, cargo: expected.cargo });
        assert.deepEqual(endpoints(D, "app", []), {});
    });
});

describe("loginCommands", () => {
    const login = (tool: string, repo = "app") => `aws codeartifact login --tool ${tool} --repository ${repo} ${COMMON}`;
    const cases: [PackageFormat[], Record<string, string>][] = [
        [["npm"], { npm: login("npm") }],
        [["pypi"], { pip: login("pip"), twine: login("twine") }],
        [["nuget"], { dotnet: login("dotnet"), nuget: login("nuget") }],
        [["swift"], { swift: login("swift") }],
        [["maven"], { token: TOKEN }],
        [["cargo"], { token: TOKEN }],
        [["ruby"], { token: TOKEN }],
        [["generic"], { token: TOKEN }],
        [["maven", "npm", "cargo"], { token: TOKEN, npm: login("npm") }],
    ];
    for (const [formats, expected] of cases) {
        it(`${formats.join("+")} → ${Object.keys(expected).join(", ")}`, () =>
            assert.deepEqual(loginCommands(D, "app", formats), expected));
    }
    it("every format gets a way to authenticate", () => {
        for (const f of FORMATS) assert.ok(Object.keys(loginCommands(D, "app", [f])).length > 0, f);
    });
    it("only uses tools `aws codeartifact login` accepts", () => {
        const tools = Object.values(loginCommands(D, "r1", [...FORMATS]))
            .map((c) => /--tool (\S+)/.exec(c)?.[1])
            .filter((t): t is string => !!t);
        assert.deepEqual(tools.sort(), ["dotnet", "npm", "nuget", "pip", "swift", "twine"]);
    });
    it("names the repository and the domain's region", () => {
        assert.equal(
            loginCommands(CN, "py", ["pypi"]).pip,
            "aws codeartifact login --tool pip --repository py --domain acme --domain-owner 111122223333 --region cn-north-1",
        );
    });
});

/** A minimal well-formedness check: balanced, properly nested tags and escaped text. */
function assertWellFormedXml(xml: string) {
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
    const body = xml.replace(/^<\?xml[^?]*\?>/, "");
    const stack: string[] = [];
    const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
    let last = 0;
    for (let m = tag.exec(body); m; m = tag.exec(body)) {
        const text = body.slice(last, m.index);
        assert.doesNotMatch(text, /[<>]|&(?!(amp|lt|gt|quot|apos);)/, `unescaped text ${JSON.stringify(text)}`);
        last = tag.lastIndex;
        const [, close, name, , selfClose] = m;
        if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
        else if (!selfClose) stack.push(name);
    }
    assert.doesNotMatch(body.slice(last), /[<>]/);
    assert.deepEqual(stack, [], "every element is closed");
}

/** The text of every `<name>…</name>` inside `<parent>…</parent>` blocks. */
function texts(xml: string, parent: string, name: string): string[] {
    const blocks = [...xml.matchAll(new RegExp(`<${parent}>([\\s\\S]*?)</${parent}>`, "g"))].map((m) => m[1]);
    return blocks.flatMap((b) => [...b.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]));
}

describe("mavenSettingsXml", () => {
    const xml = mavenSettingsXml(D, "maven-internal");
    const url = `https://${HOST}/maven/maven-internal/`;

    it("is well-formed settings XML in Maven's namespace", () => {
        assertWellFormedXml(xml);
        assert.match(xml, /<settings xmlns="http:\/\/maven\.apache\.org\/SETTINGS\/1\.0\.0"/);
    });
    it("declares one server, reading the token from CODEARTIFACT_AUTH_TOKEN", () => {
        assert.deepEqual(texts(xml, "server", "id"), ["acme-maven-internal"]);
        assert.deepEqual(texts(xml, "server", "username"), ["aws"]);
        assert.deepEqual(texts(xml, "server", "password"), ["${env.CODEARTIFACT_AUTH_TOKEN}"]);
    });
    it("mirrors everything to the repository, under the server's id so the token applies", () => {
        assert.deepEqual(texts(xml, "mirror", "id"), ["acme-maven-internal"]);
        assert.deepEqual(texts(xml, "mirror", "url"), [url]);
        assert.deepEqual(texts(xml, "mirror", "mirrorOf"), ["*"]);
    });
    it("activates a profile whose repository and plugin repository are the endpoint", () => {
        assert.deepEqual(texts(xml, "activation", "activeByDefault"), ["true"]);
        assert.deepEqual(texts(xml, "repository", "url"), [url]);
        assert.deepEqual(texts(xml, "pluginRepository", "url"), [url]);
        assert.deepEqual(texts(xml, "repository", "id"), ["acme-maven-internal"]);
    });
    it("escapes XML special characters", () => {
        const odd = mavenSettingsXml({ ...D, domain: "a<b" }, "r&d");
        assertWellFormedXml(odd);
        assert.deepEqual(texts(odd, "server", "id"), ["a&lt;b-r&amp;d"]);
    });
});

describe("clientConfig", () => {
    it("npm: an .npmrc with the registry and an auth token line for the same path", () => {
        const cfg = clientConfig(D, "npm-internal", ["npm"]);
        assert.deepEqual(Object.keys(cfg), ["npmrc"]);
        assert.equal(
            cfg.npmrc,
            `registry=https://${HOST}/npm/npm-internal/\n//${HOST}/npm/npm-internal/:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`,
        );
    });
    it("pypi: the pip index URL", () => {
        assert.deepEqual(clientConfig(D, "py", ["pypi"]), { pipIndexUrl: `https://${HOST}/pypi/py/simple/` });
    });
    it("maven: settings.xml", () => {
        assert.deepEqual(clientConfig(D, "jvm", ["maven"]), { mavenSettingsXml: mavenSettingsXml(D, "jvm") });
    });
    it("all three for a repository serving every format; nothing for formats without a config file here", () => {
        assert.deepEqual(Object.keys(clientConfig(D, "any", [...FORMATS])).sort(), ["mavenSettingsXml", "npmrc", "pipIndexUrl"]);
        assert.deepEqual(clientConfig(D, "x", ["nuget", "cargo", "ruby", "swift", "generic"]), {});
    });
});
