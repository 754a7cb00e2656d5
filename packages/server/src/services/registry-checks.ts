import { LIMITS, MlflowError, MODEL_VERSION_STAGES, type ModelVersionStage, type Tag } from "@sextant/protocol";
import { checkField, type FieldRule } from "./field-rules.js";

/**
 * The registry's validation rules as data, with MLflow's wording (mlflow/utils/validation.py):
 * tag keys follow the tracking name rules and are at most 250 characters, tag values at most
 * 100,000; aliases are `[\w-]`, at most 255 characters, not `latest` and not `v<N>`.
 */
export const REGISTRY_FIELD_RULES = {
  registeredModelTagKey: { label: "Registered model key", maxLength: LIMITS.maxEntityKeyLength, keyOf: "tag" },
  registeredModelTagValue: { label: "Registered model value", maxLength: LIMITS.maxRegistryTagValueLength },
  modelVersionTagKey: { label: "Model version key", maxLength: LIMITS.maxEntityKeyLength, keyOf: "tag" },
  modelVersionTagValue: { label: "Model version value", maxLength: LIMITS.maxRegistryTagValueLength },
  alias: { label: "Registered model alias name", maxLength: LIMITS.maxAliasLength },
  modelName: { label: "Registered model name", maxLength: LIMITS.maxExperimentNameLength },
} as const satisfies Readonly<Record<string, FieldRule>>;

const ALIAS = /^[\p{L}\p{N}_-]*$/u;
const VERSION_ALIAS = /^[vV]\d+$/;
const VERSION = /^\s*[+-]?\d+\s*$/;

/** Checks a registered model tag. INVALID_PARAMETER_VALUE naming the field and limit. */
export function checkRegisteredModelTag(tag: Tag): void {
  checkField(REGISTRY_FIELD_RULES.registeredModelTagKey, tag.key);
  checkField(REGISTRY_FIELD_RULES.registeredModelTagValue, tag.value);
}

/** Checks a model version tag. INVALID_PARAMETER_VALUE naming the field and limit. */
export function checkModelVersionTag(tag: Tag): void {
  checkField(REGISTRY_FIELD_RULES.modelVersionTagKey, tag.key);
  checkField(REGISTRY_FIELD_RULES.modelVersionTagValue, tag.value);
}

/** Checks a registered model name's length (MLflow only insists it is not empty). */
export function checkModelName(name: string): string {
  if (name === "") throw MlflowError.invalidParameter("Missing value for required parameter 'name'.");
  checkField(REGISTRY_FIELD_RULES.modelName, name);
  return name;
}

/** Checks an alias name as MLflow does. INVALID_PARAMETER_VALUE. */
export function checkAlias(alias: string): string {
  if (alias === "") throw MlflowError.invalidParameter("Registered model alias name cannot be empty.");
  if (!ALIAS.test(alias)) {
    throw MlflowError.invalidParameter(
      `Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`,
    );
  }
  checkField(REGISTRY_FIELD_RULES.alias, alias);
  if (alias.toLowerCase() === "latest") {
    throw MlflowError.invalidParameter("'latest' alias name (case insensitive) is reserved.");
  }
  if (VERSION_ALIAS.test(alias)) throw MlflowError.invalidParameter(`Version alias name '${alias}' is reserved.`);
  return alias;
}

/** A version string as a number. INVALID_PARAMETER_VALUE when it is not an integer. */
export function parseVersion(version: string, field = "version"): number {
  if (!VERSION.test(version)) {
    throw MlflowError.invalidParameter(`Parameter '${field}' must be an integer, got '${version}'.`);
  }
  const n = Number(version);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw MlflowError.invalidParameter(`Parameter '${field}' must be a positive integer, got '${version}'.`);
  }
  return n;
}

/** The canonical spelling of a stage (case-insensitive). INVALID_PARAMETER_VALUE listing the stages. */
export function canonicalStage(stage: string): ModelVersionStage {
  const found = MODEL_VERSION_STAGES.find((s) => s.toLowerCase() === stage.trim().toLowerCase());
  if (found === undefined) {
    throw MlflowError.invalidParameter(
      `Invalid Model Version stage: ${stage}. Value must be one of ${MODEL_VERSION_STAGES.join(", ")}.`,
    );
  }
  return found;
}
