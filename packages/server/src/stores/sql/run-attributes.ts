import { MlflowError } from "@sextant/protocol";

/** A searchable / orderable run attribute and the runs column behind it. */
export interface RunAttribute {
  readonly column: string;
  readonly numeric: boolean;
}

const ATTRIBUTES: Readonly<Record<string, RunAttribute>> = {
  run_id: { column: "run_uuid", numeric: false },
  run_name: { column: "name", numeric: false },
  status: { column: "status", numeric: false },
  user_id: { column: "user_id", numeric: false },
  artifact_uri: { column: "artifact_uri", numeric: false },
  lifecycle_stage: { column: "lifecycle_stage", numeric: false },
  start_time: { column: "start_time", numeric: true },
  end_time: { column: "end_time", numeric: true },
  experiment_id: { column: "experiment_id", numeric: true },
};

/** MLflow's attribute aliases (SearchUtils.translate_key_alias). */
const ALIASES: Readonly<Record<string, string>> = {
  created: "start_time",
  Created: "start_time",
  "run name": "run_name",
  "Run name": "run_name",
  "Run Name": "run_name",
};

/** The canonical attribute key for `key` (aliases resolved). */
export function canonicalRunAttribute(key: string): string {
  return ALIASES[key] ?? key;
}

/** The attribute behind `key`; INVALID_PARAMETER_VALUE naming the valid keys for an unknown one. */
export function runAttribute(key: string): RunAttribute {
  const attribute = ATTRIBUTES[canonicalRunAttribute(key)];
  if (!attribute) {
    throw MlflowError.invalidParameter(
      `Invalid attribute key '${key}' specified. Valid keys are ${Object.keys(ATTRIBUTES).join(", ")}`,
    );
  }
  return attribute;
}
