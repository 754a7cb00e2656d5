import type {
  DatasetInput,
  Experiment,
  ExperimentTag,
  LifecycleStage,
  Metric,
  ModelInput,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
  ViewType,
} from "@sextant/protocol";
import type { ExperimentFilter, OrderByClause, RunFilter } from "../search/search-types.js";
import type { ModelStores } from "./model-stores.js";

/** One page of results and the opaque token for the next one (absent on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

export interface CreateExperimentInput {
  readonly name: string;
  /** When absent the store derives `<defaultArtifactRoot>/<experiment_id>`. */
  readonly artifactLocation?: string;
  readonly tags?: readonly ExperimentTag[];
}

export interface SearchExperimentsQuery {
  readonly viewType: ViewType;
  readonly filter: ExperimentFilter;
  readonly orderBy: readonly OrderByClause[];
  readonly maxResults: number;
  readonly pageToken?: string;
}

export interface CreateRunInput {
  readonly experimentId: string;
  readonly runName: string;
  readonly userId: string;
  readonly startTime: number;
  readonly tags: readonly RunTag[];
}

export interface UpdateRunInput {
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly runName?: string;
}

export interface RunBatch {
  readonly metrics: readonly Metric[];
  readonly params: readonly Param[];
  readonly tags: readonly RunTag[];
}

export interface SearchRunsQuery {
  readonly experimentIds: readonly string[];
  readonly filter: RunFilter;
  readonly viewType: ViewType;
  readonly orderBy: readonly OrderByClause[];
  readonly maxResults: number;
  readonly pageToken?: string;
}

export interface MetricHistoryQuery {
  readonly runId: string;
  readonly metricKey: string;
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/** Experiments: CRUD, tags, search. Throws RESOURCE_DOES_NOT_EXIST / RESOURCE_ALREADY_EXISTS. */
export interface ExperimentStore {
  createExperiment(input: CreateExperimentInput): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Prefers the active experiment when an active and a deleted one share the name. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  setExperimentLifecycle(experimentId: string, stage: LifecycleStage): Promise<void>;
  setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;
}

/** Runs and everything logged to them. */
export interface RunStore {
  createRun(input: CreateRunInput): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  /** Only the run's info (one indexed lookup, no data): for lifecycle checks before writes. RESOURCE_DOES_NOT_EXIST when absent. */
  getRunInfo(runId: string): Promise<RunInfo>;
  updateRun(runId: string, update: UpdateRunInput): Promise<Run>;
  setRunLifecycle(runId: string, stage: LifecycleStage): Promise<void>;
  /**
   * Writes metrics, params and tags in one transaction: all or nothing.
   * A param already logged with another value is INVALID_PARAMETER_VALUE; so is a run that is
   * not active (MLflow's message), checked inside the write's transaction.
   */
  logBatch(runId: string, batch: RunBatch): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /**
   * Links datasets (and, in MLflow 3.x, logged models the run used) to the run as inputs; a
   * link already present is kept. RESOURCE_DOES_NOT_EXIST for a missing run or logged model.
   */
  logInputs(runId: string, datasets: readonly DatasetInput[], models?: readonly ModelInput[]): Promise<void>;
  searchRuns(query: SearchRunsQuery): Promise<Page<Run>>;
}

/** One page of a metric's history already encoded as MLflow's wire JSON. */
export interface MetricHistoryJson {
  /**
   * The page's metrics as a JSON array text, `[{"key":..,"value":..,"timestamp":..,"step":..}, ...]`,
   * NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity"; `[]` when empty.
   */
  readonly metricsJson: string;
  /** How many metrics the array holds. */
  readonly count: number;
  readonly nextPageToken?: string;
}

export interface MetricStore {
  /** Every logged value of one metric in MLflow's order: timestamp, then step, then value. */
  getMetricHistory(query: MetricHistoryQuery): Promise<Page<Metric>>;
  /**
   * Optional fast path for get-history: the same page as `getMetricHistory` (same order, paging
   * and errors), encoded by the backend, so a long history is never held as one object per point.
   */
  getMetricHistoryJson?(query: MetricHistoryQuery): Promise<MetricHistoryJson>;
}

/** The whole tracking backend. One instance per process; safe to share between replicas' databases. */
export interface TrackingStore extends ExperimentStore, RunStore, MetricStore {
  close(): Promise<void>;
  /**
   * The model registry and logged-model stores over the same database, when this backend
   * holds them (MLflow's default: the registry store URI is the tracking URI). They live as
   * long as this store.
   */
  modelStores?(): ModelStores;
}
