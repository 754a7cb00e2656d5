import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { stringify } from "yaml";
import type { FlavorConfig } from "./model-flavor.js";

/** MLflow's generic flavor (mlflow.pyfunc.FLAVOR_NAME): what `mlflow.pyfunc.load_model` reads. */
export const PYTHON_FUNCTION_FLAVOR_NAME = "python_function";

/** The Python minor version written into the environment files (any 3.x runs the loader). */
export const DEFAULT_PYFUNC_PYTHON_VERSION = "3.10";

/** What a flavor hands `writePythonFunction` to make its folder loadable by MLflow's pyfunc. */
export interface PythonFunctionSpec {
  /** Module imported by `importlib.import_module` (a file `code/<module>.py`). */
  readonly loaderModule: string;
  /** The module's Python source; it must define `_load_pyfunc(path)`. */
  readonly source: string;
  /** The model file (relative to the folder) passed to `_load_pyfunc`. */
  readonly data: string;
  /** Python packages the loader needs besides `mlflow` (requirements.txt lines). */
  readonly requirements?: readonly string[];
  /** `python_version` of the flavor and the environments (default `DEFAULT_PYFUNC_PYTHON_VERSION`). */
  readonly pythonVersion?: string;
}

const CODE_DIR = "code";
const CONDA_FILE = "conda.yaml";
const PYTHON_ENV_FILE = "python_env.yaml";
const REQUIREMENTS_FILE = "requirements.txt";
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Writes the Python side of a model folder the way `mlflow.pyfunc.save_model` lays it out:
 * `code/<loaderModule>.py`, `requirements.txt`, `python_env.yaml` (for
 * `--env-manager virtualenv`, MLflow's serving default) and `conda.yaml`; returns the
 * `python_function` section (`loader_module`, `code`, `data`, `env`, `python_version`).
 * `mlflow.pyfunc.load_model` puts `code/` first on `sys.path`, imports the module and calls
 * `_load_pyfunc(<folder>/<data>)`. INVALID_PARAMETER_VALUE for a loader module that is not a
 * plain Python identifier; rejects with file-system errors.
 */
export async function writePythonFunction(dir: string, spec: PythonFunctionSpec): Promise<FlavorConfig> {
  if (!MODULE_NAME.test(spec.loaderModule)) {
    throw MlflowError.invalidParameter(
      `loaderModule '${spec.loaderModule}' must be a Python module name (letters, digits, '_'; no dots) to be written as ${CODE_DIR}/<module>.py.`,
    );
  }
  const python = spec.pythonVersion ?? DEFAULT_PYFUNC_PYTHON_VERSION;
  const requirements = ["mlflow", ...(spec.requirements ?? [])];
  await mkdir(join(dir, CODE_DIR), { recursive: true });
  await writeFile(join(dir, CODE_DIR, `${spec.loaderModule}.py`), spec.source);
  await writeFile(join(dir, REQUIREMENTS_FILE), `${requirements.join("\n")}\n`);
  await writeFile(
    join(dir, PYTHON_ENV_FILE),
    stringify({ python, build_dependencies: ["pip"], dependencies: [`-r ${REQUIREMENTS_FILE}`] }),
  );
  await writeFile(
    join(dir, CONDA_FILE),
    stringify({ channels: ["conda-forge"], dependencies: [`python=${python}`, "pip", { pip: requirements }], name: "mlflow-env" }),
  );
  return {
    loader_module: spec.loaderModule,
    code: CODE_DIR,
    data: spec.data,
    env: { conda: CONDA_FILE, virtualenv: PYTHON_ENV_FILE },
    python_version: python,
  };
}
