/**
 * Tracking entities exactly as they appear on MLflow's wire (snake_case, int64 as numbers).
 * The server's domain uses these shapes directly, so nothing is mapped twice.
 */

export type LifecycleStage = "active" | "deleted";
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
export const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

/** `ViewType` of search requests. */
export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface Tag {
  readonly key: string;
  readonly value: string;
}
export type ExperimentTag = Tag;
export type RunTag = Tag;
export type Param = Tag;
export type InputTag = Tag;

export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: LifecycleStage;
  readonly last_update_time: number;
  readonly creation_time: number;
  readonly tags?: readonly ExperimentTag[];
}

export interface Metric {
  readonly key: string;
  /** NaN and ±Infinity are carried as the JSON strings "NaN", "Infinity", "-Infinity". */
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
  readonly dataset_name?: string;
  readonly dataset_digest?: string;
  readonly model_id?: string;
  readonly run_id?: string;
}

export interface RunInfo {
  readonly run_id: string;
  /** Deprecated alias of run_id that MLflow still sends. */
  readonly run_uuid: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: RunStatus;
  readonly start_time: number;
  readonly end_time?: number;
  readonly artifact_uri: string;
  readonly lifecycle_stage: LifecycleStage;
}

export interface RunData {
  readonly metrics?: readonly Metric[];
  readonly params?: readonly Param[];
  readonly tags?: readonly RunTag[];
}

export interface Dataset {
  readonly name: string;
  readonly digest: string;
  readonly source_type: string;
  readonly source: string;
  readonly schema?: string;
  readonly profile?: string;
}

export interface DatasetInput {
  readonly tags?: readonly InputTag[];
  readonly dataset: Dataset;
}

export interface ModelInput {
  readonly model_id: string;
}

export interface ModelOutput {
  readonly model_id: string;
  readonly step: number;
}

export interface RunInputs {
  readonly dataset_inputs?: readonly DatasetInput[];
  readonly model_inputs?: readonly ModelInput[];
}

export interface RunOutputs {
  readonly model_outputs?: readonly ModelOutput[];
}

export interface Run {
  readonly info: RunInfo;
  readonly data: RunData;
  readonly inputs?: RunInputs;
  readonly outputs?: RunOutputs;
}

export interface FileInfo {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: number;
}
