import { sagaSolver } from "./saga-solver.js";
import { seededRandom } from "./seeded-random.js";
import { type LogisticRegressionOptions, validateFitInput } from "./validate-fit-input.js";

export { LogisticRegressionError, type LogisticRegressionErrorCode } from "./logistic-regression-error.js";
export { fromJSON, type LogisticRegressionJSON, toJSON } from "./model-json.js";
export { accuracy, predict, predictProba } from "./predict.js";
export { type Dataset, type DatasetSplit, parseDataset, readDataset } from "./read-dataset.js";
export type { LogisticRegressionOptions, Penalty } from "./validate-fit-input.js";

/** A fitted binary logistic-regression model: P(y = 1 | x) = sigmoid(coef . x + intercept). */
export interface LogisticRegressionModel {
  readonly coef: readonly number[];
  readonly intercept: number;
  /** Epochs the solver ran. */
  readonly nIter: number;
  /** False when `maxIter` ran out before the tolerance was met (scikit-learn's ConvergenceWarning). */
  readonly converged: boolean;
}

/**
 * Fits binary logistic regression the way scikit-learn's
 * `LogisticRegression(solver="saga", C, penalty, max_iter, tol)` does: it minimises the sum
 * of log-losses plus `||w||^2 / (2C)` (l2) or `||w||_1 / C` (l1), with an unpenalised
 * intercept, using SAGA with a seeded PRNG (deterministic for a given seed, but not the
 * same draws as scikit-learn). `y` holds 0/1 labels; 1 is the positive class.
 * Throws `LogisticRegressionError` with code `INVALID_OPTION`, `INVALID_FEATURES`,
 * `INVALID_LABELS` or `DIVERGED`.
 */
export function fitLogisticRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const { C, penalty, maxIter, tol, seed } = validateFitInput(X, y, options);
  return sagaSolver({
    X,
    ySigned: y.map((label) => (label === 1 ? 1 : -1)),
    alpha: penalty === "l2" ? 1 / C : 0,
    beta: penalty === "l1" ? 1 / C : 0,
    maxIter,
    tol,
    random: seededRandom(seed),
  });
}
