import { type DatasetInput, LIMITS, MlflowError } from "@sextant/protocol";

/** A dataset a run consumed, as MLflow records it (`mlflow.log_input`). */
export interface DatasetSpec {
  readonly name: string;
  /** A short content hash: the same data gives the same digest (<= 36 characters). */
  readonly digest: string;
  /** Where the data came from, usually JSON such as `{"uri": "file:///…/data.csv"}`. */
  readonly source: string;
  /** Kind of source: `local`, `http`, `s3`, `code`, … */
  readonly sourceType: string;
  /** Optional JSON schema (MLflow's `{"mlflow_colspec": [...]}`). */
  readonly schema?: string;
  /** Optional JSON profile, e.g. `{"num_rows": 300}`. */
  readonly profile?: string;
}

/** How the run used the dataset. */
export interface DatasetUse {
  /** Stored as the input tag `mlflow.data.context`, e.g. "training" or "evaluation". */
  readonly context?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

function limit(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) {
    throw MlflowError.invalidParameter(`Dataset ${field} has ${value.length} characters, the limit is ${max}`);
  }
}

function required(field: string, value: unknown): void {
  if (typeof value !== "string" || value === "") {
    throw MlflowError.invalidParameter(`Dataset ${field} is required (a non-empty string)`);
  }
}

/**
 * Converts a dataset and its use to the wire's DatasetInput. INVALID_PARAMETER_VALUE when a
 * required field is missing or a field passes MLflow's length limit.
 */
export function toDatasetInput(spec: DatasetSpec, use: DatasetUse = {}): DatasetInput {
  required("name", spec.name);
  required("digest", spec.digest);
  required("source", spec.source);
  required("sourceType", spec.sourceType);
  limit("name", spec.name, LIMITS.maxDatasetNameLength);
  limit("digest", spec.digest, LIMITS.maxDatasetDigestLength);
  limit("source", spec.source, LIMITS.maxDatasetSourceLength);
  limit("schema", spec.schema, LIMITS.maxDatasetSchemaLength);
  limit("profile", spec.profile, LIMITS.maxDatasetProfileLength);
  const tags = Object.entries({ ...use.tags, ...(use.context ? { "mlflow.data.context": use.context } : {}) }).map(
    ([key, value]) => {
      limit(`input tag key '${key}'`, key, LIMITS.maxInputTagKeyLength);
      limit(`input tag '${key}' value`, value, LIMITS.maxInputTagValueLength);
      return { key, value };
    },
  );
  return {
    ...(tags.length ? { tags } : {}),
    dataset: {
      name: spec.name,
      digest: spec.digest,
      source_type: spec.sourceType,
      source: spec.source,
      ...(spec.schema !== undefined ? { schema: spec.schema } : {}),
      ...(spec.profile !== undefined ? { profile: spec.profile } : {}),
    },
  };
}
