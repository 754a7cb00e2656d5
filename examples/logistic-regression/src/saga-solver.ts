import { LogisticRegressionError } from "./logistic-regression-error.js";
import type { SeededRandom } from "./seeded-random.js";

/** What the SAGA solver minimises and how long it may run. */
export interface SagaProblem {
  /** Samples, one row each; all rows have the same length. */
  readonly X: readonly (readonly number[])[];
  /** Labels encoded as -1 or +1, one per row of `X`. */
  readonly ySigned: readonly number[];
  /** L2 strength on the summed loss: the objective has `alpha / 2 * ||w||^2`. */
  readonly alpha: number;
  /** L1 strength on the summed loss: the objective has `beta * ||w||_1`. */
  readonly beta: number;
  /** Maximum number of epochs (passes of n random draws). */
  readonly maxIter: number;
  /** Stop when max |w - w_prev| / max |w| <= tol after an epoch. */
  readonly tol: number;
  readonly random: SeededRandom;
}

/** Weights and intercept found by the solver, and how it stopped. */
export interface SagaResult {
  readonly coef: number[];
  readonly intercept: number;
  /** Epochs run. */
  readonly nIter: number;
  /** True when the tolerance test passed before `maxIter` ran out. */
  readonly converged: boolean;
}

/**
 * Minimises `sum_i log(1 + exp(-y_i (w.x_i + b))) + alpha/2 ||w||^2 + beta ||w||_1` with
 * SAGA (Defazio et al. 2014), following scikit-learn's `sag_solver(is_saga=True)` for dense
 * data: the losses are averaged (alpha and beta divided by n), samples are drawn uniformly
 * with replacement, the L2 term shrinks the weights each step, L1 is a proximal
 * soft-threshold, the intercept is fitted without penalty, and the step size is
 * scikit-learn's automatic SAGA step. The stopping test looks at the weights only, as
 * scikit-learn does. Inputs are assumed validated by the caller.
 * Throws `LogisticRegressionError` `DIVERGED` if the weights overflow.
 */
export function sagaSolver(problem: SagaProblem): SagaResult {
  const { X, ySigned, maxIter, tol, random } = problem;
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const alpha = problem.alpha / n;
  const beta = problem.beta / n;
  const step = sagaStepSize(X, alpha);
  const shrink = 1 - step * alpha;
  const threshold = step * beta;

  const w = new Float64Array(d);
  const previous = new Float64Array(d);
  const sumGradient = new Float64Array(d);
  const gradientMemory = new Float64Array(n);
  const seen = new Uint8Array(n);
  let intercept = 0;
  let interceptSumGradient = 0;
  let numSeen = 0;

  for (let epoch = 1; epoch <= maxIter; epoch++) {
    for (let draw = 0; draw < n; draw++) {
      const i = random.nextIndex(n);
      const row = X[i]!;
      if (seen[i] === 0) {
        seen[i] = 1;
        numSeen++;
      }
      let margin = intercept;
      for (let j = 0; j < d; j++) margin += w[j]! * row[j]!;
      const gradient = logLossDerivative(margin, ySigned[i]!);
      const change = gradient - gradientMemory[i]!;
      gradientMemory[i] = gradient;
      // SAGA's unbiased correction uses (1 - 1/numSeen) because the running sum below
      // already contains this sample's new gradient with weight 1/numSeen.
      const correction = step * (1 - 1 / numSeen) * change;
      const average = step / numSeen;
      for (let j = 0; j < d; j++) {
        sumGradient[j] = sumGradient[j]! + change * row[j]!;
        const stepped = shrink * w[j]! - correction * row[j]! - average * sumGradient[j]!;
        w[j] = threshold > 0 ? softThreshold(stepped, threshold) : stepped;
      }
      interceptSumGradient += change;
      intercept -= average * interceptSumGradient + correction;
    }
    if (!Number.isFinite(intercept) || w.some((value) => !Number.isFinite(value))) {
      throw new LogisticRegressionError(
        "DIVERGED",
        `SAGA diverged at epoch ${epoch}: the weights are no longer finite; scale the features (e.g. standardise them) and retry`,
      );
    }
    if (hasConverged(w, previous, tol)) {
      return { coef: Array.from(w), intercept, nIter: epoch, converged: true };
    }
    previous.set(w);
  }
  return { coef: Array.from(w), intercept, nIter: maxIter, converged: false };
}

/** scikit-learn's automatic SAGA step for log loss with an intercept: 1 / (2L + min(2 n alpha, L)). */
function sagaStepSize(X: readonly (readonly number[])[], alphaScaled: number): number {
  let maxSquaredSum = 0;
  for (const row of X) {
    let squared = 0;
    for (const value of row) squared += value * value;
    maxSquaredSum = Math.max(maxSquaredSum, squared);
  }
  const lipschitz = 0.25 * (maxSquaredSum + 1) + alphaScaled;
  const strongConvexity = Math.min(2 * X.length * alphaScaled, lipschitz);
  return 1 / (2 * lipschitz + strongConvexity);
}

/** d/dp of log(1 + exp(-y p)) for y in {-1, +1}, stable for large |p|. */
function logLossDerivative(p: number, y: number): number {
  const z = p * y;
  if (z > 18) return -y * Math.exp(-z);
  if (z < -18) return -y;
  return -y / (Math.exp(z) + 1);
}

/** The proximal operator of `threshold * |w|`. */
function softThreshold(value: number, threshold: number): number {
  if (value > threshold) return value - threshold;
  if (value < -threshold) return value + threshold;
  return 0;
}

/** scikit-learn's test: relative max change of the weights, or nothing moved at all. */
function hasConverged(w: Float64Array, previous: Float64Array, tol: number): boolean {
  let maxWeight = 0;
  let maxChange = 0;
  for (let j = 0; j < w.length; j++) {
    maxWeight = Math.max(maxWeight, Math.abs(w[j]!));
    maxChange = Math.max(maxChange, Math.abs(w[j]! - previous[j]!));
  }
  return maxWeight === 0 ? maxChange === 0 : maxChange / maxWeight <= tol;
}
