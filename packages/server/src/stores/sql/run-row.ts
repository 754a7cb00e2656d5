import type { LifecycleStage, RunInfo, RunStatus } from "@sextant/protocol";

/** The runs columns every run query selects, prefixed for joins. */
export const RUN_COLUMNS = [
  "id",
  "run_uuid",
  "name",
  "experiment_id",
  "user_id",
  "status",
  "start_time",
  "end_time",
  "lifecycle_stage",
  "artifact_uri",
] as const;

/** `r.id, r.run_uuid, ...` for a query that aliases runs as `r`. */
export const RUN_SELECT = RUN_COLUMNS.map((c) => `r.${c}`).join(", ");

/** A runs row; `id` is the internal key child tables refer to. */
export interface RunRow {
  readonly id: number;
  readonly run_uuid: string;
  readonly name: string;
  readonly experiment_id: number;
  readonly user_id: string;
  readonly status: string;
  readonly start_time: number;
  readonly end_time: number | null;
  readonly lifecycle_stage: string;
  readonly artifact_uri: string;
}

/** The wire RunInfo of a row (run_id and its deprecated alias run_uuid carry the same id). */
export function runInfoOf(row: RunRow): RunInfo {
  const info: RunInfo = {
    run_id: row.run_uuid,
    run_uuid: row.run_uuid,
    run_name: row.name,
    experiment_id: String(row.experiment_id),
    user_id: row.user_id,
    status: row.status as RunStatus,
    start_time: row.start_time,
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage as LifecycleStage,
  };
  return row.end_time === null ? info : { ...info, end_time: row.end_time };
}
