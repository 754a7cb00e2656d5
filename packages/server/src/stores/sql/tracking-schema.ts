import type { Generated } from "kysely";

/** Kysely table types of the tracking schema (see tracking-migrations.ts for the DDL). */
export interface TrackingSchema {
  readonly experiments: ExperimentsTable;
  readonly experiment_tags: KeyValueTable & { experiment_id: number };
  readonly runs: RunsTable;
  readonly params: KeyValueTable & { run_id: number };
  readonly tags: KeyValueTable & { run_id: number };
  readonly metrics: MetricRow;
  readonly latest_metrics: MetricRow;
  readonly datasets: DatasetsTable;
  readonly inputs: InputsTable;
  readonly input_tags: { input_uuid: string; name: string; value: string };
}

interface KeyValueTable {
  key: string;
  value: string;
}

/** Experiment ids are integers; "0" is the Default experiment inserted at open time. */
export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

/** `id` is an internal surrogate key; clients only ever see `run_uuid`. */
export interface RunsTable {
  id: Generated<number>;
  run_uuid: string;
  name: string;
  experiment_id: number;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  artifact_uri: string;
  deleted_time: number | null;
}

/** NaN is stored as value 0 with is_nan = 1 (SQLite cannot hold NaN); ±Infinity is stored as is. */
export interface MetricRow {
  run_id: number;
  key: string;
  timestamp: number;
  step: number;
  value: number;
  is_nan: number;
}

/** A dataset is unique per experiment by (name, digest), as in MLflow. */
export interface DatasetsTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  dataset_source_type: string;
  dataset_source: string;
  dataset_schema: string | null;
  dataset_profile: string | null;
}

/** An edge from a source (a dataset) to a destination (a run, by run_uuid), as in MLflow. */
export interface InputsTable {
  input_uuid: string;
  source_type: string;
  source_id: string;
  destination_type: string;
  destination_id: string;
}
