import type { Experiment, FileInfo, Run, RunStatus } from "@sextant/protocol";
import type { DatasetSpec, DatasetUse } from "./dataset-spec.js";
import type { MlflowClient } from "./mlflow-client.js";
import type { MetricOptions, RunHandle } from "./run-handle.js";
import { type StartRunOptions, Tracking } from "./tracking.js";

/**
 * MLflow's fluent API as module functions bound to one default Tracking context, created
 * on first use from the environment. This default context is the SDK's only process-global
 * state, as in MLflow; create your own `Tracking` for anything else.
 */
let defaultTracking: Tracking | undefined;

/** The default Tracking context behind the module-level functions. */
export function getDefaultTracking(): Tracking {
  defaultTracking ??= new Tracking();
  return defaultTracking;
}

/** Points the fluent API at a tracking server (`http(s)://…`). */
export const setTrackingUri = (uri: string): void => getDefaultTracking().setTrackingUri(uri);
/** The tracking server URI in use (INVALID_PARAMETER_VALUE when none is configured). */
export const getTrackingUri = (): string => getDefaultTracking().getTrackingUri();
/** The low-level client of the default context. */
export const getClient = (): MlflowClient => getDefaultTracking().client();
/** Makes an experiment active, creating it if needed. */
export const setExperiment = (nameOrId: string | { readonly experimentId: string }): Promise<Experiment> =>
  getDefaultTracking().setExperiment(nameOrId);
/** Starts (or resumes, with MLFLOW_RUN_ID) a run and makes it active. */
export const startRun = (options?: StartRunOptions): Promise<RunHandle> => getDefaultTracking().startRun(options);
/** Runs `fn` in a new run, ended FINISHED or FAILED (rethrowing). */
export const withRun = <T>(fn: (run: RunHandle) => T | Promise<T>, options?: StartRunOptions): Promise<T> =>
  getDefaultTracking().withRun(fn, options);
/** The innermost active run, if any. */
export const activeRun = (): RunHandle | undefined => getDefaultTracking().activeRun();
/** Flushes and ends the active run (default FINISHED). */
export const endRun = (status?: RunStatus): Promise<void> => getDefaultTracking().endRun(status);
/** Logs a param on the active run. */
export const logParam = (key: string, value: string | number | boolean): Promise<void> =>
  getDefaultTracking().logParam(key, value);
/** Logs params on the active run. */
export const logParams = (params: Readonly<Record<string, string | number | boolean>>): Promise<void> =>
  getDefaultTracking().logParams(params);
/** Logs a metric on the active run (step or {step, timestamp}). */
export const logMetric = (key: string, value: number, options?: MetricOptions): Promise<void> =>
  getDefaultTracking().logMetric(key, value, options);
/** Logs metrics on the active run. */
export const logMetrics = (metrics: Readonly<Record<string, number>>, options?: MetricOptions): Promise<void> =>
  getDefaultTracking().logMetrics(metrics, options);
/** Sets a tag on the active run. */
export const setTag = (key: string, value: string | number | boolean): Promise<void> =>
  getDefaultTracking().setTag(key, value);
/** Sets tags on the active run. */
export const setTags = (tags: Readonly<Record<string, string | number | boolean>>): Promise<void> =>
  getDefaultTracking().setTags(tags);
/** Uploads a file as an artifact of the active run. */
export const logArtifact = (localPath: string, artifactPath?: string): Promise<void> =>
  getDefaultTracking().logArtifact(localPath, artifactPath);
/** Uploads a folder's files as artifacts of the active run. */
export const logArtifacts = (localDir: string, artifactPath?: string): Promise<void> =>
  getDefaultTracking().logArtifacts(localDir, artifactPath);
/** Writes an object as a JSON/YAML artifact of the active run. */
export const logDict = (value: unknown, artifactFile: string): Promise<void> =>
  getDefaultTracking().logDict(value, artifactFile);
/** Writes text as an artifact of the active run. */
export const logText = (text: string, artifactFile: string): Promise<void> =>
  getDefaultTracking().logText(text, artifactFile);
/** Records a dataset input of the active run. */
export const logInput = (dataset: DatasetSpec, use?: DatasetUse): Promise<void> =>
  getDefaultTracking().logInput(dataset, use);
/** Waits until every queued value has reached the server. */
export const flush = (): Promise<void> => getDefaultTracking().flush();
/** A run by id. */
export const getRun = (runId: string): Promise<Run> => getDefaultTracking().getRun(runId);
/** Downloads a run's artifacts into `dstDir`. */
export const downloadArtifacts = (runId: string, path: string, dstDir: string): Promise<string> =>
  getDefaultTracking().downloadArtifacts(runId, path, dstDir);
/** Lists a run's artifacts under `path`. */
export const listArtifacts = (runId: string, path?: string): Promise<FileInfo[]> =>
  getDefaultTracking().listArtifacts(runId, path);
