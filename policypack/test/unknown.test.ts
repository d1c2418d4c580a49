import * as assert from "node:assert/strict";
import { plain, read, UNKNOWN } from "../src/unknown";
import { engineProps, UNKNOWN_VALUE } from "../testing/engine";

describe("unknown: reading through the framework's proxy", () => {
    const props = engineProps({
        arn: UNKNOWN_VALUE,
        name: "npm-internal",
        upstreams: [{ repositoryName: UNKNOWN_VALUE }, { repositoryName: "npm-store" }],
        tags: { team: "platform", owner: UNKNOWN_VALUE },
    });

    it("turns unknown values into UNKNOWN, at the top and nested, without letting the proxy throw", () => {
        assert.equal(read(props, "arn"), UNKNOWN);
        const upstreams = read(props, "upstreams");
        assert.equal(read(read(upstreams, 0), "repositoryName"), UNKNOWN);
        assert.equal(read(read(props, "tags"), "owner"), UNKNOWN);
    });

    it("hands known values on as the proxy does (nested objects still behind it)", () => {
        assert.equal(read(props, "name"), "npm-internal");
        assert.equal(read(props, "missing"), undefined);
        const tags = read(props, "tags") as Record<string, unknown>;
        assert.equal(tags.team, "platform");
        assert.throws(() => tags.owner, /can't be known during preview/);
        assert.deepEqual(plain(read(props, "upstreams")), [{ repositoryName: UNKNOWN }, { repositoryName: "npm-store" }]);
    });

    it("reads plain objects and arrays alike", () => {
        assert.equal(read({ a: 1 }, "a"), 1);
        assert.equal(read([UNKNOWN_VALUE], 0), UNKNOWN);
        assert.equal(read(UNKNOWN, "a"), UNKNOWN);
        assert.equal(read(undefined, "a"), undefined);
    });
});
