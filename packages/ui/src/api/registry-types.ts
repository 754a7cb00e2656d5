/**
 * Model registry entities as MLflow sends them (model_registry.proto), snake_case, int64 as
 * numbers. The UI reads them; it never sends them back whole.
 */

export interface RegistryTag {
  readonly key: string;
  readonly value: string;
}

export interface RegisteredModelAlias {
  readonly alias: string;
  readonly version: string;
}

export type ModelVersionStatus = "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";

export interface ModelVersion {
  readonly name: string;
  readonly version: string;
  readonly creation_timestamp?: number;
  readonly last_updated_timestamp?: number;
  readonly user_id?: string;
  readonly current_stage?: string;
  readonly description?: string;
  readonly source?: string;
  readonly run_id?: string;
  readonly status?: ModelVersionStatus;
  readonly status_message?: string;
  readonly tags?: readonly RegistryTag[];
  readonly run_link?: string;
  readonly aliases?: readonly string[];
  readonly model_id?: string;
}

export interface RegisteredModel {
  readonly name: string;
  readonly creation_timestamp?: number;
  readonly last_updated_timestamp?: number;
  readonly user_id?: string;
  readonly description?: string;
  readonly latest_versions?: readonly ModelVersion[];
  readonly tags?: readonly RegistryTag[];
  readonly aliases?: readonly RegisteredModelAlias[];
}
