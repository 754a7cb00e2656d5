import type {
  DatasetInput,
  Experiment,
  FileInfo,
  Metric,
  ModelInput,
  ModelOutput,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
  ViewType,
} from "@sextant/protocol";
import { type ClientOptions, resolveConnection } from "./client-options.js";
import { endpointNamed, endpointRequest } from "./endpoint-request.js";
import { HttpTransport } from "./http-transport.js";
import { ModelRegistryClient } from "./models/model-registry-client.js";
import { collectPages, type Page } from "./page.js";
import { isRestError } from "./rest-error.js";
import { RunArtifacts } from "./run-artifacts.js";
import type {
  JsonObject,
  OtherEndpointName,
  TrackingEndpointName,
  TrackingRequests,
  TrackingResponses,
} from "./tracking-messages.js";

/** Tags as a plain object (`{ team: "a" }`) or as MLflow's key/value list. */
export type TagsInput = Readonly<Record<string, string>> | readonly RunTag[];

function toTagList(tags: TagsInput | undefined): RunTag[] {
  if (!tags) return [];
  if (Array.isArray(tags)) return [...(tags as readonly RunTag[])];
  return Object.entries(tags as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }));
}

function page<T>(items: readonly T[] | undefined, token: string | undefined): Page<T> {
  return { items: items ?? [], ...(token ? { nextPageToken: token } : {}) };
}

/** Search options shared by experiments and runs (MLflow's names, camelCased). */
export interface SearchOptions {
  readonly filter?: string;
  readonly maxResults?: number;
  readonly orderBy?: readonly string[];
  readonly pageToken?: string;
}

/**
 * Low-level client of an MLflow-compatible tracking server: one method per endpoint of
 * protocol's endpoint table, each making one request (plus retries of transient failures).
 * Requests are built from the table by endpoint name, so the client and the server's routes
 * cannot drift. Errors: RestError for answers from the server (its `errorCode` is MLflow's),
 * MlflowError TEMPORARILY_UNAVAILABLE when the server cannot be reached, MlflowError
 * INVALID_PARAMETER_VALUE for unusable options or paths.
 */
export class MlflowClient {
  readonly transport: HttpTransport;
  private readonly artifacts: RunArtifacts;
  private readonly artifactUris = new Map<string, string>();
  private modelRegistry: ModelRegistryClient | undefined;

  /** Connects to `options.trackingUri`, else `MLFLOW_TRACKING_URI` (see ClientOptions). */
  constructor(options: ClientOptions | string = {}) {
    const resolved = typeof options === "string" ? { trackingUri: options } : options;
    this.transport = new HttpTransport(resolveConnection(resolved));
    this.artifacts = new RunArtifacts(this.transport, {
      artifactUriOf: (runId) => this.artifactUriOf(runId),
      listArtifacts: (runId, path) => this.listArtifacts(runId, path),
    });
  }

  /** Typed calls of the model registry and logged-model endpoints. */
  get registry(): ModelRegistryClient {
    this.modelRegistry ??= new ModelRegistryClient(this);
    return this.modelRegistry;
  }

  /** The tracking server's base URL. */
  get trackingUri(): string {
    return this.transport.baseUrl;
  }

  /** Calls a tracking endpoint by its name in `TRACKING_ENDPOINTS`, with its wire request body. */
  call<N extends TrackingEndpointName>(name: N, body: TrackingRequests[N]): Promise<TrackingResponses[N]>;
  /** Calls a registry or logged-model endpoint by name; `{name}` path segments come from `body`. */
  call(name: OtherEndpointName, body?: JsonObject): Promise<JsonObject>;
  async call(name: TrackingEndpointName | OtherEndpointName, body?: JsonObject): Promise<unknown> {
    const request = endpointRequest(endpointNamed(name), body ?? {});
    return this.transport.json(request.method, request.path, request.body);
  }

  // ---- experiments ------------------------------------------------------------------------

  /** Creates an experiment and returns its id. RESOURCE_ALREADY_EXISTS if the name is taken. */
  async createExperiment(
    name: string,
    options: { readonly artifactLocation?: string; readonly tags?: TagsInput } = {},
  ): Promise<string> {
    const { experiment_id } = await this.call("createExperiment", {
      name,
      ...(options.artifactLocation ? { artifact_location: options.artifactLocation } : {}),
      ...(options.tags ? { tags: toTagList(options.tags) } : {}),
    });
    return experiment_id;
  }

  /** An experiment by id (also a deleted one). RESOURCE_DOES_NOT_EXIST if absent. */
  async getExperiment(experimentId: string): Promise<Experiment> {
    return (await this.call("getExperiment", { experiment_id: experimentId })).experiment;
  }

  /** An experiment by name, or undefined when none has that name. */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      return (await this.call("getExperimentByName", { experiment_name: name })).experiment;
    } catch (error) {
      if (isRestError(error) && error.errorCode === "RESOURCE_DOES_NOT_EXIST") return undefined;
      throw error;
    }
  }

  /** One page of experiments matching `filter` (MLflow's search grammar). */
  async searchExperiments(options: SearchOptions & { readonly viewType?: ViewType } = {}): Promise<Page<Experiment>> {
    const answer = await this.call("searchExperiments", {
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.orderBy ? { order_by: options.orderBy } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
      ...(options.viewType ? { view_type: options.viewType } : {}),
    });
    return page(answer.experiments, answer.next_page_token);
  }

  /** Renames an experiment. RESOURCE_ALREADY_EXISTS if the new name is taken. */
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.call("updateExperiment", { experiment_id: experimentId, new_name: newName });
  }

  /** Marks an experiment (and its runs) deleted. */
  async deleteExperiment(experimentId: string): Promise<void> {
    await this.call("deleteExperiment", { experiment_id: experimentId });
  }

  /** Restores a deleted experiment. */
  async restoreExperiment(experimentId: string): Promise<void> {
    await this.call("restoreExperiment", { experiment_id: experimentId });
  }

  /** Sets (or overwrites) an experiment tag. */
  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.call("setExperimentTag", { experiment_id: experimentId, key, value });
  }

  /** Deletes an experiment tag. */
  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.call("deleteExperimentTag", { experiment_id: experimentId, key });
  }

  // ---- runs -------------------------------------------------------------------------------

  /** Creates a RUNNING run in an experiment. */
  async createRun(
    experimentId: string,
    options: { readonly runName?: string; readonly startTime?: number; readonly tags?: TagsInput; readonly userId?: string } = {},
  ): Promise<Run> {
    const { run } = await this.call("createRun", {
      experiment_id: experimentId,
      start_time: options.startTime ?? Date.now(),
      tags: toTagList(options.tags),
      ...(options.runName ? { run_name: options.runName } : {}),
      ...(options.userId ? { user_id: options.userId } : {}),
    });
    this.artifactUris.set(run.info.run_id, run.info.artifact_uri);
    return run;
  }

  /** A run with its latest metrics, params, tags and inputs. RESOURCE_DOES_NOT_EXIST if absent. */
  async getRun(runId: string): Promise<Run> {
    const { run } = await this.call("getRun", { run_id: runId });
    this.artifactUris.set(run.info.run_id, run.info.artifact_uri);
    return run;
  }

  /** Updates status, end time and/or name. */
  async updateRun(
    runId: string,
    update: { readonly status?: RunStatus; readonly endTime?: number; readonly runName?: string },
  ): Promise<RunInfo> {
    const answer = await this.call("updateRun", {
      run_id: runId,
      ...(update.status ? { status: update.status } : {}),
      ...(update.endTime !== undefined ? { end_time: update.endTime } : {}),
      ...(update.runName ? { run_name: update.runName } : {}),
    });
    return answer.run_info;
  }

  /** Ends a run: sets its terminal status (FINISHED by default) and end time (now). */
  setTerminated(runId: string, status: RunStatus = "FINISHED", endTime: number = Date.now()): Promise<RunInfo> {
    return this.updateRun(runId, { status, endTime });
  }

  /** Marks a run deleted. */
  async deleteRun(runId: string): Promise<void> {
    await this.call("deleteRun", { run_id: runId });
  }

  /** Restores a deleted run. */
  async restoreRun(runId: string): Promise<void> {
    await this.call("restoreRun", { run_id: runId });
  }

  /** One page of runs of the given experiments matching `filter`. */
  async searchRuns(
    experimentIds: readonly string[],
    options: SearchOptions & { readonly runViewType?: ViewType } = {},
  ): Promise<Page<Run>> {
    const answer = await this.call("searchRuns", {
      experiment_ids: experimentIds,
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.orderBy ? { order_by: options.orderBy } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
      ...(options.runViewType ? { run_view_type: options.runViewType } : {}),
    });
    return page(answer.runs, answer.next_page_token);
  }

  /** Sets (or overwrites) a run tag. */
  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call("setTag", { run_id: runId, key, value });
  }

  /** Deletes a run tag. RESOURCE_DOES_NOT_EXIST if it is not set. */
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.call("deleteTag", { run_id: runId, key });
  }

  /** Logs a param. INVALID_PARAMETER_VALUE if it was logged before with another value. */
  async logParam(runId: string, key: string, value: string | number | boolean): Promise<void> {
    await this.call("logParam", { run_id: runId, key, value: String(value) });
  }

  /** Logs one metric value (NaN and ±Infinity allowed). */
  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: { readonly step?: number; readonly timestamp?: number } = {},
  ): Promise<void> {
    await this.call("logMetric", {
      run_id: runId,
      key,
      value,
      timestamp: options.timestamp ?? Date.now(),
      step: options.step ?? 0,
    });
  }

  /** Logs metrics, params and tags in one request (<= 1000 metrics, 100 params, 100 tags). */
  async logBatch(
    runId: string,
    batch: { readonly metrics?: readonly Metric[]; readonly params?: readonly Param[]; readonly tags?: readonly RunTag[] },
  ): Promise<void> {
    await this.call("logBatch", {
      run_id: runId,
      metrics: batch.metrics ?? [],
      params: batch.params ?? [],
      tags: batch.tags ?? [],
    });
  }

  /** Records an MLmodel description on the run (MLflow 2.x `runs/log-model`). */
  async logModel(runId: string, model: string | JsonObject): Promise<void> {
    await this.call("logModel", { run_id: runId, model_json: typeof model === "string" ? model : JSON.stringify(model) });
  }

  /** Records datasets (and models) the run consumed. */
  async logInputs(runId: string, datasets: readonly DatasetInput[], models: readonly ModelInput[] = []): Promise<void> {
    await this.call("logInputs", { run_id: runId, datasets, ...(models.length ? { models } : {}) });
  }

  /** Records models the run produced (MLflow 3.x logged models). */
  async logOutputs(runId: string, models: readonly ModelOutput[]): Promise<void> {
    await this.call("logOutputs", { run_id: runId, models });
  }

  /** One page of a metric's history. */
  async getMetricHistoryPage(
    runId: string,
    key: string,
    options: { readonly maxResults?: number; readonly pageToken?: string } = {},
  ): Promise<Page<Metric>> {
    const answer = await this.call("getMetricHistory", {
      run_id: runId,
      metric_key: key,
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
    });
    return page(answer.metrics, answer.next_page_token);
  }

  /** Every logged value of a metric, following pages. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return collectPages((pageToken) => this.getMetricHistoryPage(runId, key, pageToken ? { pageToken } : {}));
  }

  /** A metric's values across runs within a step interval, sampled by the server. */
  async getMetricHistoryBulkInterval(
    runIds: readonly string[],
    key: string,
    options: { readonly startStep?: number; readonly endStep?: number; readonly maxResults?: number } = {},
  ): Promise<readonly Metric[]> {
    const answer = await this.call("getMetricHistoryBulkInterval", {
      run_ids: runIds,
      metric_key: key,
      ...(options.startStep !== undefined ? { start_step: options.startStep } : {}),
      ...(options.endStep !== undefined ? { end_step: options.endStep } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
    });
    return answer.metrics ?? [];
  }

  // ---- artifacts --------------------------------------------------------------------------

  /** The artifact entries directly under `path` (relative to the run's root), all pages. */
  listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    return collectPages(async (pageToken) => {
      const answer = await this.call("listArtifacts", {
        run_id: runId,
        ...(path ? { path } : {}),
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      return page(answer.files, answer.next_page_token);
    });
  }

  /** Uploads a local file to `<artifactPath>/<file name>` in the run's artifacts. */
  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    return this.artifacts.logArtifact(runId, localPath, artifactPath);
  }

  /** Uploads a local folder's files (recursively) under `artifactPath`. */
  logArtifacts(runId: string, localDir: string, artifactPath?: string): Promise<void> {
    return this.artifacts.logArtifacts(runId, localDir, artifactPath);
  }

  /** Writes text as an artifact file. */
  logText(runId: string, text: string, artifactFile: string): Promise<void> {
    return this.artifacts.logText(runId, text, artifactFile);
  }

  /** Writes an object as a JSON (or, for .yaml/.yml, YAML) artifact file. */
  logDict(runId: string, value: unknown, artifactFile: string): Promise<void> {
    return this.artifacts.logDict(runId, value, artifactFile);
  }

  /** Downloads an artifact file or folder (empty path: all) into `dstDir`; returns its local path. */
  downloadArtifacts(runId: string, path: string, dstDir: string): Promise<string> {
    return this.artifacts.downloadArtifacts(runId, path, dstDir);
  }

  private async artifactUriOf(runId: string): Promise<string> {
    return this.artifactUris.get(runId) ?? (await this.getRun(runId)).info.artifact_uri;
  }
}
