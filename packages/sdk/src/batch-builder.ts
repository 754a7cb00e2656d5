import { LIMITS, type Metric, type Param, type RunTag } from "@sextant/protocol";

/** One queued value, with the JSON size it adds to a log-batch body. */
export type QueuedValue =
  | { readonly kind: "metric"; readonly metric: Metric; readonly bytes: number }
  | { readonly kind: "param"; readonly param: Param; readonly bytes: number }
  | { readonly kind: "tag"; readonly tag: RunTag; readonly bytes: number };

/** The content of one log-batch request and how many queued values it consumes. */
export interface BuiltBatch {
  readonly metrics: readonly Metric[];
  readonly params: readonly Param[];
  readonly tags: readonly RunTag[];
  readonly consumed: number;
}

/** Room kept in the 1 MB body limit for the envelope (`run_id`, brackets). */
const BODY_BUDGET = LIMITS.maxBatchBodyBytes - 4096;

/** The JSON bytes a value adds to a batch body (plus a separator). */
export function valueBytes(value: Metric | Param | RunTag): number {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? "-Infinity" : v));
  return Buffer.byteLength(json, "utf8") + 1;
}

/**
 * Takes the longest prefix of `queue` (from `start`) that fits one log-batch request under
 * MLflow's limits: <= 1000 metrics, <= 100 params, <= 100 tags, <= 1000 values, <= 1 MB.
 * Order is kept; a tag set twice in the batch is sent once with its last value (tags are
 * mutable, so the result is the same as two writes in order).
 */
export function buildBatch(queue: readonly QueuedValue[], start: number, end: number = queue.length): BuiltBatch {
  const metrics: Metric[] = [];
  const params: Param[] = [];
  const tags = new Map<string, RunTag>();
  let bytes = 0;
  let tagCount = 0;
  let index = start;
  for (; index < end; index++) {
    const value = queue[index] as QueuedValue;
    if (metrics.length + params.length + tagCount >= LIMITS.maxEntitiesPerBatch) break;
    if (bytes + value.bytes > BODY_BUDGET) break;
    if (value.kind === "metric") {
      if (metrics.length >= LIMITS.maxMetricsPerBatch) break;
      metrics.push(value.metric);
    } else if (value.kind === "param") {
      if (params.length >= LIMITS.maxParamsPerBatch) break;
      params.push(value.param);
    } else {
      if (tagCount >= LIMITS.maxTagsPerBatch) break;
      tags.delete(value.tag.key);
      tags.set(value.tag.key, value.tag);
      tagCount++;
    }
    bytes += value.bytes;
  }
  return { metrics, params, tags: [...tags.values()], consumed: index - start };
}
