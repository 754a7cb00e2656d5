/**
 * @sextant/sdk: TypeScript client of an MLflow-compatible tracking server (HTTP only).
 * Fluent API (`setExperiment`, `startRun`, `logMetric`, …), the `Tracking` context behind
 * it, and the low-level `MlflowClient`.
 */
export * from "./fluent.js";
export { Tracking, type StartRunOptions, type TrackingOptions } from "./tracking.js";
export { RunHandle, type MetricOptions } from "./run-handle.js";
export { MlflowClient, type SearchOptions, type TagsInput } from "./mlflow-client.js";
export { RestError, isRestError } from "./rest-error.js";
export { LogQueue, type LogQueueOptions, type SendBatch } from "./log-queue.js";
export type { ClientOptions, Environment } from "./client-options.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
export type { Page } from "./page.js";
export type { DatasetSpec, DatasetUse } from "./dataset-spec.js";
export { fileDataset } from "./file-dataset.js";
export { toYaml } from "./to-yaml.js";
export type {
  EndpointName,
  JsonObject,
  OtherEndpointName,
  TrackingEndpointName,
  TrackingRequests,
  TrackingResponses,
} from "./tracking-messages.js";
export { MlflowError, isMlflowError } from "@sextant/protocol";
export type { Experiment, Metric, Param, Run, RunInfo, RunStatus, RunTag, FileInfo } from "@sextant/protocol";
export * from "./models/index.js";
