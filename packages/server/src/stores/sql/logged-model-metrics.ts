import type { Metric } from "@sextant/protocol";
import { decodeMetricValue, encodeMetric } from "./metric-encoding.js";
import { MultiRowInsert } from "./multi-row-insert.js";
import type { SqlDatabase } from "./sql-session.js";

const KEY = "model_id, metric_name, metric_timestamp_ms, metric_step, run_id, dataset_name, dataset_digest";
const INSERT = new MultiRowInsert(
  `INSERT INTO logged_model_metrics (${KEY}, metric_value, is_nan)`,
  9,
  `ON CONFLICT (${KEY}) DO UPDATE SET metric_value = excluded.metric_value, is_nan = excluded.is_nan`,
);

/** Columns of logged_model_metrics as the loader selects them. */
export const LOGGED_MODEL_METRIC_COLUMNS = `${KEY}, metric_value, is_nan`;

/** A logged_model_metrics row. */
export interface LoggedModelMetricRow {
  readonly model_id: string;
  readonly metric_name: string;
  readonly metric_timestamp_ms: number | string;
  readonly metric_step: number | string;
  readonly run_id: string;
  readonly dataset_name: string;
  readonly dataset_digest: string;
  readonly metric_value: number;
  readonly is_nan: number;
}

/** A stored row back as the Metric MLflow returns in LoggedModel.data.metrics. */
export function loggedModelMetricOf(row: LoggedModelMetricRow): Metric {
  return {
    key: row.metric_name,
    value: decodeMetricValue(row.metric_value, row.is_nan),
    timestamp: Number(row.metric_timestamp_ms),
    step: Number(row.metric_step),
    ...(row.dataset_name ? { dataset_name: row.dataset_name } : {}),
    ...(row.dataset_digest ? { dataset_digest: row.dataset_digest } : {}),
    model_id: row.model_id,
    run_id: row.run_id,
  };
}

/**
 * Links the metrics of run `runId` that name a `model_id` to those logged models, in one
 * transaction (MLflow's `_log_model_metrics`). A point logged again (same model, key, timestamp,
 * step, run and dataset) keeps one row with the last value. Metrics without a model_id are
 * skipped.
 */
export async function logLoggedModelMetrics(db: SqlDatabase, runId: string, metrics: readonly Metric[]): Promise<void> {
  const rows = new Map<string, (string | number)[]>();
  for (const metric of metrics) {
    if (!metric.model_id) continue;
    const stored = encodeMetric(metric);
    const key = [metric.model_id, stored.key, stored.timestamp, stored.step, runId, metric.dataset_name ?? "", metric.dataset_digest ?? ""];
    rows.set(JSON.stringify(key), [...key, stored.value, stored.isNan]);
  }
  if (rows.size === 0) return;
  await db.transaction(async (s) => {
    await INSERT.run(s, [...rows.values()]);
  });
}
