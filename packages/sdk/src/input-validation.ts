import { posix } from "node:path";
import { LIMITS, MlflowError } from "@sextant/protocol";

/**
 * Checks done before a value is queued, so a bad value fails at the call that logged it
 * instead of sinking a whole batch later. Same rules as MLflow's validation.py; every
 * failure is INVALID_PARAMETER_VALUE naming the field and the limit.
 */

const NAME = /^[/\p{L}\p{N}_.\- :]*$/u;

/** Python's posixpath.normpath, which MLflow uses to refuse names that alias other names. */
function normpath(name: string): string {
  const normalized = posix.normalize(name);
  return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
}

/** Validates a metric, param or tag key (`kind` is "metric", "param" or "tag"). */
export function validateKey(kind: "metric" | "param" | "tag", key: unknown): asserts key is string {
  if (typeof key !== "string") {
    throw MlflowError.invalidParameter(`Invalid ${kind} name: expected a string, got ${typeof key}`);
  }
  if (key.length > LIMITS.maxEntityKeyLength) {
    throw MlflowError.invalidParameter(
      `Invalid ${kind} name '${key.slice(0, 40)}…': ${key.length} characters, the limit is ${LIMITS.maxEntityKeyLength}`,
    );
  }
  if (!NAME.test(key)) {
    throw MlflowError.invalidParameter(
      `Invalid ${kind} name '${key}': names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)`,
    );
  }
  const normalized = normpath(key);
  if (normalized !== key || normalized === "." || normalized.startsWith("..") || normalized.startsWith("/")) {
    throw MlflowError.invalidParameter(
      `Invalid ${kind} name '${key}': names are treated as file paths and must not resolve to another name (this one resolves to '${normalized}')`,
    );
  }
}

/** Validates a param value (after conversion to string): at most 6000 characters. */
export function validateParamValue(key: string, value: string): void {
  if (value.length > LIMITS.maxParamValueLength) {
    throw MlflowError.invalidParameter(
      `Param '${key}' value has ${value.length} characters, the limit is ${LIMITS.maxParamValueLength}`,
    );
  }
}

/** Validates a run tag value: at most 8000 characters. */
export function validateTagValue(key: string, value: string): void {
  if (value.length > LIMITS.maxTagValueLength) {
    throw MlflowError.invalidParameter(
      `Tag '${key}' value has ${value.length} characters, the limit is ${LIMITS.maxTagValueLength}`,
    );
  }
}

/** Validates a metric's value (a number; NaN and ±Infinity are fine), step and timestamp (integers). */
export function validateMetric(key: string, value: unknown, step: unknown, timestamp: unknown): void {
  if (typeof value !== "number") {
    throw MlflowError.invalidParameter(`Metric '${key}' value must be a number, got ${typeof value}`);
  }
  if (typeof step !== "number" || !Number.isSafeInteger(step)) {
    throw MlflowError.invalidParameter(`Metric '${key}' step must be an integer, got ${String(step)}`);
  }
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp)) {
    throw MlflowError.invalidParameter(
      `Metric '${key}' timestamp must be an integer (milliseconds since the epoch), got ${String(timestamp)}`,
    );
  }
}

/** Converts a param value to the string MLflow stores (numbers and booleans as written). */
export function paramValueString(key: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  throw MlflowError.invalidParameter(`Param '${key}' value must be a string, number or boolean, got ${typeof value}`);
}
