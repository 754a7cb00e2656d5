import {
  type Experiment,
  LIMITS,
  type Metric,
  MlflowError,
  type Run,
  type RunInfo,
  type RunTag,
} from "@sextant/protocol";
import { parseExperimentFilter, parseExperimentOrderBy } from "../search/parse-experiment-search.js";
import { parseRunFilter, parseRunOrderBy } from "../search/parse-run-search.js";
import type { RunBatch, TrackingStore } from "../stores/tracking-store.js";
import { bulkIntervalHistory } from "./bulk-interval-history.js";
import { EMPTY_RESPONSE, type EncodedResponse, encodeMetricHistoryResponse } from "./encoded-response.js";
import {
  checkBatchShape,
  checkDatasetInput,
  checkExperimentTag,
  checkMetric,
  checkParam,
  checkRunTag,
} from "./entity-checks.js";
import { checkField, FIELD_RULES } from "./field-rules.js";
import { generateRunName } from "./generate-run-name.js";
import { appendModelHistory, LOGGED_MODELS_TAG, modelHistoryEntry } from "./logged-model-history.js";
import {
  checkArtifactLocation,
  checkExperimentId,
  checkMaxResults,
  checkRunId,
  requireActiveExperiment,
  requireActiveRun,
} from "./tracking-checks.js";
import type * as Req from "./tracking-requests.js";

/** The tag MLflow keeps equal to the run's name. */
export const RUN_NAME_TAG = "mlflow.runName";
/** The tag MLflow clients put the user name in. */
export const USER_TAG = "mlflow.user";
const DEFAULT_EXPERIMENT_ID = "0";
/** `{}`, already encoded: the answer of every write. */
const EMPTY = EMPTY_RESPONSE;

/** Knobs for tests: the clock (ms since epoch) and the random source for generated run names. */
export interface TrackingServiceOptions {
  readonly now?: () => number;
  readonly random?: () => number;
}

function toMetric(m: Req.LogMetric | Req.LogBatch["metrics"][number]): Metric {
  return {
    key: m.key,
    value: m.value,
    timestamp: m.timestamp,
    step: m.step ?? 0,
    ...(m.model_id ? { model_id: m.model_id } : {}),
    ...(m.dataset_name ? { dataset_name: m.dataset_name } : {}),
    ...(m.dataset_digest ? { dataset_digest: m.dataset_digest } : {}),
  };
}

const toTag = (t: { readonly key: string; readonly value?: string }): RunTag => ({ key: t.key, value: t.value ?? "" });

/**
 * The tracking API's behaviour: MLflow's validation (required fields are the decoder's job;
 * here: names, lengths, batch limits, lifecycle rules, run-name sync, defaults), then one store
 * call per operation. Takes decoded requests, returns wire responses. Throws MlflowError:
 * INVALID_PARAMETER_VALUE for bad input or writes to non-active runs/experiments, INVALID_STATE
 * for renaming a deleted experiment, plus whatever the store reports (RESOURCE_DOES_NOT_EXIST,
 * RESOURCE_ALREADY_EXISTS).
 */
export class TrackingService {
  readonly #store: TrackingStore;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(store: TrackingStore, options: TrackingServiceOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  async createExperiment(req: Req.CreateExperiment): Promise<{ experiment_id: string }> {
    checkField(FIELD_RULES.experimentName, req.name);
    if (req.artifact_location) checkArtifactLocation(req.artifact_location);
    const tags = req.tags.map(toTag);
    for (const tag of tags) checkExperimentTag(tag);
    const id = await this.#store.createExperiment({
      name: req.name,
      ...(req.artifact_location ? { artifactLocation: req.artifact_location } : {}),
      tags,
    });
    return { experiment_id: id };
  }

  async getExperiment(req: Req.GetExperiment): Promise<{ experiment: Experiment }> {
    return { experiment: await this.#store.getExperiment(checkExperimentId(req.experiment_id)) };
  }

  async getExperimentByName(req: Req.GetExperimentByName): Promise<{ experiment: Experiment }> {
    const experiment = await this.#store.getExperimentByName(req.experiment_name);
    if (experiment === undefined) {
      throw MlflowError.notFound(`Could not find experiment with name '${req.experiment_name}'`);
    }
    return { experiment };
  }

  async searchExperiments(
    req: Req.SearchExperiments,
  ): Promise<{ experiments: readonly Experiment[]; next_page_token?: string }> {
    const page = await this.#store.searchExperiments({
      viewType: req.view_type ?? "ACTIVE_ONLY",
      filter: parseExperimentFilter(req.filter),
      orderBy: parseExperimentOrderBy(req.order_by),
      maxResults: checkMaxResults(
        req.max_results,
        LIMITS.searchExperimentsMaxResultsDefault,
        LIMITS.searchExperimentsMaxResultsMax,
      ),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { experiments: page.items, next_page_token: page.nextPageToken };
  }

  async updateExperiment(req: Req.UpdateExperiment): Promise<typeof EMPTY> {
    const experiment = await this.#store.getExperiment(checkExperimentId(req.experiment_id));
    if (experiment.lifecycle_stage !== "active") {
      throw new MlflowError("INVALID_STATE", "Cannot rename a non-active experiment.");
    }
    checkField(FIELD_RULES.experimentName, req.new_name);
    await this.#store.renameExperiment(experiment.experiment_id, req.new_name);
    return EMPTY;
  }

  async deleteExperiment(req: Req.ExperimentIdOnly): Promise<typeof EMPTY> {
    return this.#moveExperiment(req.experiment_id, "active", "deleted");
  }

  async restoreExperiment(req: Req.ExperimentIdOnly): Promise<typeof EMPTY> {
    return this.#moveExperiment(req.experiment_id, "deleted", "active");
  }

  async #moveExperiment(id: string, from: "active" | "deleted", to: "active" | "deleted"): Promise<typeof EMPTY> {
    const experiment = await this.#store.getExperiment(checkExperimentId(id));
    if (experiment.lifecycle_stage !== from) {
      throw MlflowError.notFound(`No ${from} experiment with id=${id} exists (its state is ${experiment.lifecycle_stage}).`);
    }
    await this.#store.setExperimentLifecycle(id, to);
    return EMPTY;
  }

  async setExperimentTag(req: Req.SetExperimentTag): Promise<typeof EMPTY> {
    const tag = toTag(req);
    checkExperimentTag(tag);
    requireActiveExperiment(await this.#store.getExperiment(checkExperimentId(req.experiment_id)));
    await this.#store.setExperimentTag(req.experiment_id, tag);
    return EMPTY;
  }

  async deleteExperimentTag(req: Req.DeleteExperimentTag): Promise<typeof EMPTY> {
    requireActiveExperiment(await this.#store.getExperiment(checkExperimentId(req.experiment_id)));
    await this.#store.deleteExperimentTag(req.experiment_id, req.key);
    return EMPTY;
  }

  async createRun(req: Req.CreateRun): Promise<{ run: Run }> {
    const experimentId = checkExperimentId(req.experiment_id || DEFAULT_EXPERIMENT_ID);
    const byKey = new Map<string, RunTag>();
    for (const tag of req.tags.map(toTag)) {
      checkRunTag(tag);
      byKey.set(tag.key, tag);
    }
    const nameTag = byKey.get(RUN_NAME_TAG)?.value || undefined;
    if (req.run_name && nameTag !== undefined && req.run_name !== nameTag) {
      throw MlflowError.invalidParameter(
        `Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values ` +
          `(run_name='${req.run_name}', ${RUN_NAME_TAG}='${nameTag}').`,
      );
    }
    const runName = req.run_name || nameTag || generateRunName(this.#random);
    checkField(FIELD_RULES.runName, runName);
    byKey.set(RUN_NAME_TAG, { key: RUN_NAME_TAG, value: runName });
    requireActiveExperiment(await this.#store.getExperiment(experimentId));
    const run = await this.#store.createRun({
      experimentId,
      runName,
      userId: req.user_id || byKey.get(USER_TAG)?.value || "",
      startTime: req.start_time ?? this.#now(),
      tags: [...byKey.values()],
    });
    return { run };
  }

  async getRun(req: Req.RunIdOnly): Promise<{ run: Run }> {
    return { run: await this.#store.getRun(checkRunId(req.run_id)) };
  }

  async updateRun(req: Req.UpdateRun): Promise<{ run_info: RunInfo }> {
    await this.#activeRunInfo(req.run_id);
    if (req.run_name) checkField(FIELD_RULES.runName, req.run_name);
    const run = await this.#store.updateRun(req.run_id, {
      ...(req.status !== undefined ? { status: req.status } : {}),
      ...(req.end_time !== undefined ? { endTime: req.end_time } : {}),
      ...(req.run_name ? { runName: req.run_name } : {}),
    });
    return { run_info: run.info };
  }

  async deleteRun(req: Req.RunIdOnly): Promise<typeof EMPTY> {
    await this.#store.setRunLifecycle(checkRunId(req.run_id), "deleted");
    return EMPTY;
  }

  async restoreRun(req: Req.RunIdOnly): Promise<typeof EMPTY> {
    await this.#store.setRunLifecycle(checkRunId(req.run_id), "active");
    return EMPTY;
  }

  async setTag(req: Req.SetTag): Promise<typeof EMPTY> {
    const tag = toTag(req);
    checkRunTag(tag);
    if (tag.key === RUN_NAME_TAG) checkField(FIELD_RULES.runName, tag.value);
    return this.#write(req.run_id, { metrics: [], params: [], tags: [tag] });
  }

  async deleteTag(req: Req.DeleteTag): Promise<typeof EMPTY> {
    await this.#activeRunInfo(req.run_id);
    await this.#store.deleteTag(req.run_id, req.key);
    return EMPTY;
  }

  async logParam(req: Req.LogParam): Promise<typeof EMPTY> {
    const param = toTag(req);
    checkParam(param);
    return this.#write(req.run_id, { metrics: [], params: [param], tags: [] });
  }

  async logMetric(req: Req.LogMetric): Promise<typeof EMPTY> {
    const metric = toMetric(req);
    checkMetric(metric);
    return this.#write(req.run_id, { metrics: [metric], params: [], tags: [] });
  }

  async logBatch(req: Req.LogBatch): Promise<typeof EMPTY> {
    const batch: RunBatch = { metrics: req.metrics.map(toMetric), params: req.params.map(toTag), tags: req.tags.map(toTag) };
    checkBatchShape(batch);
    for (const metric of batch.metrics) checkMetric(metric);
    for (const param of batch.params) checkParam(param);
    for (const tag of batch.tags) {
      checkRunTag(tag);
      if (tag.key === RUN_NAME_TAG) checkField(FIELD_RULES.runName, tag.value);
    }
    return this.#write(req.run_id, batch);
  }

  async logModel(req: Req.LogModel): Promise<typeof EMPTY> {
    const entry = modelHistoryEntry(req.model_json);
    const run = await this.#store.getRun(checkRunId(req.run_id));
    requireActiveRun(run.info);
    const previous = run.data.tags?.find((t) => t.key === LOGGED_MODELS_TAG)?.value;
    const tag = { key: LOGGED_MODELS_TAG, value: appendModelHistory(previous, entry) };
    checkRunTag(tag);
    await this.#store.logBatch(req.run_id, { metrics: [], params: [], tags: [tag] });
    return EMPTY;
  }

  /** Datasets and (MLflow 3.x) logged models the run used; 3.x clients log a model input before metrics linked to it. */
  async logInputs(req: Req.LogInputs): Promise<typeof EMPTY> {
    for (const input of req.datasets) checkDatasetInput(input);
    await this.#activeRunInfo(req.run_id);
    await this.#store.logInputs(req.run_id, req.datasets, req.models);
    return EMPTY;
  }

  /** Answers pre-encoded JSON when the store can build it (no object per point), else the message. */
  async getMetricHistory(
    req: Req.GetMetricHistory,
  ): Promise<{ metrics: readonly Metric[]; next_page_token?: string } | EncodedResponse> {
    if (req.max_results !== undefined && req.max_results < 0) {
      throw MlflowError.invalidParameter(
        `Invalid value ${req.max_results} for parameter 'max_results' supplied. It must be a positive integer.`,
      );
    }
    const query = {
      runId: checkRunId(req.run_id),
      metricKey: req.metric_key,
      ...(req.max_results ? { maxResults: req.max_results } : {}),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    };
    if (this.#store.getMetricHistoryJson) {
      return encodeMetricHistoryResponse(await this.#store.getMetricHistoryJson(query));
    }
    const page = await this.#store.getMetricHistory(query);
    return { metrics: page.items, next_page_token: page.nextPageToken };
  }

  async getMetricHistoryBulkInterval(req: Req.GetMetricHistoryBulkInterval): Promise<{ metrics: readonly Metric[] }> {
    return { metrics: await bulkIntervalHistory(this.#store, req) };
  }

  async searchRuns(req: Req.SearchRuns): Promise<{ runs: readonly Run[]; next_page_token?: string }> {
    const page = await this.#store.searchRuns({
      experimentIds: req.experiment_ids.map(checkExperimentId),
      filter: parseRunFilter(req.filter),
      viewType: req.run_view_type ?? "ACTIVE_ONLY",
      orderBy: parseRunOrderBy(req.order_by),
      maxResults: checkMaxResults(req.max_results, LIMITS.searchMaxResultsDefault, LIMITS.searchMaxResultsMax),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { runs: page.items, next_page_token: page.nextPageToken };
  }

  /** Loads a run's info (not its data) and insists it is active, as MLflow does before writes. */
  async #activeRunInfo(runId: string): Promise<RunInfo> {
    return requireActiveRun(await this.#store.getRunInfo(checkRunId(runId)));
  }

  /** The store checks the run is active inside the write's own transaction (one round trip). */
  async #write(runId: string, batch: RunBatch): Promise<typeof EMPTY> {
    await this.#store.logBatch(checkRunId(runId), batch);
    // MLflow 3.x: metrics that name a logged model also belong to it (after the run's own
    // write, as MLflow's _log_model_metrics does); a backend without logged models skips this.
    if (batch.metrics.some((m) => m.model_id !== undefined)) {
      await this.#store.modelStores?.().loggedModels.logModelMetrics(runId, batch.metrics);
    }
    return EMPTY;
  }
}
