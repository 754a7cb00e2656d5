import type { ModelVersion, ModelVersionStatus, RegisteredModel, RegisteredModelAlias, Tag } from "@sextant/protocol";

/** The stage MLflow gives a deleted version: it keeps the number taken but is never shown. */
export const DELETED_STAGE = "Deleted_Internal";

/** registered_models row. `id` is an internal surrogate key. */
export interface RegisteredModelRow {
  readonly id: number;
  readonly name: string;
  readonly creation_time: number;
  readonly last_updated_time: number;
  readonly description: string | null;
  readonly user_id: string | null;
}

export const REGISTERED_MODEL_COLUMNS = "m.id, m.name, m.creation_time, m.last_updated_time, m.description, m.user_id";

/** model_versions row joined with its registered model's name. */
export interface ModelVersionRow {
  readonly model_ref: number;
  readonly name: string;
  readonly version: number;
  readonly creation_time: number;
  readonly last_updated_time: number;
  readonly description: string | null;
  readonly user_id: string | null;
  readonly current_stage: string;
  readonly source: string;
  readonly storage_location: string | null;
  readonly run_id: string | null;
  readonly run_link: string | null;
  readonly model_id: string | null;
  readonly status: string;
  readonly status_message: string | null;
}

export const MODEL_VERSION_COLUMNS =
  "v.model_ref, m.name, v.version, v.creation_time, v.last_updated_time, v.description, v.user_id, v.current_stage, " +
  "v.source, v.storage_location, v.run_id, v.run_link, v.model_id, v.status, v.status_message";

/** `FROM` clause pairing versions with their model. */
export const MODEL_VERSION_FROM = "model_versions v JOIN registered_models m ON m.id = v.model_ref";

const optional = <K extends string>(key: K, value: string | null): { [P in K]?: string } =>
  (value === null || value === "" ? {} : { [key]: value }) as { [P in K]?: string };

/** The wire entity of a version row, with its tags and the aliases pointing at it. */
export function toModelVersion(row: ModelVersionRow, tags: readonly Tag[], aliases: readonly string[]): ModelVersion {
  return {
    name: row.name,
    version: String(row.version),
    creation_timestamp: Number(row.creation_time),
    last_updated_timestamp: Number(row.last_updated_time),
    ...optional("user_id", row.user_id),
    current_stage: row.current_stage,
    ...optional("description", row.description),
    source: row.source,
    ...optional("run_id", row.run_id),
    status: row.status as ModelVersionStatus,
    ...optional("status_message", row.status_message),
    tags,
    ...optional("run_link", row.run_link),
    aliases,
    ...optional("model_id", row.model_id),
  };
}

/** The wire entity of a registered model row. */
export function toRegisteredModel(
  row: RegisteredModelRow,
  tags: readonly Tag[],
  aliases: readonly RegisteredModelAlias[],
  latestVersions: readonly ModelVersion[],
): RegisteredModel {
  return {
    name: row.name,
    creation_timestamp: Number(row.creation_time),
    last_updated_timestamp: Number(row.last_updated_time),
    ...optional("user_id", row.user_id),
    ...optional("description", row.description),
    latest_versions: latestVersions,
    tags,
    aliases,
  };
}
