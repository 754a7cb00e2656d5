/**
 * Model registry and logged-model entities exactly as they appear on MLflow's wire
 * (model_registry.proto and service.proto's LoggedModel), snake_case with int64 as numbers.
 */
import type { Metric, Tag } from "./tracking-types.js";

/** A model version's registration status (ModelVersionStatus). */
export type ModelVersionStatus = "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";

/** The stages a model version can be in, canonical spelling. */
export type ModelVersionStage = "None" | "Staging" | "Production" | "Archived";
export const MODEL_VERSION_STAGES: readonly ModelVersionStage[] = ["None", "Staging", "Production", "Archived"];

export type RegisteredModelTag = Tag;
export type ModelVersionTag = Tag;

/** An alias pointing at one version of a registered model. */
export interface RegisteredModelAlias {
  readonly alias: string;
  readonly version: string;
}

export interface ModelVersion {
  readonly name: string;
  /** A decimal string ("1", "2", ...), as MLflow sends it. */
  readonly version: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id?: string;
  readonly current_stage: string;
  readonly description?: string;
  readonly source: string;
  readonly run_id?: string;
  readonly status: ModelVersionStatus;
  readonly status_message?: string;
  readonly tags?: readonly ModelVersionTag[];
  readonly run_link?: string;
  readonly aliases?: readonly string[];
  /** The logged model (MLflow 3.x) this version was registered from. */
  readonly model_id?: string;
}

export interface RegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id?: string;
  readonly description?: string;
  /** The highest version in each stage. */
  readonly latest_versions?: readonly ModelVersion[];
  readonly tags?: readonly RegisteredModelTag[];
  readonly aliases?: readonly RegisteredModelAlias[];
}

/** LoggedModelStatus, by name. */
export type LoggedModelStatus =
  | "LOGGED_MODEL_STATUS_UNSPECIFIED"
  | "LOGGED_MODEL_PENDING"
  | "LOGGED_MODEL_READY"
  | "LOGGED_MODEL_UPLOAD_FAILED";

/** Protobuf numbers of LoggedModelStatus (clients may send either form). */
export const LOGGED_MODEL_STATUS_NUMBERS: Readonly<Record<LoggedModelStatus, number>> = {
  LOGGED_MODEL_STATUS_UNSPECIFIED: 0,
  LOGGED_MODEL_PENDING: 1,
  LOGGED_MODEL_READY: 2,
  LOGGED_MODEL_UPLOAD_FAILED: 3,
};

export type LoggedModelTag = Tag;
export type LoggedModelParameter = Tag;

/** A registered model version made from a logged model. */
export interface LoggedModelRegistrationInfo {
  readonly name: string;
  readonly version: string;
}

export interface LoggedModelInfo {
  readonly model_id: string;
  readonly experiment_id: string;
  readonly name: string;
  readonly creation_timestamp_ms: number;
  readonly last_updated_timestamp_ms: number;
  /** Where the model's files live, e.g. `mlflow-artifacts:/1/models/m-.../artifacts`. */
  readonly artifact_uri: string;
  readonly status: LoggedModelStatus;
  readonly model_type?: string;
  readonly source_run_id?: string;
  readonly status_message?: string;
  readonly tags?: readonly LoggedModelTag[];
  readonly registrations?: readonly LoggedModelRegistrationInfo[];
}

export interface LoggedModelData {
  readonly params?: readonly LoggedModelParameter[];
  readonly metrics?: readonly Metric[];
}

/** MLflow 3.x's LoggedModel: a model that exists independently of the run that made it. */
export interface LoggedModel {
  readonly info: LoggedModelInfo;
  readonly data: LoggedModelData;
}
