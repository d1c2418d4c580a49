import * as assert from "node:assert/strict";
import { domainKeyRotation } from "../src/rules/keyRotation";
import { runStackPolicy, UNKNOWN_VALUE, urnOf } from "../testing/engine";
import { ACCOUNT, KEY_ARN, REGION, res, TYPES } from "../testing/fixtures";

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
    it("reports could-not-check when a domain's key is unknown and a key of the stack does not rotate", async () => {
        const v = await runStackPolicy(domainKeyRotation, [key(false), domain(UNKNOWN_VALUE)]);
        assert.equal(v.length, 1);
        assert.equal(v[0].enforcementLevel, "advisory");
        assert.match(v[0].message, /could not check whether a domain uses aws:kms\/key:Key "cmk"/);
    });
});
