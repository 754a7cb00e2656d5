import { LogisticRegressionError } from "./logistic-regression-error.js";

/** The penalties the SAGA solver supports here. */
export type Penalty = "l1" | "l2";

/** Training options; defaults follow scikit-learn's `LogisticRegression`. */
export interface LogisticRegressionOptions {
  /** Inverse regularisation strength, > 0 and finite. Default 1. */
  readonly C?: number;
  /** Default `l2`. */
  readonly penalty?: Penalty;
  /** Maximum epochs, a positive integer. Default 100. */
  readonly maxIter?: number;
  /** Stopping tolerance on the relative change of the weights, >= 0. Default 1e-4. */
  readonly tol?: number;
  /** Seed of the sample-picking PRNG, an integer. Default 0. */
  readonly seed?: number;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<LogisticRegressionOptions>;

/**
 * Checks training data and options and fills in defaults. Throws `LogisticRegressionError`
 * with code `INVALID_OPTION` (bad C, penalty, maxIter, tol or seed), `INVALID_FEATURES`
 * (empty, ragged or non-finite X) or `INVALID_LABELS` (y length, values outside {0, 1},
 * or a single class).
 */
export function validateFitInput(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticRegressionOptions,
): ResolvedOptions {
  const resolved = resolveOptions(options);
  validateFeatures(X);
  if (y.length !== X.length) {
    throw invalidLabels(`y has ${y.length} labels but X has ${X.length} rows`);
  }
  y.forEach((label, i) => {
    if (label !== 0 && label !== 1) {
      throw invalidLabels(`y[${i}] is ${String(label)}; labels must be 0 or 1`);
    }
  });
  if (!y.includes(0) || !y.includes(1)) {
    throw invalidLabels(`y contains only class ${String(y[0])}; both classes 0 and 1 are needed`);
  }
  return resolved;
}

/**
 * Checks that X is a non-empty matrix of finite numbers with at least one column.
 * Throws `LogisticRegressionError` `INVALID_FEATURES` naming the first bad row.
 */
export function validateFeatures(X: readonly (readonly number[])[], expectedWidth?: number): void {
  const width = expectedWidth ?? X[0]?.length ?? 0;
  if (X.length === 0 || width === 0) {
    throw new LogisticRegressionError("INVALID_FEATURES", "X must have at least one row and one column");
  }
  X.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      const got = Array.isArray(row) ? `${row.length} values` : typeof row;
      throw new LogisticRegressionError("INVALID_FEATURES", `X row ${i} has ${got}, expected ${width} values`);
    }
    row.forEach((value, j) => {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new LogisticRegressionError("INVALID_FEATURES", `X[${i}][${j}] is ${String(value)}, expected a finite number`);
      }
    });
  });
}

function resolveOptions(options: LogisticRegressionOptions): ResolvedOptions {
  const { C = 1, penalty = "l2", maxIter = 100, tol = 1e-4, seed = 0 } = options;
  if (typeof C !== "number" || !Number.isFinite(C) || C <= 0) {
    throw invalidOption(`C must be a finite number > 0, got ${String(C)}`);
  }
  if (penalty !== "l1" && penalty !== "l2") {
    throw invalidOption(`penalty must be "l1" or "l2", got ${JSON.stringify(penalty)}`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw invalidOption(`maxIter must be an integer >= 1, got ${String(maxIter)}`);
  }
  if (typeof tol !== "number" || !Number.isFinite(tol) || tol < 0) {
    throw invalidOption(`tol must be a finite number >= 0, got ${String(tol)}`);
  }
  if (!Number.isInteger(seed)) {
    throw invalidOption(`seed must be an integer, got ${String(seed)}`);
  }
  return { C, penalty, maxIter, tol, seed };
}

function invalidOption(message: string): LogisticRegressionError {
  return new LogisticRegressionError("INVALID_OPTION", message);
}

function invalidLabels(message: string): LogisticRegressionError {
  return new LogisticRegressionError("INVALID_LABELS", message);
}
