import { LIMITS, type Metric, MlflowError, type Tag } from "@sextant/protocol";
import { checkField, FIELD_RULES } from "./field-rules.js";

/** Checks a metric's key (name rules, length) and its timestamp. INVALID_PARAMETER_VALUE. */
export function checkMetric(metric: Metric): void {
  checkField(FIELD_RULES.metricKey, metric.key);
  if (metric.timestamp < 0) {
    throw MlflowError.invalidParameter(
      `Got invalid timestamp ${metric.timestamp} for metric '${metric.key}' (value=${metric.value}). ` +
        "Timestamp must be a nonnegative long (64-bit integer)",
    );
  }
}

/** Checks a param's key and value length. INVALID_PARAMETER_VALUE. */
export function checkParam(param: Tag): void {
  checkField(FIELD_RULES.paramKey, param.key);
  checkField(FIELD_RULES.paramValue, param.value);
}

/** Checks a run tag's key and value length. INVALID_PARAMETER_VALUE. */
export function checkRunTag(tag: Tag): void {
  checkField(FIELD_RULES.runTagKey, tag.key);
  checkField(FIELD_RULES.runTagValue, tag.value);
}

/** Checks an experiment tag's key and value length. INVALID_PARAMETER_VALUE. */
export function checkExperimentTag(tag: Tag): void {
  checkField(FIELD_RULES.experimentTagKey, tag.key);
  checkField(FIELD_RULES.experimentTagValue, tag.value);
}

interface BatchShape {
  readonly metrics: readonly unknown[];
  readonly params: readonly Tag[];
  readonly tags: readonly unknown[];
}

/** log-batch's size limits, as data: what is counted and its maximum. */
const BATCH_LIMITS: readonly { readonly entity: string; readonly max: number; count(b: BatchShape): number }[] = [
  { entity: "metrics", max: LIMITS.maxMetricsPerBatch, count: (b) => b.metrics.length },
  { entity: "params", max: LIMITS.maxParamsPerBatch, count: (b) => b.params.length },
  { entity: "tags", max: LIMITS.maxTagsPerBatch, count: (b) => b.tags.length },
  {
    entity: "metrics, params, and tags",
    max: LIMITS.maxEntitiesPerBatch,
    count: (b) => b.metrics.length + b.params.length + b.tags.length,
  },
];

/**
 * Checks log-batch's entity counts (1000 metrics, 100 params, 100 tags, 1000 in all) and that no
 * param key appears twice. INVALID_PARAMETER_VALUE naming the limit.
 */
export function checkBatchShape(batch: BatchShape): void {
  for (const limit of BATCH_LIMITS) {
    const got = limit.count(batch);
    if (got > limit.max) {
      throw MlflowError.invalidParameter(
        `A batch logging request can contain at most ${limit.max} ${limit.entity}. Got ${got} ${limit.entity}. ` +
          `Please split up ${limit.entity} across multiple requests and try again.`,
      );
    }
  }
  if (batch.params.length > 1) {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const p of batch.params) (seen.has(p.key) ? duplicates : seen).add(p.key);
    if (duplicates.size > 0) {
      throw MlflowError.invalidParameter(
        `Duplicate parameter keys have been submitted: [${[...duplicates].map((k) => `'${k}'`).join(", ")}]. ` +
          "Please ensure the request contains only one param value per param key.",
      );
    }
  }
}

interface DatasetInputShape {
  readonly tags: readonly Tag[];
  readonly dataset: {
    readonly name: string;
    readonly digest: string;
    readonly source: string;
    readonly schema?: string;
    readonly profile?: string;
  };
}

/** Checks log-inputs' dataset fields and input tags against MLflow's size limits. INVALID_PARAMETER_VALUE. */
export function checkDatasetInput(input: DatasetInputShape): void {
  const d = input.dataset;
  checkField(FIELD_RULES.datasetName, d.name);
  checkField(FIELD_RULES.datasetDigest, d.digest);
  checkField(FIELD_RULES.datasetSource, d.source);
  if (d.schema !== undefined) checkField(FIELD_RULES.datasetSchema, d.schema);
  if (d.profile !== undefined) checkField(FIELD_RULES.datasetProfile, d.profile);
  for (const tag of input.tags) {
    checkField(FIELD_RULES.inputTagKey, tag.key);
    checkField(FIELD_RULES.inputTagValue, tag.value);
  }
}
