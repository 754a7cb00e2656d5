/**
 * MLflow's REST endpoint table: the contract both the server's routes and the SDK's client
 * are built from, so the two cannot drift. Paths are relative to `/api/2.0` (and are also
 * served under `/ajax-api/2.0`); `{name}` segments are path parameters.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface Endpoint {
  /** MLflow's rpc name (service.proto / model_registry.proto). */
  readonly name: string;
  readonly method: HttpMethod;
  readonly path: string;
}

// Generic in the name so `(typeof TRACKING_ENDPOINTS)[number]["name"]` is a union of literals.
const e = <N extends string>(name: N, method: HttpMethod, path: string): Endpoint & { readonly name: N } => ({
  name,
  method,
  path,
});

/** Tracking endpoints (service.proto). */
export const TRACKING_ENDPOINTS = [
  e("createExperiment", "POST", "/mlflow/experiments/create"),
  e("getExperiment", "GET", "/mlflow/experiments/get"),
  e("getExperimentByName", "GET", "/mlflow/experiments/get-by-name"),
  e("searchExperiments", "POST", "/mlflow/experiments/search"),
  e("searchExperiments", "GET", "/mlflow/experiments/search"),
  e("updateExperiment", "POST", "/mlflow/experiments/update"),
  e("deleteExperiment", "POST", "/mlflow/experiments/delete"),
  e("restoreExperiment", "POST", "/mlflow/experiments/restore"),
  e("setExperimentTag", "POST", "/mlflow/experiments/set-experiment-tag"),
  e("deleteExperimentTag", "POST", "/mlflow/experiments/delete-experiment-tag"),
  e("createRun", "POST", "/mlflow/runs/create"),
  e("getRun", "GET", "/mlflow/runs/get"),
  e("updateRun", "POST", "/mlflow/runs/update"),
  e("deleteRun", "POST", "/mlflow/runs/delete"),
  e("restoreRun", "POST", "/mlflow/runs/restore"),
  e("searchRuns", "POST", "/mlflow/runs/search"),
  e("setTag", "POST", "/mlflow/runs/set-tag"),
  e("deleteTag", "POST", "/mlflow/runs/delete-tag"),
  e("logParam", "POST", "/mlflow/runs/log-parameter"),
  e("logMetric", "POST", "/mlflow/runs/log-metric"),
  e("logBatch", "POST", "/mlflow/runs/log-batch"),
  e("logModel", "POST", "/mlflow/runs/log-model"),
  e("logInputs", "POST", "/mlflow/runs/log-inputs"),
  e("logOutputs", "POST", "/mlflow/runs/outputs"),
  e("getMetricHistory", "GET", "/mlflow/metrics/get-history"),
  e("getMetricHistoryBulkInterval", "GET", "/mlflow/metrics/get-history-bulk-interval"),
  e("listArtifacts", "GET", "/mlflow/artifacts/list"),
] as const;

/** Logged models (MLflow 3.x). */
export const LOGGED_MODEL_ENDPOINTS = [
  e("createLoggedModel", "POST", "/mlflow/logged-models"),
  e("getLoggedModel", "GET", "/mlflow/logged-models/{model_id}"),
  e("finalizeLoggedModel", "PATCH", "/mlflow/logged-models/{model_id}"),
  e("deleteLoggedModel", "DELETE", "/mlflow/logged-models/{model_id}"),
  e("searchLoggedModels", "POST", "/mlflow/logged-models/search"),
  e("setLoggedModelTags", "PATCH", "/mlflow/logged-models/{model_id}/tags"),
  e("deleteLoggedModelTag", "DELETE", "/mlflow/logged-models/{model_id}/tags/{tag_key}"),
  e("logLoggedModelParams", "POST", "/mlflow/logged-models/{model_id}/params"),
  e("listLoggedModelArtifacts", "GET", "/mlflow/logged-models/{model_id}/artifacts/directories"),
] as const;

/** Model registry (model_registry.proto). */
export const REGISTRY_ENDPOINTS = [
  e("createRegisteredModel", "POST", "/mlflow/registered-models/create"),
  e("renameRegisteredModel", "POST", "/mlflow/registered-models/rename"),
  e("updateRegisteredModel", "PATCH", "/mlflow/registered-models/update"),
  e("deleteRegisteredModel", "DELETE", "/mlflow/registered-models/delete"),
  e("getRegisteredModel", "GET", "/mlflow/registered-models/get"),
  e("searchRegisteredModels", "GET", "/mlflow/registered-models/search"),
  e("getLatestVersions", "POST", "/mlflow/registered-models/get-latest-versions"),
  e("getLatestVersions", "GET", "/mlflow/registered-models/get-latest-versions"),
  e("setRegisteredModelTag", "POST", "/mlflow/registered-models/set-tag"),
  e("deleteRegisteredModelTag", "DELETE", "/mlflow/registered-models/delete-tag"),
  e("setRegisteredModelAlias", "POST", "/mlflow/registered-models/alias"),
  e("deleteRegisteredModelAlias", "DELETE", "/mlflow/registered-models/alias"),
  e("getModelVersionByAlias", "GET", "/mlflow/registered-models/alias"),
  e("createModelVersion", "POST", "/mlflow/model-versions/create"),
  e("updateModelVersion", "PATCH", "/mlflow/model-versions/update"),
  e("transitionModelVersionStage", "POST", "/mlflow/model-versions/transition-stage"),
  e("deleteModelVersion", "DELETE", "/mlflow/model-versions/delete"),
  e("getModelVersion", "GET", "/mlflow/model-versions/get"),
  e("searchModelVersions", "GET", "/mlflow/model-versions/search"),
  e("getModelVersionDownloadUri", "GET", "/mlflow/model-versions/get-download-uri"),
  e("setModelVersionTag", "POST", "/mlflow/model-versions/set-tag"),
  e("deleteModelVersionTag", "DELETE", "/mlflow/model-versions/delete-tag"),
] as const;

/** The API prefixes every endpoint is mounted under. */
export const API_PREFIXES = ["/api/2.0", "/ajax-api/2.0"] as const;

/** Artifact proxy prefix (mlflow_artifacts.proto); paths under it carry the artifact path. */
export const ARTIFACTS_PROXY_PREFIX = "/api/2.0/mlflow-artifacts";
