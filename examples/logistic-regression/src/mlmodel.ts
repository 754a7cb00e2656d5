import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { type LogisticRegressionJSON, type LogisticRegressionModel, type Penalty, toJSON } from "./logistic-regression.js";

/** Name of this example's model flavor in MLmodel files. */
export const FLAVOR = "sextant_logreg";
/** The module that loads such a model (exports `loadModel(dir)`). */
export const LOADER_MODULE = "@sextant/example-logistic-regression/load-model";
/** File holding the coefficients, inside the model folder. */
export const MODEL_FILE = "model.json";

/** The flavor section of MLmodel. */
export interface LogRegFlavor {
  readonly loader_module: string;
  readonly model_file: string;
  readonly format: string;
  readonly format_version: number;
  readonly C: number;
  readonly penalty: Penalty;
  readonly classes: readonly number[];
  readonly feature_names: readonly string[];
}

/** An MLmodel file's content, as MLflow structures it. */
export interface MlmodelDescription {
  readonly artifact_path: string;
  readonly flavors: { readonly [FLAVOR]: LogRegFlavor };
  readonly model_uuid: string;
  readonly run_id?: string;
  readonly utc_time_created: string;
  readonly signature: { readonly inputs: string; readonly outputs: string };
}

/** What `saveMlmodel` writes. */
export interface SaveMlmodelInput {
  readonly model: LogisticRegressionModel;
  readonly C: number;
  readonly penalty: Penalty;
  readonly featureNames: readonly string[];
  readonly runId?: string;
  /** Artifact path the folder is logged under (default "model"). */
  readonly artifactPath?: string;
}

/**
 * Writes an MLflow model folder: `MLmodel` (YAML: the `sextant_logreg` flavor with its
 * loader module, model file and hyper-parameters, a column signature with one double input
 * per feature and a long output `y`, uuid, run id and creation time) and `model.json`
 * (coefficients and intercept). Returns the MLmodel description (also what
 * `runs/log-model` records). Rejects with the file-system error.
 */
export async function saveMlmodel(dir: string, input: SaveMlmodelInput): Promise<MlmodelDescription> {
  await mkdir(dir, { recursive: true });
  const json: LogisticRegressionJSON = toJSON(input.model);
  const description: MlmodelDescription = {
    artifact_path: input.artifactPath ?? "model",
    flavors: {
      [FLAVOR]: {
        loader_module: LOADER_MODULE,
        model_file: MODEL_FILE,
        format: json.format,
        format_version: json.version,
        C: input.C,
        penalty: input.penalty,
        classes: [0, 1],
        feature_names: [...input.featureNames],
      },
    },
    model_uuid: randomUUID().replaceAll("-", ""),
    ...(input.runId === undefined ? {} : { run_id: input.runId }),
    // MLflow's format: "%Y-%m-%d %H:%M:%S.%f" in UTC.
    utc_time_created: new Date().toISOString().replace("T", " ").replace("Z", "000"),
    signature: {
      inputs: JSON.stringify(input.featureNames.map((name) => ({ type: "double", name, required: true }))),
      outputs: JSON.stringify([{ type: "long", name: "y", required: true }]),
    },
  };
  await writeFile(join(dir, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(join(dir, "MLmodel"), stringify(description));
  return description;
}

/** Reads the MLmodel file of a model folder. Rejects if it is missing or not YAML. */
export async function readMlmodel(dir: string): Promise<MlmodelDescription> {
  return parse(await readFile(join(dir, "MLmodel"), "utf8")) as MlmodelDescription;
}
