import * as assert from "node:assert/strict";
import { PolicyResource } from "@pulumi/policy";
import { programView } from "../src/resources";
import { policyProxy } from "../src/framework";
import { isUnknown, plain, read } from "../src/unknown";
import { stackArgs } from "../testing/engine";
import { brokenStack, compliantPlatform, policyViolationsAtPreview } from "../testing/examples";

/** The program view's props as they were built before (every key read through the proxy, eagerly). */
function eagerProps(r: PolicyResource): Record<string, unknown> {
    const inputs = new Set(Object.keys(r.propertyDependencies ?? {}));
    if (inputs.size === 0) {
        return r.props;
    }
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(r.props)) {
        const v = read(r.props, key);
        if (!isUnknown(v) || inputs.has(key)) {
            props[key] = v;
        }
    }
    return props;
}

describe("resources: programView", () => {
    const stacks = {
        "the compliant platform at up": compliantPlatform(),
        "the compliant platform at preview": compliantPlatform("preview"),
        "documents from outputs at preview": compliantPlatform("preview-documents-from-outputs"),
        "the broken stack": brokenStack(),
        "examples/policy-violations at preview": policyViolationsAtPreview(),
    };
    for (const [label, stack] of Object.entries(stacks)) {
        it(`builds each resource's props, when first read, as the eager view did: ${label}`, () => {
            const resources = stackArgs(stack, "test").resources;
            const view = programView(resources);
            assert.equal(view.length, resources.length);
            view.forEach((v, i) => {
                const r = resources[i];
                assert.deepEqual([v.type, v.name, v.urn], [r.type, r.name, r.urn]);
                // Nested values stay behind the framework's proxy, as before; compare their plain copies.
                const eager = eagerProps(r);
                assert.deepEqual(plain(v.props), plain(eager), r.name);
                assert.deepEqual(Object.keys(v.props), Object.keys(eager), r.name);
                const proxied = (o: Record<string, unknown>) =>
                    Object.values(o).map(
                        (x) => typeof x === "object" && x !== null && (x as Record<string, unknown>)[policyProxy.isSpecialProxy] === true,
                    );
                assert.deepEqual(proxied(v.props), proxied(eager), r.name);
                assert.equal(v.props, v.props, "built once");
                assert.equal({ ...v }.props, v.props);
                for (const [key, deps] of Object.entries(v.propertyDependencies ?? {})) {
                    assert.ok(
                        deps.every((d) => view.includes(d)),
                        `${r.name}.${key} links to resources of the view`,
                    );
                }
            });
        });
    }
});
