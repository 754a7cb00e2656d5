import type { LogisticRegressionModel } from "./logistic-regression.js";
import { LogisticRegressionError } from "./logistic-regression-error.js";

const FORMAT = "sextant.logistic-regression";
const VERSION = 1;

/** The JSON form of a model, as stored in an MLmodel directory. */
export interface LogisticRegressionJSON {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly coef: number[];
  readonly intercept: number;
  readonly nIter: number;
  readonly converged: boolean;
}

/** A plain, `JSON.stringify`-able copy of the model, tagged with a format name and version. */
export function toJSON(model: LogisticRegressionModel): LogisticRegressionJSON {
  return {
    format: FORMAT,
    version: VERSION,
    coef: [...model.coef],
    intercept: model.intercept,
    nIter: model.nIter,
    converged: model.converged,
  };
}

/**
 * Rebuilds a model from `toJSON` output, given as the parsed value or as JSON text.
 * Throws `LogisticRegressionError` `INVALID_MODEL_JSON` naming the first bad field.
 */
export function fromJSON(json: unknown): LogisticRegressionModel {
  const value = typeof json === "string" ? parseText(json) : json;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("expected an object");
  }
  const record = value as Record<string, unknown>;
  if (record["format"] !== FORMAT || record["version"] !== VERSION) {
    throw invalid(`expected format "${FORMAT}" version ${VERSION}, got ${String(record["format"])} version ${String(record["version"])}`);
  }
  const { coef, intercept, nIter, converged } = record;
  if (!Array.isArray(coef) || coef.length === 0 || !coef.every(isFiniteNumber)) {
    throw invalid("coef must be a non-empty array of finite numbers");
  }
  if (!isFiniteNumber(intercept)) throw invalid("intercept must be a finite number");
  if (!Number.isInteger(nIter) || (nIter as number) < 0) throw invalid("nIter must be an integer >= 0");
  if (typeof converged !== "boolean") throw invalid("converged must be a boolean");
  return { coef: coef as number[], intercept, nIter: nIter as number, converged };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new LogisticRegressionError("INVALID_MODEL_JSON", "model JSON is not valid JSON", { cause });
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function invalid(problem: string): LogisticRegressionError {
  return new LogisticRegressionError("INVALID_MODEL_JSON", `invalid logistic-regression model JSON: ${problem}`);
}
