import type { FileInfo, Run, RunInfo, RunStatus } from "@sextant/protocol";
import { type DatasetSpec, type DatasetUse, toDatasetInput } from "./dataset-spec.js";
import type { LogQueue } from "./log-queue.js";
import type { MlflowClient } from "./mlflow-client.js";

/** Step and timestamp of a metric value; a bare number is the step. */
export type MetricOptions = number | { readonly step?: number; readonly timestamp?: number };

function stepAndTime(options: MetricOptions | undefined): { step: number; timestamp: number } {
  if (typeof options === "number") return { step: options, timestamp: Date.now() };
  return { step: options?.step ?? 0, timestamp: options?.timestamp ?? Date.now() };
}

/**
 * A run being logged to. Metrics, params and tags go through the run's batching queue:
 * the calls validate (INVALID_PARAMETER_VALUE at once for bad input), queue and return;
 * awaiting them is optional in asynchronous mode and waits for the server in synchronous
 * mode. Artifacts and dataset inputs are sent right away. Server errors are RestError.
 */
export class RunHandle {
  constructor(
    /** The run as the server returned it when it was started (or resumed). */
    readonly run: Run,
    readonly client: MlflowClient,
    private readonly queue: LogQueue,
    private readonly ender: (handle: RunHandle, status: RunStatus) => Promise<void>,
  ) {}

  get info(): RunInfo {
    return this.run.info;
  }

  get runId(): string {
    return this.run.info.run_id;
  }

  get experimentId(): string {
    return this.run.info.experiment_id;
  }

  get artifactUri(): string {
    return this.run.info.artifact_uri;
  }

  /** Values queued and not yet acknowledged by the server. */
  get pendingValues(): number {
    return this.queue.pending;
  }

  /** Logs a param (immutable: the same value again is a no-op, another value is INVALID_PARAMETER_VALUE). */
  logParam(key: string, value: string | number | boolean): Promise<void> {
    return this.queue.logParam(key, value);
  }

  /** Logs several params; all are validated before any is queued. */
  logParams(params: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    return this.queue.logMany({ params: Object.entries(params).map(([key, value]) => ({ key, value })) });
  }

  /** Logs a metric value at a step (default 0) and time (default now). NaN/±Infinity are allowed. */
  logMetric(key: string, value: number, options?: MetricOptions): Promise<void> {
    const { step, timestamp } = stepAndTime(options);
    return this.queue.logMetric(key, value, step, timestamp);
  }

  /** Logs several metrics at the same step and time. */
  logMetrics(metrics: Readonly<Record<string, number>>, options?: MetricOptions): Promise<void> {
    const { step, timestamp } = stepAndTime(options);
    return this.queue.logMany({
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step, timestamp })),
    });
  }

  /** Sets a run tag. */
  setTag(key: string, value: string | number | boolean): Promise<void> {
    return this.queue.setTag(key, value);
  }

  /** Sets several run tags. */
  setTags(tags: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    return this.queue.logMany({ tags: Object.entries(tags).map(([key, value]) => ({ key, value })) });
  }

  /** Uploads a local file to `<artifactPath>/<file name>`. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    return this.client.logArtifact(this.runId, localPath, artifactPath);
  }

  /** Uploads a local folder's files, keeping relative paths, under `artifactPath`. */
  logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    return this.client.logArtifacts(this.runId, localDir, artifactPath);
  }

  /** Writes an object as a JSON artifact (YAML when `artifactFile` ends in .yaml/.yml). */
  logDict(value: unknown, artifactFile: string): Promise<void> {
    return this.client.logDict(this.runId, value, artifactFile);
  }

  /** Writes text as an artifact file. */
  logText(text: string, artifactFile: string): Promise<void> {
    return this.client.logText(this.runId, text, artifactFile);
  }

  /** Records a dataset the run used; `context` becomes the input tag `mlflow.data.context`. */
  logInput(dataset: DatasetSpec, use: DatasetUse = {}): Promise<void> {
    return this.client.logInputs(this.runId, [toDatasetInput(dataset, use)]);
  }

  /** Lists artifacts directly under `path`. */
  listArtifacts(path?: string): Promise<FileInfo[]> {
    return this.client.listArtifacts(this.runId, path);
  }

  /** Waits until every queued value is acknowledged; rejects with the first failure (see LogQueue.flush). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Flushes, then ends the run with `status` (default FINISHED) and removes it from the active runs. */
  end(status: RunStatus = "FINISHED"): Promise<void> {
    return this.ender(this, status);
  }
}
