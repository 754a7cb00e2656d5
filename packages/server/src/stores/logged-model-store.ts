import type { LoggedModel, LoggedModelStatus, Metric, ModelOutput, Tag } from "@sextant/protocol";
import type { FilterClause } from "../search/search-types.js";
import type { Page } from "./tracking-store.js";

export interface CreateLoggedModelInput {
  readonly modelId: string;
  readonly experimentId: string;
  readonly name: string;
  readonly artifactLocation: string;
  readonly modelType?: string;
  readonly sourceRunId?: string;
  readonly params: readonly Tag[];
  readonly tags: readonly Tag[];
}

/** Attribute names search-logged-models filters and orders by (MLflow's, with their aliases). */
export const LOGGED_MODEL_SEARCH_ATTRIBUTES = [
  "name",
  "model_id",
  "model_type",
  "source_run_id",
  "status",
  "creation_timestamp",
  "creation_timestamp_ms",
  "creation_time",
  "last_updated_timestamp",
  "last_updated_timestamp_ms",
] as const;

/**
 * One order_by entry of search-logged-models: an attribute `column`, or with `metricKey` the
 * model's latest value of that metric (optionally only points of one dataset), nulls last.
 */
export interface LoggedModelOrder {
  readonly column: string;
  readonly ascending: boolean;
  readonly metricKey?: string;
  readonly datasetName?: string;
  readonly datasetDigest?: string;
}

/** A dataset of search-logged-models' `datasets`: metric filters only consider points of these. */
export interface LoggedModelDatasetFilter {
  readonly name: string;
  readonly digest?: string;
}

export interface SearchLoggedModelsQuery {
  readonly experimentIds: readonly string[];
  readonly filter: readonly FilterClause[];
  readonly orderBy: readonly LoggedModelOrder[];
  /** When given, metric filters match only points of these datasets (and without metric filters, models with any such point). */
  readonly datasets?: readonly LoggedModelDatasetFilter[];
  readonly maxResults: number;
  readonly pageToken?: string;
}

/**
 * MLflow 3.x logged models (part of MLflow's tracking store). Stores never validate input;
 * a missing (or deleted) model is RESOURCE_DOES_NOT_EXIST, a missing experiment on create
 * is RESOURCE_DOES_NOT_EXIST.
 */
export interface LoggedModelStore {
  createLoggedModel(input: CreateLoggedModelInput): Promise<LoggedModel>;
  getLoggedModel(modelId: string): Promise<LoggedModel>;
  /** Sets the status (READY, UPLOAD_FAILED, ...) and returns the model. */
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel>;
  /** Soft delete: the model is no longer found or listed. */
  deleteLoggedModel(modelId: string): Promise<void>;
  setLoggedModelTags(modelId: string, tags: readonly Tag[]): Promise<void>;
  /** RESOURCE_DOES_NOT_EXIST when the model has no such tag. */
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  /** Params are immutable: the same value again is fine, another is INVALID_PARAMETER_VALUE. */
  logLoggedModelParams(modelId: string, params: readonly Tag[]): Promise<void>;
  searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>>;
  /** Records that run `runId` produced these models (runs/outputs); repeats are ignored. */
  logOutputs(runId: string, outputs: readonly ModelOutput[]): Promise<void>;
  /** The models run `runId` produced, in the order they were logged. */
  getRunOutputs(runId: string): Promise<readonly ModelOutput[]>;
  /**
   * Links the run's metrics that carry a `model_id` to that logged model (MLflow 3.x), so they
   * appear in its `data.metrics` and in metric search; metrics without one are ignored.
   */
  logModelMetrics(runId: string, metrics: readonly Metric[]): Promise<void>;
}
