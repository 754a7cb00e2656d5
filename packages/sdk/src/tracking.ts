import { type Experiment, type FileInfo, MlflowError, type Run, type RunStatus } from "@sextant/protocol";
import type { ClientOptions, Environment } from "./client-options.js";
import type { DatasetSpec, DatasetUse } from "./dataset-spec.js";
import { defaultRunTags } from "./default-run-tags.js";
import { installExitHooks } from "./exit-hooks.js";
import { LogQueue } from "./log-queue.js";
import { MlflowClient } from "./mlflow-client.js";
import { isRestError } from "./rest-error.js";
import { type MetricOptions, RunHandle } from "./run-handle.js";

/** Options of a Tracking context; connection options as MlflowClient's. */
export interface TrackingOptions extends ClientOptions {
  /**
   * Log synchronously: every logging call resolves once the server has the value. Defaults
   * to false, or true when MLFLOW_ENABLE_ASYNC_LOGGING=false.
   */
  readonly synchronous?: boolean;
  /** Longest time a logged value waits before it is sent (default 1000 ms). */
  readonly flushIntervalMs?: number;
  /** Flush on beforeExit/SIGINT/SIGTERM (default true). */
  readonly exitHooks?: boolean;
  /** How long a signal waits for the flush before the process dies anyway (default 10 s). */
  readonly signalFlushTimeoutMs?: number;
}

/** What `startRun` accepts. */
export interface StartRunOptions {
  /** Name of a new run (the server picks one when absent). */
  readonly runName?: string;
  /** Start the run as a child of the active run (tag `mlflow.parentRunId`). */
  readonly nested?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** Resume this run instead of creating one (also taken from MLFLOW_RUN_ID). */
  readonly runId?: string;
  /** Experiment of a new run; defaults to the active experiment (see setExperiment). */
  readonly experimentId?: string;
  /** The run's description (tag `mlflow.note.content`). */
  readonly description?: string;
}

/**
 * The fluent API's state, as an object: tracking URI, active experiment, the stack of
 * active runs and their logging queues. Tests and multi-tenant programs create their own;
 * the module-level functions use one default instance. Errors: INVALID_PARAMETER_VALUE for
 * bad input or configuration, INVALID_STATE for calls that need an active run (or must not
 * have one), RestError from the server, TEMPORARILY_UNAVAILABLE when it cannot be reached.
 */
export class Tracking {
  private trackingUri: string | undefined;
  private clientInstance: MlflowClient | undefined;
  private experimentId: string | undefined;
  private readonly stack: RunHandle[] = [];
  private readonly busyQueues = new Set<LogQueue>();
  private envRunIdUsed = false;
  private removeExitHooks: (() => void) | undefined;
  private readonly env: Environment;

  constructor(private readonly options: TrackingOptions = {}) {
    this.env = options.env ?? process.env;
    this.trackingUri = options.trackingUri;
  }

  /** Points the SDK at a tracking server; only http(s) URIs (INVALID_PARAMETER_VALUE otherwise). */
  setTrackingUri(uri: string): void {
    this.clientInstance = new MlflowClient({ ...this.options, trackingUri: uri });
    this.trackingUri = uri;
  }

  /** The tracking server URI in use (`setTrackingUri`, else MLFLOW_TRACKING_URI). */
  getTrackingUri(): string {
    return this.client().trackingUri;
  }

  /** The low-level client this context uses. */
  client(): MlflowClient {
    this.clientInstance ??= new MlflowClient({ ...this.options, ...(this.trackingUri ? { trackingUri: this.trackingUri } : {}) });
    return this.clientInstance;
  }

  /**
   * Makes an experiment active for new runs, creating it if no experiment has that name
   * (tolerating a concurrent creation). INVALID_PARAMETER_VALUE if it is deleted.
   */
  async setExperiment(nameOrId: string | { readonly experimentId: string }): Promise<Experiment> {
    const experiment =
      typeof nameOrId === "string"
        ? await this.experimentNamed(nameOrId)
        : await this.client().getExperiment(nameOrId.experimentId);
    if (experiment.lifecycle_stage === "deleted") {
      throw MlflowError.invalidParameter(
        `Cannot set the deleted experiment '${experiment.name}' as the active experiment: restore it, or pick another name`,
      );
    }
    this.experimentId = experiment.experiment_id;
    return experiment;
  }

  /**
   * Starts a run (or resumes `runId` / MLFLOW_RUN_ID, as a process launched by `sextant run`
   * does) and makes it the active run. INVALID_STATE if a run is active and `nested` is not set.
   */
  async startRun(options: StartRunOptions = {}): Promise<RunHandle> {
    const top = this.stack.at(-1);
    if (top && !options.nested) {
      throw new MlflowError(
        "INVALID_STATE",
        `Run ${top.runId} is already active: end it with endRun() first, or start a nested run with startRun({ nested: true })`,
      );
    }
    const envRunId = this.envRunIdUsed ? undefined : this.env.MLFLOW_RUN_ID || undefined;
    const existing = options.runId ?? envRunId;
    if (!options.runId && envRunId) this.envRunIdUsed = true;
    const tags: Record<string, string> = { ...options.tags };
    if (options.description !== undefined) tags["mlflow.note.content"] = options.description;
    const run = existing ? await this.resume(existing, tags) : await this.create(options, tags, top);
    const handle = this.handleFor(run);
    this.stack.push(handle);
    this.installHooks();
    return handle;
  }

  /**
   * Runs `fn` inside a new run: ends it FINISHED when `fn` returns, FAILED when it throws
   * (and rethrows). Returns what `fn` returns.
   */
  async withRun<T>(fn: (run: RunHandle) => T | Promise<T>, options: StartRunOptions = {}): Promise<T> {
    const handle = await this.startRun(options);
    let result: T;
    try {
      result = await fn(handle);
    } catch (error) {
      await this.end(handle, "FAILED").catch((endError: unknown) =>
        process.emitWarning(`Could not end run ${handle.runId} as FAILED: ${String(endError)}`),
      );
      throw error;
    }
    await this.end(handle, "FINISHED");
    return result;
  }

  /** The innermost active run, if any. */
  activeRun(): RunHandle | undefined {
    return this.stack.at(-1);
  }

  /** Ends the active run (no-op without one): flush, then status (default FINISHED) and end time. */
  async endRun(status: RunStatus = "FINISHED"): Promise<void> {
    const top = this.stack.at(-1);
    if (top) await this.end(top, status);
  }

  logParam(key: string, value: string | number | boolean): Promise<void> {
    return this.requireRun("logParam").logParam(key, value);
  }
  logParams(params: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    return this.requireRun("logParams").logParams(params);
  }
  logMetric(key: string, value: number, options?: MetricOptions): Promise<void> {
    return this.requireRun("logMetric").logMetric(key, value, options);
  }
  logMetrics(metrics: Readonly<Record<string, number>>, options?: MetricOptions): Promise<void> {
    return this.requireRun("logMetrics").logMetrics(metrics, options);
  }
  setTag(key: string, value: string | number | boolean): Promise<void> {
    return this.requireRun("setTag").setTag(key, value);
  }
  setTags(tags: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    return this.requireRun("setTags").setTags(tags);
  }
  logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    return this.requireRun("logArtifact").logArtifact(localPath, artifactPath);
  }
  logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    return this.requireRun("logArtifacts").logArtifacts(localDir, artifactPath);
  }
  logDict(value: unknown, artifactFile: string): Promise<void> {
    return this.requireRun("logDict").logDict(value, artifactFile);
  }
  logText(text: string, artifactFile: string): Promise<void> {
    return this.requireRun("logText").logText(text, artifactFile);
  }
  logInput(dataset: DatasetSpec, use?: DatasetUse): Promise<void> {
    return this.requireRun("logInput").logInput(dataset, use);
  }

  /** A run by id (RESOURCE_DOES_NOT_EXIST if absent). */
  getRun(runId: string): Promise<Run> {
    return this.client().getRun(runId);
  }

  /** Downloads a run's artifact file or folder into `dstDir`; returns the local path. */
  downloadArtifacts(runId: string, path: string, dstDir: string): Promise<string> {
    return this.client().downloadArtifacts(runId, path, dstDir);
  }

  /** Lists a run's artifacts directly under `path`. */
  listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    return this.client().listArtifacts(runId, path);
  }

  /** Sends every queued value of every run; rejects with the first failure. */
  async flush(): Promise<void> {
    const results = await Promise.allSettled([...this.busyQueues].map((queue) => this.flushQueue(queue)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Flushes and removes the process exit hooks; active runs stay as they are. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.removeExitHooks?.();
      this.removeExitHooks = undefined;
    }
  }

  private requireRun(what: string): RunHandle {
    const top = this.stack.at(-1);
    if (!top) {
      throw new MlflowError("INVALID_STATE", `${what} needs an active run: call \`await startRun()\` (or use withRun) first`);
    }
    return top;
  }

  private async experimentNamed(name: string): Promise<Experiment> {
    const client = this.client();
    const found = await client.getExperimentByName(name);
    if (found) return found;
    try {
      return await client.getExperiment(await client.createExperiment(name));
    } catch (error) {
      if (!isRestError(error) || error.errorCode !== "RESOURCE_ALREADY_EXISTS") throw error;
      const raced = await client.getExperimentByName(name);
      if (!raced) throw error;
      return raced;
    }
  }

  private async defaultExperimentId(): Promise<string> {
    if (this.experimentId !== undefined) return this.experimentId;
    const name = this.env.MLFLOW_EXPERIMENT_NAME;
    if (name) return (await this.setExperiment(name)).experiment_id;
    return this.env.MLFLOW_EXPERIMENT_ID || "0";
  }

  private async create(options: StartRunOptions, userTags: Record<string, string>, parent?: RunHandle): Promise<Run> {
    const experimentId = options.experimentId ?? (await this.defaultExperimentId());
    const tags: Record<string, string> = { ...(await defaultRunTags(this.env)), ...userTags };
    if (parent) tags["mlflow.parentRunId"] = parent.runId;
    if (options.runName) tags["mlflow.runName"] = options.runName;
    return this.client().createRun(experimentId, {
      tags,
      userId: tags["mlflow.user"] ?? "unknown",
      ...(options.runName ? { runName: options.runName } : {}),
    });
  }

  private async resume(runId: string, tags: Record<string, string>): Promise<Run> {
    const client = this.client();
    const run = await client.getRun(runId);
    if (this.experimentId !== undefined && this.experimentId !== run.info.experiment_id) {
      throw MlflowError.invalidParameter(
        `Cannot resume run ${runId}: it belongs to experiment ${run.info.experiment_id}, but experiment ` +
          `${this.experimentId} was set with setExperiment(); make them match (e.g. --experiment-name)`,
      );
    }
    if (run.info.lifecycle_stage === "deleted") {
      throw MlflowError.invalidParameter(`Cannot resume run ${runId}: it is deleted`);
    }
    await client.updateRun(runId, {
      status: "RUNNING",
      ...(run.info.end_time !== undefined ? { endTime: run.info.end_time } : {}),
    });
    const entries = Object.entries(tags);
    if (entries.length > 0) await client.logBatch(runId, { tags: entries.map(([key, value]) => ({ key, value })) });
    return client.getRun(runId);
  }

  private handleFor(run: Run): RunHandle {
    const client = this.client();
    const synchronous = this.options.synchronous ?? this.env.MLFLOW_ENABLE_ASYNC_LOGGING?.toLowerCase() === "false";
    const runId = run.info.run_id;
    const queue: LogQueue = new LogQueue(runId, (batch) => client.logBatch(runId, batch), {
      synchronous,
      ...(this.options.flushIntervalMs !== undefined ? { flushIntervalMs: this.options.flushIntervalMs } : {}),
      onPending: () => this.busyQueues.add(queue),
    });
    return new RunHandle(run, client, queue, (handle, status) => this.end(handle, status));
  }

  private async flushQueue(queue: LogQueue): Promise<void> {
    await queue.flush();
    if (queue.pending === 0) this.busyQueues.delete(queue);
  }

  /** Removes the run from the active runs, flushes its values, then sets its terminal status. */
  private async end(handle: RunHandle, status: RunStatus): Promise<void> {
    const index = this.stack.indexOf(handle);
    if (index >= 0) this.stack.splice(index, 1);
    this.envRunIdUsed = true;
    let flushError: unknown;
    await handle.flush().catch((error: unknown) => {
      flushError = error;
    });
    await handle.client.setTerminated(handle.runId, status);
    if (flushError !== undefined) throw flushError;
  }

  private installHooks(): void {
    if (this.removeExitHooks || this.options.exitHooks === false) return;
    this.removeExitHooks = installExitHooks(
      {
        hasWork: () => this.stack.length > 0 || [...this.busyQueues].some((queue) => queue.pending > 0),
        // as MLflow's atexit: FINISHED, unless the program already set a failing exit code
        atExit: () => this.shutdown(Number(process.exitCode ?? 0) !== 0 ? "FAILED" : "FINISHED"),
        atSignal: () => this.shutdown("KILLED"),
      },
      this.options.signalFlushTimeoutMs,
    );
  }

  private async shutdown(status: RunStatus): Promise<void> {
    const errors: unknown[] = [];
    while (this.stack.length > 0) {
      await this.endRun(status).catch((error: unknown) => errors.push(error));
    }
    await this.flush().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  }
}
