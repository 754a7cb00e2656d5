import { LIMITS, MlflowError } from "@sextant/protocol";
import { posixNormalize } from "./posix-normalize.js";

/** One validated field: how MLflow names it in messages, its length limit, and whether it is a key. */
export interface FieldRule {
  /** Used in length messages: "Param value 'x...' had length 6001, ...". */
  readonly label: string;
  readonly maxLength: number;
  /** For keys: the noun in "Invalid metric name: ..." and the name-character rules apply. */
  readonly keyOf?: string;
}

/**
 * Every length limit and naming rule of the tracking API, declared once (values from
 * `LIMITS`, which mirrors mlflow/utils/validation.py). `checkField` is the one place that
 * enforces them.
 */
export const FIELD_RULES = {
  metricKey: { label: "Metric name", maxLength: LIMITS.maxEntityKeyLength, keyOf: "metric" },
  paramKey: { label: "Param key", maxLength: LIMITS.maxEntityKeyLength, keyOf: "parameter" },
  paramValue: { label: "Param value", maxLength: LIMITS.maxParamValueLength },
  runTagKey: { label: "Tag key", maxLength: LIMITS.maxEntityKeyLength, keyOf: "tag" },
  runTagValue: { label: "Tag value", maxLength: LIMITS.maxTagValueLength },
  experimentTagKey: { label: "Tag key", maxLength: LIMITS.maxEntityKeyLength, keyOf: "tag" },
  experimentTagValue: { label: "Tag value", maxLength: LIMITS.maxExperimentTagValueLength },
  experimentName: { label: "Experiment name", maxLength: LIMITS.maxExperimentNameLength },
  runName: { label: "Run name", maxLength: LIMITS.maxRunNameLength },
  datasetName: { label: "Dataset name", maxLength: LIMITS.maxDatasetNameLength },
  datasetDigest: { label: "Dataset digest", maxLength: LIMITS.maxDatasetDigestLength },
  datasetSource: { label: "Dataset source", maxLength: LIMITS.maxDatasetSourceLength },
  datasetSchema: { label: "Dataset schema", maxLength: LIMITS.maxDatasetSchemaLength },
  datasetProfile: { label: "Dataset profile", maxLength: LIMITS.maxDatasetProfileLength },
  inputTagKey: { label: "Input tag key", maxLength: LIMITS.maxInputTagKeyLength },
  inputTagValue: { label: "Input tag value", maxLength: LIMITS.maxInputTagValueLength },
} as const satisfies Readonly<Record<string, FieldRule>>;

/** Python's `^[/\w.\- :]*$` with `\w` matching Unicode letters and digits, as Python 3 does. */
const VALID_KEY = /^[/\p{L}\p{N}_.\- :]*$/u;
const BAD_CHARACTERS =
  "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).";

/** Length in characters (code points), as MLflow and the database columns count it. */
function characterLength(value: string, limit: number): number {
  if (value.length <= limit) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** A key that would name a different file once normalised (`a//b`, `./a`, `../a`, `/a`, `.`). */
function resolvesElsewhere(name: string): string | undefined {
  const normalized = posixNormalize(name);
  const bad =
    normalized !== name || normalized === "." || normalized.startsWith("..") || normalized.startsWith("/");
  return bad ? normalized : undefined;
}

/**
 * Checks one value against its rule: the length limit and, for keys, MLflow's name rules
 * (allowed characters; must not normalise to another path). Throws INVALID_PARAMETER_VALUE
 * naming the field and the limit.
 */
export function checkField(rule: FieldRule, value: string): void {
  if (rule.keyOf !== undefined) {
    if (!VALID_KEY.test(value)) {
      throw MlflowError.invalidParameter(`Invalid ${rule.keyOf} name: '${value}'. ${BAD_CHARACTERS}`);
    }
    const normalized = resolvesElsewhere(value);
    if (normalized !== undefined) {
      throw MlflowError.invalidParameter(
        `Invalid ${rule.keyOf} name: '${value}'. Names may be treated as files in certain cases, and must not ` +
          `resolve to other names when treated as such. This name would resolve to '${normalized}'`,
      );
    }
  }
  const length = characterLength(value, rule.maxLength);
  if (length > rule.maxLength) {
    throw MlflowError.invalidParameter(
      `${rule.label} '${value.slice(0, 250)}' had length ${length}, which exceeded length limit of ${rule.maxLength}`,
    );
  }
}
