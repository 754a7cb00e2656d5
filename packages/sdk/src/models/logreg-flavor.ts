import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import type { DataFrame } from "./data-frame.js";
import { LOGREG_PYFUNC_MODULE, LOGREG_PYFUNC_SOURCE } from "./logreg-pyfunc-source.js";
import type { FlavorConfig, ModelFlavor, Predictor } from "./model-flavor.js";
import { writePythonFunction } from "./python-function-flavor.js";

/** A binary logistic regression as TypeScript training code produces it. */
export interface LogisticRegressionParams {
  readonly coef: readonly number[];
  readonly intercept: number;
  readonly nIter?: number;
  readonly converged?: boolean;
  /** Names of the features, in coefficient order (default: from the signature). */
  readonly featureNames?: readonly string[];
  /** Hyper-parameters recorded in MLmodel (e.g. `{C: 0.5, penalty: "l2"}`). */
  readonly hyperParams?: Readonly<Record<string, string | number | boolean>>;
}

/** The flavor name in MLmodel. */
export const LOGREG_FLAVOR_NAME = "sextant_logreg";
const MODEL_FILE = "model.json";
const FORMAT = "sextant.logistic-regression";
const FORMAT_VERSION = 1;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function corrupt(dir: string, why: string): MlflowError {
  return MlflowError.invalidParameter(`The ${LOGREG_FLAVOR_NAME} model in ${dir} is unusable: ${why}.`);
}

/** Predicts labels 0/1 (decision > 0, as scikit-learn) for rows of numbers in coefficient order. */
export function logisticRegressionPredictor(coef: readonly number[], intercept: number): Predictor {
  return {
    predict(frame: DataFrame) {
      return frame.data.map((row, r) => {
        if (row.length !== coef.length) {
          throw new MlflowError("BAD_REQUEST", `Row ${r} has ${row.length} features; the model takes ${coef.length}.`);
        }
        let z = intercept;
        for (let j = 0; j < coef.length; j++) {
          const x = row[j];
          if (typeof x !== "number" || !Number.isFinite(x)) {
            throw new MlflowError("BAD_REQUEST", `Column '${frame.columns[j]}' of row ${r} is not a finite number.`);
          }
          z += coef[j]! * x;
        }
        return z > 0 ? 1 : 0;
      });
    },
  };
}

/**
 * The built-in flavor for logistic regressions trained in TypeScript: `model.json` holds the
 * coefficients (the example project's `toJSON` format), the MLmodel section names the loader
 * module, the file, the feature names and the hyper-parameters. It also describes itself to
 * MLflow's Python pyfunc: `code/sextant_logreg_pyfunc.py` loads `model.json` for
 * `mlflow.pyfunc.load_model` and `mlflow models serve`.
 */
export const LOGREG_FLAVOR: ModelFlavor<LogisticRegressionParams> = {
  name: LOGREG_FLAVOR_NAME,
  accepts(model: unknown): model is LogisticRegressionParams {
    const m = model as LogisticRegressionParams | null;
    return typeof m === "object" && m !== null && Array.isArray(m.coef) && m.coef.every(isFiniteNumber) && isFiniteNumber(m.intercept);
  },
  async save(model, dir) {
    const json = {
      format: FORMAT,
      version: FORMAT_VERSION,
      coef: [...model.coef],
      intercept: model.intercept,
      nIter: model.nIter ?? 0,
      converged: model.converged ?? true,
    };
    await writeFile(join(dir, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
    return {
      loader_module: "@sextant/sdk",
      model_file: MODEL_FILE,
      format: FORMAT,
      format_version: FORMAT_VERSION,
      classes: [0, 1],
      ...(model.featureNames ? { feature_names: [...model.featureNames] } : {}),
      ...(model.hyperParams ?? {}),
    };
  },
  savePythonFunction(_model, dir) {
    return writePythonFunction(dir, { loaderModule: LOGREG_PYFUNC_MODULE, source: LOGREG_PYFUNC_SOURCE, data: MODEL_FILE });
  },
  async load(dir: string, config: FlavorConfig): Promise<Predictor> {
    const file = typeof config.model_file === "string" ? config.model_file : MODEL_FILE;
    let parsed: { coef?: unknown; intercept?: unknown; format?: unknown };
    try {
      parsed = JSON.parse(await readFile(join(dir, file), "utf8"));
    } catch (cause) {
      throw new MlflowError("INVALID_PARAMETER_VALUE", `Cannot read ${join(dir, file)}: ${(cause as Error).message}`, { cause });
    }
    if (parsed.format !== FORMAT) throw corrupt(dir, `expected format ${FORMAT}, got ${String(parsed.format)}`);
    if (!Array.isArray(parsed.coef) || parsed.coef.length === 0 || !parsed.coef.every(isFiniteNumber)) {
      throw corrupt(dir, "coef must be a non-empty list of finite numbers");
    }
    if (!isFiniteNumber(parsed.intercept)) throw corrupt(dir, "intercept must be a finite number");
    return logisticRegressionPredictor(parsed.coef, parsed.intercept);
  },
};
