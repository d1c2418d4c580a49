import * as assert from "node:assert/strict";
import { domainCmkEncryption } from "../src/rules/domainEncryption";
import { FakeResource, runResourcePolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { runPack, waitingLines } from "../testing/harness";
import { KEY_ARN, res, TYPES, ACCOUNT, REGION } from "../testing/fixtures";
import * as native from "../testing/native";

const NAME = "codeartifact-domain-cmk-encryption";
const domain = (props: Record<string, unknown>, name = "acme") => res(TYPES.domain, name, { domain: "acme", ...props });

describe(NAME, () => {
    const violating: [string, Record<string, unknown>, string][] = [
        [
            "no encryptionKey",
            {},
            'domain "acme" has no encryptionKey, so CodeArtifact encrypts it with the AWS managed key aws/codeartifact. ',
        ],
        ["empty encryptionKey", { encryptionKey: "" }, 'domain "acme" has no encryptionKey'],
        [
            "AWS managed alias ARN",
            { encryptionKey: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/codeartifact` },
            `domain "acme" uses the AWS managed key "arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/codeartifact", which you cannot rotate, restrict or audit by key policy. `,
        ],
        ["AWS managed alias name", { encryptionKey: "alias/aws/codeartifact" }, 'uses the AWS managed key "alias/aws/codeartifact"'],
    ];
    for (const [label, props, expected] of violating) {
        it(`flags ${label}`, async () => {
            const r = domain(props);
            const v = await runResourcePolicy(domainCmkEncryption, r);
            assert.equal(v.length, 1);
            assert.equal(v[0].policyName, NAME);
            assert.equal(v[0].urn, urnOf(r));
            assert.equal(v[0].enforcementLevel, "mandatory");
            assert.ok(v[0].message.includes(expected), v[0].message);
            assert.match(v[0].message, /Set encryptionKey to the ARN of a customer-managed KMS key/);
        });
    }

    const compliant: [string, string][] = [
        ["customer-managed key ARN", KEY_ARN],
        ["customer alias ARN", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/codeartifact-acme`],
        ["alias that merely contains aws", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/awesome/key`],
    ];
    for (const [label, key] of compliant) {
        it(`passes ${label}`, async () => {
            assert.deepEqual(await runResourcePolicy(domainCmkEncryption, domain({ encryptionKey: key })), []);
        });
    }

    it("does not run on other types (framework fast path)", async () => {
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, res(TYPES.repository, "r", { domain: "acme", repository: "x" })), []);
    });

    it("skips domains listed in exemptDomains", async () => {
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, domain({}), { [NAME]: { exemptDomains: ["acme"] } }), []);
        assert.equal((await runResourcePolicy(domainCmkEncryption, domain({}), { [NAME]: { exemptDomains: ["other"] } })).length, 1);
    });
});

describe(`${NAME} during preview: encryptionKey unknown`, () => {
    const key = res(TYPES.kmsKey, "acme-key", { enableKeyRotation: true }, { computed: { arn: UNKNOWN_VALUE } });
    const alias = res(
        TYPES.kmsAlias,
        "acme-alias",
        { name: "alias/acme", targetKeyId: UNKNOWN_VALUE },
        { propertyDependencies: { targetKeyId: [urnOf(key)] } },
    );
    const bucket = res(TYPES.bucket, "keys", {});
    const from = (...deps: FakeResource[]) =>
        res(
            TYPES.domain,
            "acme",
            { domain: "acme", encryptionKey: UNKNOWN_VALUE },
            { propertyDependencies: { encryptionKey: deps.map(urnOf) } },
        );
    const WAITS =
        'aws:codeartifact/domain:Domain "acme": codeartifact-domain-cmk-encryption waits for up (encryptionKey is unknown during preview). ' +
        "It runs at up; take encryptionKey from an aws.kms.Key of this stack (key.arn) or pass a known key ARN to have it checked now.";

    it("the resource rule reports nothing: Analyze carries no property dependencies to decide by", async () => {
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, from(key)), []);
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, domain({ encryptionKey: UNKNOWN_VALUE })), []);
    });

    it("passes when it is an output of an aws:kms/key:Key of the stack (a customer-managed key by construction)", async () => {
        assert.deepEqual(await runPack([key, from(key)], "mandatory"), []);
    });

    it("passes when it is an output of an aws:kms/alias:Alias of the stack (aliases only name customer-managed keys)", async () => {
        assert.deepEqual(await runPack([key, alias, from(alias)], "mandatory"), []);
    });

    it("waits, in one line from codeartifact-checks-waiting-for-up, when nothing says where it comes from", async () => {
        const d = domain({ encryptionKey: UNKNOWN_VALUE });
        assert.deepEqual(await waitingLines([d]), [{ urn: urnOf(d), message: WAITS }]);
        const all = await runPack([d], "mandatory");
        assert.deepEqual(
            all.map((x) => [x.policyName, x.enforcementLevel]),
            [["codeartifact-checks-waiting-for-up", "mandatory"]],
        );
    });

    it("waits when it is computed from anything but KMS keys and aliases of the stack", async () => {
        assert.deepEqual(
            (await waitingLines([bucket, from(bucket)])).map((x) => x.message),
            [WAITS],
        );
        assert.deepEqual(
            (await waitingLines([key, bucket, from(key, bucket)])).map((x) => x.message),
            [WAITS],
        );
    });

    it("an AWS managed alias is a violation at preview, whatever else is unknown", async () => {
        const d = res(TYPES.domain, "acme", { domain: "acme", encryptionKey: "alias/aws/codeartifact", tags: UNKNOWN_VALUE });
        const v = await runPack([d]);
        assert.deepEqual(
            v.map((x) => [x.policyName, x.enforcementLevel]),
            [[NAME, "mandatory"]],
        );
        assert.match(v[0].message, /uses the AWS managed key "alias\/aws\/codeartifact"/);
    });

    it("a domain without encryptionKey is a violation, not a wait, though preview outputs leave the computed key unknown", async () => {
        const d = res(TYPES.domain, "acme", { domain: "acme" }, { computed: { encryptionKey: UNKNOWN_VALUE, arn: UNKNOWN_VALUE } });
        const v = await runPack([d]);
        assert.deepEqual(
            v.map((x) => x.policyName),
            [NAME],
        );
        assert.match(v[0].message, /^domain "acme" has no encryptionKey/);
    });

    it("at up (the key ARN known) it passes with nothing waiting", async () => {
        const known = res(TYPES.kmsKey, "acme-key", { enableKeyRotation: true, arn: KEY_ARN });
        const d = res(
            TYPES.domain,
            "acme",
            { domain: "acme", encryptionKey: KEY_ARN },
            { propertyDependencies: { encryptionKey: [urnOf(known)] } },
        );
        assert.deepEqual(await runPack([known, d], "mandatory"), []);
    });
});

describe(`${NAME}: aws-native:codeartifact:Domain`, () => {
    it("flags a domain without encryptionKey, named by domainName", async () => {
        const v = await runResourcePolicy(domainCmkEncryption, native.domain("acme-native"));
        assert.equal(v.length, 1);
        assert.match(v[0].message, /^domain "acme-native" has no encryptionKey, so CodeArtifact encrypts it with the AWS managed key/);
    });

    it("flags an AWS managed alias and passes a key ARN", async () => {
        assert.equal(
            (await runResourcePolicy(domainCmkEncryption, native.domain("a", { encryptionKey: "alias/aws/codeartifact" }))).length,
            1,
        );
        assert.deepEqual(await runResourcePolicy(domainCmkEncryption, native.domain("a", { encryptionKey: KEY_ARN })), []);
    });

    it("exempts by domainName", async () => {
        const v = await runResourcePolicy(domainCmkEncryption, native.domain("legacy"), { [NAME]: { exemptDomains: ["legacy"] } });
        assert.deepEqual(v, []);
    });

    it("settles an unknown encryptionKey computed from a KMS key of the stack; waits otherwise", async () => {
        const key = res(TYPES.kmsKey, "k", { enableKeyRotation: true });
        const fromKey = native.domain("a", { encryptionKey: UNKNOWN_VALUE }, { propertyDependencies: { encryptionKey: [urnOf(key)] } });
        assert.deepEqual(await waitingLines([key, fromKey]), []);
        const lines = await waitingLines([native.domain("b", { encryptionKey: UNKNOWN_VALUE })]);
        assert.equal(lines.length, 1);
        assert.match(
            lines[0].message,
            /^aws-native:codeartifact:Domain "b": codeartifact-domain-cmk-encryption waits for up \(encryptionKey is unknown/,
        );
    });

    it("at preview, an encryptionKey the program did not set (left unknown by the provider) is a violation, not a wait", async () => {
        const d = native.domain("c", {}, { computed: { encryptionKey: UNKNOWN_VALUE, arn: UNKNOWN_VALUE } });
        assert.deepEqual(await waitingLines([d]), []);
        const v = await runPack([d], "mandatory");
        assert.deepEqual(
            v.map((x) => x.policyName),
            [NAME],
        );
    });
});
