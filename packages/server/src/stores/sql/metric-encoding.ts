import type { Metric } from "@sextant/protocol";

/** A metric as stored: NaN becomes value 0 with is_nan = 1 (SQLite cannot hold NaN). */
export interface StoredMetric {
  readonly key: string;
  readonly timestamp: number;
  readonly step: number;
  readonly value: number;
  readonly isNan: 0 | 1;
}

/** Encodes a metric for storage; ±Infinity is stored as is on both dialects. */
export function encodeMetric(metric: Metric): StoredMetric {
  const nan = Number.isNaN(metric.value);
  return {
    key: metric.key,
    timestamp: metric.timestamp,
    step: metric.step,
    value: nan ? 0 : metric.value,
    isNan: nan ? 1 : 0,
  };
}

/** The stored value back as a number (NaN restored from the flag). */
export function decodeMetricValue(value: number, isNan: number | boolean): number {
  return isNan ? Number.NaN : value;
}

/**
 * MLflow's latest-value rule: `a` replaces `b` when (step, timestamp, value) is strictly
 * larger, compared left to right (NaN compares as its stored 0, as in MLflow's SQL store).
 */
export function isLater(a: StoredMetric, b: StoredMetric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}
