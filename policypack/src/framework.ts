// Internals of @pulumi/policy 1.21.0 the pack relies on. The package's published typings hide
// them (proxy.d.ts is `export {}`), so their shape is written down here, once; the values are the
// framework's own module (node_modules/@pulumi/policy/proxy.js).

import * as proxyModule from "@pulumi/policy/proxy";

export interface PolicyProxyModule {
    /** What a policy gets as `props`: a Proxy that throws UnknownValueError when an unknown value is read. */
    unknownCheckingProxy<T>(value: T): T;
    /** Thrown by the proxy; the analyzer server turns an escaping one into "can't run policy ... during preview". */
    UnknownValueError: new (sentinel: string, props: (string | number | symbol)[]) => Error;
    unknownStringValue: string;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownArrayValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
    unknownObjectValue: string;
    /** Property names the proxy answers itself: `true`, and the object it wraps. */
    isSpecialProxy: string;
    getSpecialProxyTarget: string;
}

export const policyProxy = proxyModule as unknown as PolicyProxyModule;
