import * as assert from "node:assert/strict";
import { domainKeyRotation } from "../src/rules/keyRotation";
import { runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { waitingLines } from "../testing/harness";
import { ACCOUNT, KEY_ARN, REGION, res, TYPES } from "../testing/fixtures";
import * as native from "../testing/native";

describe("codeartifact-domain-key-rotation", () => {
    const key = (rotation: boolean | undefined, name = "cmk") =>
        res(TYPES.kmsKey, name, {
            arn: KEY_ARN,
            keyId: KEY_ARN.split("/")[1],
            ...(rotation === undefined ? {} : { enableKeyRotation: rotation }),
        });
    const domain = (encryptionKey: unknown, extra = {}) => res(TYPES.domain, "acme", { domain: "acme", encryptionKey }, extra);

    it("flags a key with rotation off that encrypts a domain (matched by ARN)", async () => {
        const k = key(false);
        const v = await runStackPolicy(domainKeyRotation, [k, domain(KEY_ARN)]);
        assert.equal(v.length, 1);
        assert.equal(v[0].urn, urnOf(k));
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.equal(
            v[0].message,
            'KMS key "cmk" encrypts CodeArtifact domain "acme" but enableKeyRotation is false. ' +
                "Set enableKeyRotation: true on the key (rotationPeriodInDays can shorten the default 365 days).",
        );
    });
    it("flags rotation not set, linked by property dependency or through an alias", async () => {
        const k = key(undefined);
        const byDep = await runStackPolicy(domainKeyRotation, [
            k,
            domain(UNKNOWN_VALUE, { propertyDependencies: { encryptionKey: [urnOf(k)] } }),
        ]);
        assert.match(byDep[0].message, /enableKeyRotation is not set/);
        const alias = res(TYPES.kmsAlias, "alias", {
            name: "alias/acme",
            arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/acme`,
            targetKeyId: KEY_ARN.split("/")[1],
        });
        const viaAlias = await runStackPolicy(domainKeyRotation, [k, alias, domain(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/acme`)]);
        assert.equal(viaAlias.length, 1);
        assert.equal(viaAlias[0].urn, urnOf(k));
    });
    it("passes a rotating key, and a non-rotating key no domain uses", async () => {
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [key(true), domain(KEY_ARN)]), []);
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [key(false), domain(`arn:aws:kms:${REGION}:${ACCOUNT}:key/other`)]), []);
    });
    it("waits when a domain's key is unknown and a key of the stack does not rotate: one line on the domain, shared with the CMK rule", async () => {
        const d = domain(UNKNOWN_VALUE);
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [key(false), d]), []);
        assert.deepEqual(await waitingLines([key(false), d]), [
            {
                urn: urnOf(d),
                message:
                    'aws:codeartifact/domain:Domain "acme": codeartifact-domain-cmk-encryption and codeartifact-domain-key-rotation ' +
                    "wait for up (encryptionKey is unknown during preview). They run at up; take encryptionKey from an aws.kms.Key " +
                    "of this stack (key.arn) or pass a known key ARN to have it checked now.",
            },
        ]);
    });
    it("waits on the key when its enableKeyRotation is unknown", async () => {
        const k = res(TYPES.kmsKey, "cmk", { arn: KEY_ARN, enableKeyRotation: UNKNOWN_VALUE });
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [k, domain(KEY_ARN)]), []);
        assert.deepEqual(await waitingLines([k, domain(KEY_ARN)]), [
            {
                urn: urnOf(k),
                message:
                    'aws:kms/key:Key "cmk": codeartifact-domain-key-rotation waits for up (enableKeyRotation is unknown during preview). ' +
                    "It runs at up; pass it as a plain value or as an output of a resource of this stack to have it checked now.",
            },
        ]);
    });
    it("during preview, a key whose enableKeyRotation the program did not set is 'not set' (the computed output is not the program's)", async () => {
        const k = res(TYPES.kmsKey, "cmk", { description: "acme" }, { computed: { arn: UNKNOWN_VALUE, enableKeyRotation: UNKNOWN_VALUE } });
        const d = domain(UNKNOWN_VALUE, { propertyDependencies: { encryptionKey: [urnOf(k)] } });
        const v = await runStackPolicy(domainKeyRotation, [k, d]);
        assert.deepEqual(
            v.map((x) => x.message.split(" but ")[1]),
            [
                "enableKeyRotation is not set. Set enableKeyRotation: true on the key (rotationPeriodInDays can shorten the default 365 days).",
            ],
        );
        assert.deepEqual(await waitingLines([k, d]), []);
    });
    it("waits on an alias whose target is unknown and not explained by property dependencies", async () => {
        const k = key(false);
        const alias = res(TYPES.kmsAlias, "alias", { name: "alias/acme", targetKeyId: UNKNOWN_VALUE });
        const d = domain(UNKNOWN_VALUE, { propertyDependencies: { encryptionKey: [urnOf(alias)] } });
        assert.deepEqual(await runStackPolicy(domainKeyRotation, [k, alias, d]), []);
        assert.deepEqual(await waitingLines([k, alias, d]), [
            {
                urn: urnOf(alias),
                message:
                    'aws:kms/alias:Alias "alias": codeartifact-domain-key-rotation waits for up (targetKeyId is unknown during preview). ' +
                    "It runs at up; pass it as a plain value or as an output of a resource of this stack to have it checked now.",
            },
        ]);
        // With the link recorded, it decides.
        const linked = res(
            TYPES.kmsAlias,
            "alias",
            { name: "alias/acme", targetKeyId: UNKNOWN_VALUE },
            { propertyDependencies: { targetKeyId: [urnOf(k)] } },
        );
        assert.equal((await runStackPolicy(domainKeyRotation, [k, linked, d])).length, 1);
        assert.deepEqual(await waitingLines([k, linked, d]), []);
    });
});

describe("codeartifact-domain-key-rotation: aws-native domains", () => {
    it("flags a non-rotating key of the stack that an aws-native domain names", async () => {
        const key = res(TYPES.kmsKey, "old-key", { enableKeyRotation: false, arn: KEY_ARN });
        const d = native.domain("acme-native", { encryptionKey: KEY_ARN });
        const v = await runStackPolicy(domainKeyRotation, [key, d]);
        assert.equal(v.length, 1);
        assert.match(v[0].message, /^KMS key "old-key" encrypts CodeArtifact domain "acme-native" but enableKeyRotation is false/);
    });
});
