import type {
  DatasetInput,
  Experiment,
  ExperimentTag,
  FileInfo,
  LOGGED_MODEL_ENDPOINTS,
  Metric,
  ModelInput,
  ModelOutput,
  Param,
  REGISTRY_ENDPOINTS,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
  TRACKING_ENDPOINTS,
  ViewType,
} from "@sextant/protocol";

/** Names of the tracking endpoints in `TRACKING_ENDPOINTS`. */
export type TrackingEndpointName = (typeof TRACKING_ENDPOINTS)[number]["name"];
/** Names of the model registry and logged-model endpoints (typed wrappers come with the registry). */
export type OtherEndpointName =
  | (typeof REGISTRY_ENDPOINTS)[number]["name"]
  | (typeof LOGGED_MODEL_ENDPOINTS)[number]["name"];
/** Every endpoint the client can call by name. */
export type EndpointName = TrackingEndpointName | OtherEndpointName;

/** A JSON object as it travels on the wire. */
export type JsonObject = { readonly [key: string]: unknown };
type Empty = Readonly<Record<string, never>>;

/**
 * Request bodies of the tracking endpoints, field for field as in MLflow's service.proto.
 * Keyed by endpoint name; a name missing here or not in the table fails to compile (below).
 */
export interface TrackingRequests {
  createExperiment: { name: string; artifact_location?: string; tags?: readonly ExperimentTag[] };
  getExperiment: { experiment_id: string };
  getExperimentByName: { experiment_name: string };
  searchExperiments: {
    max_results?: number;
    page_token?: string;
    filter?: string;
    order_by?: readonly string[];
    view_type?: ViewType;
  };
  updateExperiment: { experiment_id: string; new_name: string };
  deleteExperiment: { experiment_id: string };
  restoreExperiment: { experiment_id: string };
  setExperimentTag: { experiment_id: string; key: string; value: string };
  deleteExperimentTag: { experiment_id: string; key: string };
  createRun: { experiment_id: string; user_id?: string; run_name?: string; start_time?: number; tags?: readonly RunTag[] };
  getRun: { run_id: string };
  updateRun: { run_id: string; status?: RunStatus; end_time?: number; run_name?: string };
  deleteRun: { run_id: string };
  restoreRun: { run_id: string };
  searchRuns: {
    experiment_ids: readonly string[];
    filter?: string;
    run_view_type?: ViewType;
    max_results?: number;
    order_by?: readonly string[];
    page_token?: string;
  };
  setTag: { run_id: string; key: string; value: string };
  deleteTag: { run_id: string; key: string };
  logParam: { run_id: string; key: string; value: string };
  logMetric: {
    run_id: string;
    key: string;
    value: number;
    timestamp: number;
    step?: number;
    model_id?: string;
    dataset_name?: string;
    dataset_digest?: string;
  };
  logBatch: { run_id: string; metrics?: readonly Metric[]; params?: readonly Param[]; tags?: readonly RunTag[] };
  logModel: { run_id: string; model_json: string };
  logInputs: { run_id: string; datasets?: readonly DatasetInput[]; models?: readonly ModelInput[] };
  logOutputs: { run_id: string; models: readonly ModelOutput[] };
  getMetricHistory: { run_id: string; metric_key: string; page_token?: string; max_results?: number };
  getMetricHistoryBulkInterval: {
    run_ids: readonly string[];
    metric_key: string;
    start_step?: number;
    end_step?: number;
    max_results?: number;
  };
  listArtifacts: { run_id: string; path?: string; page_token?: string };
}

/** Response bodies of the tracking endpoints (empty repeated fields may be omitted). */
export interface TrackingResponses {
  createExperiment: { experiment_id: string };
  getExperiment: { experiment: Experiment };
  getExperimentByName: { experiment: Experiment };
  searchExperiments: { experiments?: readonly Experiment[]; next_page_token?: string };
  updateExperiment: Empty;
  deleteExperiment: Empty;
  restoreExperiment: Empty;
  setExperimentTag: Empty;
  deleteExperimentTag: Empty;
  createRun: { run: Run };
  getRun: { run: Run };
  updateRun: { run_info: RunInfo };
  deleteRun: Empty;
  restoreRun: Empty;
  searchRuns: { runs?: readonly Run[]; next_page_token?: string };
  setTag: Empty;
  deleteTag: Empty;
  logParam: Empty;
  logMetric: Empty;
  logBatch: Empty;
  logModel: Empty;
  logInputs: Empty;
  logOutputs: Empty;
  getMetricHistory: { metrics?: readonly Metric[]; next_page_token?: string };
  getMetricHistoryBulkInterval: { metrics?: readonly Metric[] };
  listArtifacts: { root_uri?: string; files?: readonly FileInfo[]; next_page_token?: string };
}

/** Compile-time proof that both maps have exactly the table's tracking endpoint names. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type TrackingMessagesMatchTable = [
  Assert<SameKeys<keyof TrackingRequests, TrackingEndpointName>>,
  Assert<SameKeys<keyof TrackingResponses, TrackingEndpointName>>,
];
