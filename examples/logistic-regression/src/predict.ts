import type { LogisticRegressionModel } from "./logistic-regression.js";
import { LogisticRegressionError } from "./logistic-regression-error.js";
import { validateFeatures } from "./validate-fit-input.js";

type Model = Pick<LogisticRegressionModel, "coef" | "intercept">;

/**
 * P(y = 1 | x) for each row of X. Throws `LogisticRegressionError` `INVALID_FEATURES` if
 * X is empty, non-finite, or its rows do not have one value per coefficient.
 */
export function predictProba(model: Model, X: readonly (readonly number[])[]): number[] {
  validateFeatures(X, model.coef.length);
  return X.map((row) => sigmoid(decision(model, row)));
}

/**
 * Predicted 0/1 labels: 1 where the decision value is positive (probability > 0.5), as
 * scikit-learn predicts. Throws like `predictProba`.
 */
export function predict(model: Model, X: readonly (readonly number[])[]): number[] {
  validateFeatures(X, model.coef.length);
  return X.map((row) => (decision(model, row) > 0 ? 1 : 0));
}

/**
 * Fraction of rows whose predicted label equals `y`, in [0, 1]. Throws like `predictProba`,
 * or `INVALID_LABELS` if `y` does not have one label per row.
 */
export function accuracy(model: Model, X: readonly (readonly number[])[], y: readonly number[]): number {
  if (y.length !== X.length) {
    throw new LogisticRegressionError("INVALID_LABELS", `y has ${y.length} labels but X has ${X.length} rows`);
  }
  const predicted = predict(model, X);
  return predicted.filter((label, i) => label === y[i]).length / y.length;
}

function decision(model: Model, row: readonly number[]): number {
  let value = model.intercept;
  model.coef.forEach((weight, j) => {
    value += weight * row[j]!;
  });
  return value;
}

/** Logistic function without overflow for large |z|. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
