import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fromJSON, LogisticRegressionError, type LogisticRegressionModel, predict, predictProba } from "./logistic-regression.js";
import { FLAVOR, type LogRegFlavor, readMlmodel } from "./mlmodel.js";

/** A model loaded from an MLmodel folder, ready to predict. */
export interface LoadedModel {
  readonly model: LogisticRegressionModel;
  readonly flavor: LogRegFlavor;
  /** Predicted 0/1 labels, one per row of features (in `flavor.feature_names` order). */
  predict(X: readonly (readonly number[])[]): number[];
  /** P(y = 1) per row. */
  predictProba(X: readonly (readonly number[])[]): number[];
}

/**
 * The loader named by the flavor's `loader_module`: loads a model folder written by
 * `saveMlmodel` (e.g. downloaded from a run's `model` artifact). Throws
 * `LogisticRegressionError` INVALID_MODEL_JSON when MLmodel has no `sextant_logreg` flavor
 * or the coefficients are invalid; rejects when the files cannot be read.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const description = await readMlmodel(dir);
  const flavor = description?.flavors?.[FLAVOR];
  if (!flavor) {
    throw new LogisticRegressionError("INVALID_MODEL_JSON", `${join(dir, "MLmodel")} has no ${FLAVOR} flavor`);
  }
  const model = fromJSON(await readFile(join(dir, flavor.model_file), "utf8"));
  return {
    model,
    flavor,
    predict: (X) => predict(model, X),
    predictProba: (X) => predictProba(model, X),
  };
}
