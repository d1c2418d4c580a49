// gRPC ResourceProvider service of the offline aws and aws-native stand-ins: one implementation,
// run as the `aws` plugin or as the `aws-native` plugin (the package decides the reported version,
// the config namespace and the message label; the resource types carry their own rules).
//
// Why not `@pulumi/pulumi/provider`'s `provider.main(...)`: in @pulumi/pulumi 3.276.0 (as in
// 3.260.0) its server answers Configure without passing the provider configuration on (so no
// region, defaultTags or per-provider settings), returns UNIMPLEMENTED for CheckConfig/DiffConfig,
// implements no Handshake and reports no detailed diff. This file serves the same generated gRPC service
// (`@pulumi/pulumi/proto`) directly, which keeps start-up fast (no full SDK load) and gives the
// stand-in every method the engine calls for a real `aws` provider.
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { REGION_PATTERN } from "./aws";
import { Env, StandinConfig, configFromVariables } from "./config";
import { invoke } from "./invokes";
import { ApiOp, awsErrorFor, conflictError, handlerFailure, identityOf, providerErrorText } from "./api";
import { Faults, Retry } from "./faults";
import { Inventory, InventoryFile, entryFor, inventoryFrom, upsert } from "./inventory";
import { ledgerEntry, record } from "./ledger";
import * as ops from "./operations";
import { PACKAGES, PackageInfo, PackageName, labelOf, packageOf } from "./packages";
import { UnsupportedTypeError } from "./plugins";
import { PropertyMap, clean, deepEqual } from "./values";

function toStruct(v: PropertyMap): structproto.Struct {
    return structproto.Struct.fromJavaScript(clean(v));
}

function fromStruct(s: structproto.Struct | undefined): PropertyMap {
    return s ? (s.toJavaScript() as PropertyMap) : {};
}

function fail<T>(pkg: PackageName, cb: grpc.sendUnaryData<T>, e: unknown, code: grpc.status = grpc.status.UNKNOWN): void {
    const message = e instanceof Error ? e.message : String(e);
    const text = /offline aws(-native)? stand-in/.test(message) ? message : `${labelOf(pkg)}: ${message}`;
    cb({ code, details: text, message: text } as Partial<grpc.StatusObject>);
}

/** The ResourceProvider methods the stand-in implements; the others answer UNIMPLEMENTED. */
type Handlers = Pick<
    provrpc.IResourceProviderServer,
    | "handshake"
    | "getPluginInfo"
    | "getSchema"
    | "attach"
    | "cancel"
    | "checkConfig"
    | "diffConfig"
    | "configure"
    | "invoke"
    | "check"
    | "diff"
    | "create"
    | "update"
    | "read"
    | "delete"
>;

export class StandinProvider {
    private config?: StandinConfig;
    private engineAddress?: string;
    readonly pkg: PackageInfo;
    /** OFFLINE_AWS_FAULTS, checked at start: a bad value stops the plugin with a message. */
    private readonly faults?: Faults;
    private engine?: { address: string; client: enginerpc.EngineClient };
    private readonly logQueue: { message: string; urn?: string }[] = [];
    private logBusy = false;

    constructor(
        private readonly env: Env,
        engineAddress?: string,
        pkg: PackageName = "aws",
    ) {
        this.engineAddress = engineAddress;
        this.pkg = PACKAGES[pkg];
        this.faults = Faults.fromEnv(env);
    }

    /**
     * The AWS call(s) behind one operation, with OFFLINE_AWS_FAULTS applied: returns the retries
     * the provider made, or throws the error it would surface.
     */
    private apiCall(op: ApiOp, urn: string, id: string, props: PropertyMap): Retry[] {
        if (!this.faults) {
            return [];
        }
        const type = ops.parseUrn(urn).type;
        return this.faults.call({
            op,
            type,
            id,
            props,
            maxAttempts: this.currentConfig().maxRetries,
            // pulumi-aws-native reports each retry as a status message (client.withRetries); the
            // aws provider only logs them at debug level. The stand-in does not actually wait.
            onRetry:
                this.pkg.name === "aws-native" && op !== "read"
                    ? (r, max) =>
                          this.log(
                              `Retrying after ${JSON.stringify(handlerFailure(type, op, awsErrorFor(r.error), "").code)} error (attempt ${r.attempt}/${max}, waiting 0s)`,
                              urn,
                          )
                    : undefined,
        });
    }

    /**
     * An engine log message (best effort), optionally about a resource. Messages go out one at a
     * time on one client, so they arrive in the order they were logged.
     */
    private log(message: string, urn?: string): void {
        if (!this.engineAddress) {
            return;
        }
        this.logQueue.push({ message, urn });
        this.drainLog();
    }

    private drainLog(): void {
        if (this.logBusy || !this.engineAddress) {
            return;
        }
        const next = this.logQueue.shift();
        if (!next) {
            return;
        }
        try {
            if (!this.engine || this.engine.address !== this.engineAddress) {
                this.engine?.client.close();
                this.engine = {
                    address: this.engineAddress,
                    client: new enginerpc.EngineClient(this.engineAddress, grpc.credentials.createInsecure()),
                };
            }
            const req = new engineproto.LogRequest();
            req.setSeverity(engineproto.LogSeverity.INFO);
            req.setMessage(next.message);
            if (next.urn) {
                req.setUrn(next.urn);
            }
            this.logBusy = true;
            this.engine.client.log(req, new grpc.Metadata(), { deadline: Date.now() + 5000 }, () => {
                this.logBusy = false;
                this.drainLog();
            });
        } catch {
            this.logBusy = false; // logging is best effort
        }
    }

    /** The configuration of this provider instance; defaults (env only) until Configure arrives. */
    currentConfig(): StandinConfig {
        if (!this.config) {
            this.config = configFromVariables({}, this.env, this.pkg.name);
        }
        return this.config;
    }

    private announce(urn: string | undefined, config: StandinConfig): void {
        if (this.env.OFFLINE_AWS_STANDIN_QUIET === "1") {
            return;
        }
        this.log(
            `${this.pkg.label}: this provider is a test double, not AWS; nothing is created in any AWS account ` +
                `(account ${config.accountId}, region ${config.region})`,
            urn || undefined,
        );
    }

    /**
     * Records a create in the inventory, unless the name is taken there (by either package): then
     * the create fails with the error AWS returns for that, as the provider reports it.
     */
    private createInInventory(inventory: Inventory, urn: string, result: ops.CreateResult, inputs: PropertyMap): void {
        const type = ops.parseUrn(urn).type;
        const account = this.currentConfig().accountId;
        inventory.update((file: InventoryFile) => {
            const identity = identityOf(type, result.id, result.outs, account);
            const taken =
                identity !== undefined &&
                file.resources.some(
                    (r) => identityOf(r.type, r.id, { ...ops.propertiesFromId(r.type, r.id), ...r.properties }, account) === identity,
                );
            if (taken) {
                throw new ops.ApiError(
                    providerErrorText({ type, op: "create", id: result.id, props: result.outs }, conflictError(type, result.outs)),
                );
            }
            upsert(file, entryFor(type, result.id, result.outs, inputs, urn));
        });
    }

    /**
     * Read (import, refresh, `get`) answered from the inventory: the entry's properties (completed
     * from its id for hand-written seeds) are the live state. Import gets the entry's inputs (or
     * the properties minus output-only ones); refresh keeps the recorded inputs, each taking the
     * live value where the resource has one, so an edit of the file shows as drift. A resource the
     * inventory does not have is gone: an empty id (import: "does not exist"; refresh: deleted).
     */
    private readFromInventory(inventory: Inventory, req: provproto.ReadRequest): provproto.ReadResponse {
        const type = ops.parseUrn(req.getUrn()).type;
        const resp = new provproto.ReadResponse();
        const entry = inventory.find(type, req.getId());
        if (!entry) {
            resp.setId("");
            return resp;
        }
        const live = { ...ops.propertiesFromId(type, entry.id), ...entry.properties };
        const recorded = fromStruct(req.getProperties());
        const inputs =
            Object.keys(recorded).length > 0 && req.getInputs()
                ? ops.refreshedInputs(type, fromStruct(req.getInputs()), live)
                : (entry.inputs ?? ops.importedInputs(type, live));
        resp.setId(entry.id);
        resp.setProperties(toStruct(live));
        resp.setInputs(toStruct(inputs));
        return resp;
    }

    /** The URN's type, refused when it belongs to the other package (the engine never sends such a type). */
    private ownType(urn: string): string {
        const type = ops.parseUrn(urn).type;
        if (packageOf(type) !== this.pkg.name) {
            throw new UnsupportedTypeError(
                `the ${this.pkg.label} does not support resource type ${type}; it answers only for ${this.pkg.name}:* types`,
            );
        }
        return type;
    }

    service(): grpc.UntypedServiceImplementation {
        const impl: Handlers = {
            handshake: (call, cb) => {
                const req = call.request;
                this.engineAddress = req.getEngineAddress() || this.engineAddress;
                const resp = new provproto.ProviderHandshakeResponse();
                resp.setAcceptSecrets(false);
                resp.setAcceptResources(false);
                resp.setAcceptOutputs(false);
                resp.setSupportsAutonamingConfiguration(true);
                resp.setAcceptsByteString(false);
                cb(null, resp);
            },
            getPluginInfo: (_call, cb) => {
                const resp = new plugproto.PluginInfo();
                resp.setVersion(this.pkg.version);
                cb(null, resp);
            },
            getSchema: (_call, cb) => {
                const resp = new provproto.GetSchemaResponse();
                resp.setSchema(
                    JSON.stringify({
                        name: this.pkg.name,
                        version: this.pkg.version,
                        description: `${this.pkg.label} (test double; no AWS calls). Not the real ${this.pkg.name} schema.`,
                    }),
                );
                cb(null, resp);
            },
            attach: (call, cb) => {
                this.engineAddress = call.request.getAddress();
                cb(null, new emptyproto.Empty());
            },
            cancel: (_call, cb) => {
                cb(null, new emptyproto.Empty());
            },
            checkConfig: (call, cb) => {
                try {
                    const req = call.request;
                    const news = fromStruct(req.getNews());
                    const failures: provproto.CheckFailure[] = [];
                    const region = news.region;
                    if (typeof region === "string" && region !== "" && !REGION_PATTERN.test(region)) {
                        const f = new provproto.CheckFailure();
                        f.setProperty("region");
                        f.setReason(`invalid AWS Region: ${region} (${this.pkg.label})`);
                        failures.push(f);
                    } else {
                        try {
                            configFromVariables(variablesOf(news, this.pkg.name), this.env, this.pkg.name);
                        } catch (e) {
                            const f = new provproto.CheckFailure();
                            f.setProperty("");
                            f.setReason((e as Error).message);
                            failures.push(f);
                        }
                    }
                    const resp = new provproto.CheckResponse();
                    resp.setInputs(toStruct(news));
                    resp.setFailuresList(failures);
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            diffConfig: (call, cb) => {
                try {
                    const req = call.request;
                    const olds = req.getOldInputs() ? fromStruct(req.getOldInputs()) : fromStruct(req.getOlds());
                    const news = fromStruct(req.getNews());
                    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
                    keys.delete("version");
                    const diffs = [...keys].filter((k) => !deepEqual(olds[k] ?? null, news[k] ?? null)).sort();
                    const resp = new provproto.DiffResponse();
                    resp.setChanges(
                        diffs.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                    );
                    resp.setDiffsList(diffs);
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            configure: (call, cb) => {
                try {
                    const req = call.request;
                    const vars: { [k: string]: string } = {};
                    req.getVariablesMap().forEach((v: string, k: string) => {
                        vars[k] = v;
                    });
                    if (Object.keys(vars).length === 0 && req.getArgs()) {
                        Object.assign(vars, variablesOf(fromStruct(req.getArgs()), this.pkg.name));
                    }
                    this.config = configFromVariables(vars, this.env, this.pkg.name);
                    this.announce(req.getUrn(), this.config);
                    const resp = new provproto.ConfigureResponse();
                    resp.setAcceptsecrets(false);
                    resp.setAcceptresources(false);
                    resp.setAcceptoutputs(false);
                    resp.setSupportspreview(true);
                    resp.setSupportsAutonamingConfiguration(true);
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e, grpc.status.INVALID_ARGUMENT);
                }
            },
            invoke: (call, cb) => {
                try {
                    const req = call.request;
                    const result = invoke(req.getTok(), fromStruct(req.getArgs()), this.currentConfig(), {
                        inventory: inventoryFrom(this.env),
                    });
                    const resp = new provproto.InvokeResponse();
                    resp.setReturn(toStruct(result));
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            check: (call, cb) => {
                try {
                    const req = call.request;
                    this.ownType(req.getUrn());
                    const an = req.getAutonaming();
                    const result = ops.check(
                        {
                            urn: req.getUrn(),
                            olds: fromStruct(req.getOlds()),
                            news: fromStruct(req.getNews()),
                            randomSeed: req.getRandomseed_asU8(),
                            autonaming: an ? { proposedName: an.getProposedName(), mode: an.getMode() as number } : undefined,
                        },
                        this.currentConfig(),
                    );
                    const resp = new provproto.CheckResponse();
                    resp.setInputs(toStruct(result.inputs));
                    resp.setFailuresList(
                        result.failures.map((f) => {
                            const cf = new provproto.CheckFailure();
                            cf.setProperty(f.property);
                            cf.setReason(f.reason);
                            return cf;
                        }),
                    );
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e, grpc.status.INVALID_ARGUMENT);
                }
            },
            diff: (call, cb) => {
                try {
                    const req = call.request;
                    const type = ops.parseUrn(req.getUrn()).type;
                    // olds: the state (after a refresh, the live resource); old inputs: what the program last declared.
                    const state = fromStruct(req.getOlds());
                    const oldInputs = req.getOldInputs() ? fromStruct(req.getOldInputs()) : state;
                    const result = ops.diff(type, oldInputs, fromStruct(req.getNews()), req.getIgnorechangesList(), state);
                    const resp = new provproto.DiffResponse();
                    resp.setChanges(
                        result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                    );
                    resp.setReplacesList(result.replaces);
                    resp.setDiffsList(result.diffs);
                    resp.setDeletebeforereplace(result.deleteBeforeReplace);
                    resp.setHasdetaileddiff(true);
                    const dd = resp.getDetaileddiffMap();
                    for (const [path, kind] of Object.entries(result.detailedDiff)) {
                        const pd = new provproto.PropertyDiff();
                        pd.setKind(kind as number);
                        pd.setInputdiff(!result.fromState.includes(path));
                        dd.set(path, pd);
                    }
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            create: (call, cb) => {
                try {
                    const req = call.request;
                    const inputs = fromStruct(req.getProperties());
                    // In preview nothing is sent to AWS; at up the call comes first (a throttle precedes validation).
                    const retries = req.getPreview() ? [] : this.apiCall("create", req.getUrn(), "", inputs);
                    const result = ops.create(req.getUrn(), inputs, req.getPreview(), this.currentConfig());
                    if (!req.getPreview()) {
                        const inventory = inventoryFrom(this.env);
                        if (inventory) {
                            this.createInInventory(inventory, req.getUrn(), result, inputs);
                        }
                        record(this.env, ledgerEntry("create", req.getUrn(), result.id, result.outs, this.currentConfig(), retries));
                    }
                    const resp = new provproto.CreateResponse();
                    resp.setId(result.id);
                    resp.setProperties(toStruct(result.outs));
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            update: (call, cb) => {
                try {
                    const req = call.request;
                    const retries = req.getPreview() ? [] : this.apiCall("update", req.getUrn(), req.getId(), fromStruct(req.getNews()));
                    const outs = ops.update(
                        req.getUrn(),
                        req.getId(),
                        fromStruct(req.getOlds()),
                        fromStruct(req.getNews()),
                        req.getPreview(),
                        this.currentConfig(),
                    );
                    if (!req.getPreview()) {
                        const type = ops.parseUrn(req.getUrn()).type;
                        inventoryFrom(this.env)?.put(entryFor(type, req.getId(), outs, fromStruct(req.getNews()), req.getUrn()));
                        record(this.env, ledgerEntry("update", req.getUrn(), req.getId(), outs, this.currentConfig(), retries));
                    }
                    const resp = new provproto.UpdateResponse();
                    resp.setProperties(toStruct(outs));
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            read: (call, cb) => {
                try {
                    const req = call.request;
                    const props = fromStruct(req.getProperties());
                    // Refresh and import ask AWS even in preview.
                    this.apiCall("read", req.getUrn(), req.getId(), props);
                    const inventory = inventoryFrom(this.env);
                    if (inventory) {
                        cb(null, this.readFromInventory(inventory, req));
                        return;
                    }
                    if (Object.keys(props).length === 0) {
                        throw new Error(
                            `the ${this.pkg.label} cannot read or import ${req.getUrn()} (id ${req.getId()}): ` +
                                `it keeps no state outside the Pulumi stack and never talks to AWS (set OFFLINE_AWS_INVENTORY to give it some)`,
                        );
                    }
                    // Refresh without an inventory: nothing drifts; the recorded state is the live state.
                    const resp = new provproto.ReadResponse();
                    resp.setId(req.getId());
                    resp.setProperties(req.getProperties()!);
                    if (req.getInputs()) {
                        resp.setInputs(req.getInputs());
                    }
                    cb(null, resp);
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
            delete: (call, cb) => {
                try {
                    const req = call.request;
                    const type = ops.parseUrn(req.getUrn()).type;
                    const state = fromStruct(req.getProperties());
                    const retries = this.apiCall("delete", req.getUrn(), req.getId(), state);
                    // Deleting what is already gone succeeds, as the providers treat NotFound on delete.
                    inventoryFrom(this.env)?.remove(type, req.getId());
                    record(this.env, ledgerEntry("delete", req.getUrn(), req.getId(), state, this.currentConfig(), retries));
                    cb(null, new emptyproto.Empty());
                } catch (e) {
                    fail(this.pkg.name, cb, e);
                }
            },
        };
        return impl;
    }
}

/** Provider inputs as the `<package>:config:<key>` string map that Configure's `variables` carries. */
export function variablesOf(inputs: PropertyMap, pkg: PackageName = "aws"): { [k: string]: string } {
    const vars: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(inputs)) {
        if (k === "version" || v === null || v === undefined) {
            continue;
        }
        vars[`${pkg}:config:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return vars;
}

export async function serve(env: Env, engineAddress?: string, pkg: PackageName = "aws"): Promise<{ server: grpc.Server; port: number }> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const provider = new StandinProvider(env, engineAddress, pkg);
    server.addService(provrpc.ResourceProviderService, provider.service());
    const port = await new Promise<number>((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
    });
    return { server, port };
}
