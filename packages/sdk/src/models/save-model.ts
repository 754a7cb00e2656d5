import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DataFrame, type ModelInput, toDataFrame } from "./data-frame.js";
import { defaultFlavorRegistry, type FlavorRegistry } from "./flavor-registry.js";
import { type MlmodelFile, utcTimeCreated, writeMlmodel } from "./mlmodel-file.js";
import { type ColumnType, type ModelSignature, signatureToMlmodel } from "./model-signature.js";
import { PYTHON_FUNCTION_FLAVOR_NAME } from "./python-function-flavor.js";

/** Options of `saveModel`. */
export interface SaveModelOptions {
  readonly signature?: ModelSignature;
  /** A few rows saved as `input_example.json` (also used to infer a missing signature). */
  readonly inputExample?: ModelInput;
  /** Flavors to pick from (default: the built-ins). */
  readonly flavors?: FlavorRegistry;
  readonly artifactPath?: string;
  readonly runId?: string;
  readonly modelId?: string;
}

const INPUT_EXAMPLE_FILE = "input_example.json";

function typeOf(value: unknown): ColumnType {
  if (typeof value === "number") return Number.isInteger(value) ? "long" : "double";
  if (typeof value === "boolean") return "boolean";
  return "string";
}

/** A column signature inferred from example rows: numbers are double (long if all integers). */
export function inferSignature(example: DataFrame): ModelSignature {
  return {
    inputs: example.columns.map((name, i) => {
      const types = new Set(example.data.map((row) => typeOf(row[i])));
      const type: ColumnType = types.size === 1 ? [...types][0]! : [...types].every((t) => t === "long" || t === "double") ? "double" : "string";
      return { name: String(name), type: type === "long" ? "double" : type, required: true };
    }),
  };
}

/**
 * Writes an MLflow model folder into `dir`: the flavor's files, `MLmodel` (flavor section,
 * signature, uuid, creation time, run/model ids) and, when given, `input_example.json` in
 * pandas' split orientation. A flavor with `savePythonFunction` (the built-in logistic
 * regression) also gets a `python_function` section, its Python loader under `code/` and
 * MLflow's environment files, so `mlflow.pyfunc.load_model` and `mlflow models serve` work. Returns the MLmodel description. INVALID_PARAMETER_VALUE when
 * no flavor can save `model`; rejects with file-system errors.
 */
export async function saveModel(model: unknown, dir: string, options: SaveModelOptions = {}): Promise<MlmodelFile> {
  await mkdir(dir, { recursive: true });
  const flavor = (options.flavors ?? defaultFlavorRegistry()).forModel(model);
  const config = await flavor.save(model, dir);
  const pyfunc = flavor.name === PYTHON_FUNCTION_FLAVOR_NAME ? undefined : await flavor.savePythonFunction?.(model, dir);
  const example = options.inputExample === undefined ? undefined : toDataFrame(options.inputExample);
  if (example) await writeFile(join(dir, INPUT_EXAMPLE_FILE), `${JSON.stringify({ columns: example.columns, data: example.data })}\n`);
  const signature = options.signature ?? (example ? inferSignature(example) : undefined);
  const description: MlmodelFile = {
    ...(options.artifactPath ? { artifact_path: options.artifactPath } : {}),
    flavors: { [flavor.name]: config, ...(pyfunc ? { [PYTHON_FUNCTION_FLAVOR_NAME]: pyfunc } : {}) },
    model_uuid: randomUUID().replaceAll("-", ""),
    ...(options.runId ? { run_id: options.runId } : {}),
    ...(options.modelId ? { model_id: options.modelId } : {}),
    utc_time_created: utcTimeCreated(),
    ...(signature ? { signature: signatureToMlmodel(signature) } : {}),
    ...(example
      ? { saved_input_example_info: { artifact_path: INPUT_EXAMPLE_FILE, type: "dataframe", pandas_orient: "split" } }
      : {}),
  };
  await writeMlmodel(dir, description);
  return description;
}
