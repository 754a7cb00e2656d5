import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadModel, type LoadedModel } from "./load-model.js";
import { readMlmodel } from "./mlmodel-file.js";
import { writePythonFunction } from "./python-function-flavor.js";
import { saveModel } from "./save-model.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

/**
 * What `mlflow.pyfunc.load_model(<dir>).predict(...)` does with the folder (mlflow/pyfunc/__init__.py,
 * mlflow/utils/model_utils.py, mlflow/types/schema.py), without mlflow installed: read MLmodel,
 * take the python_function flavor, put `code` first on sys.path, import `loader_module`, call
 * `_load_pyfunc(<dir>/<data>)`; parse the signature's column specs and, as schema enforcement
 * does for a column-based signature, hand predict a DataFrame of exactly those columns as
 * float64. Also predicts on the raw forms the loader accepts. Prints JSON.
 */
const PYFUNC_MIMIC = `
import importlib, inspect, json, os, sys
import numpy as np
import pandas as pd
import yaml

model_dir, rows = sys.argv[1], json.loads(sys.argv[2])
with open(os.path.join(model_dir, "MLmodel")) as f:
    meta = yaml.safe_load(f)
conf = meta["flavors"]["python_function"]
if conf.get("code"):
    sys.path = [os.path.join(model_dir, conf["code"])] + sys.path
data_path = os.path.join(model_dir, conf["data"]) if "data" in conf else model_dir
impl = importlib.import_module(conf["loader_module"])._load_pyfunc(data_path)
predict = impl.predict
assert "params" in inspect.signature(predict).parameters

specs = json.loads(meta["signature"]["inputs"])
for spec in specs:
    assert set(spec) == {"type", "name", "required"}, spec
    assert spec["type"] == "double" and spec["required"] is True, spec
names = [s["name"] for s in specs]
raw = pd.DataFrame(rows)
enforced = pd.DataFrame({n: raw[n].astype(np.float64) for n in names})

def labels(out):
    assert isinstance(out, np.ndarray) and out.dtype == np.int64, type(out)
    return [int(v) for v in out]

reordered = raw[list(reversed(names))].copy()
reordered["extra"] = "z"
result = {
    "enforced": labels(predict(enforced, params=None)),
    "reordered": labels(predict(reordered)),
    "dict_of_lists": labels(predict({n: list(raw[n]) for n in names})),
    "records": labels(predict(rows)),
    "list_2d": labels(predict([[r[n] for n in names] for r in rows])),
    "numpy_2d": labels(predict(np.array([[r[n] for n in names] for r in rows], dtype=np.float64))),
    "positional_df": labels(predict(pd.DataFrame([[r[n] for n in names] for r in rows]))),
}
for bad in (pd.DataFrame({names[0]: [1.0]}), [[1.0]], [[1.0, float("nan")]]):
    try:
        predict(bad)
        result.setdefault("errors", []).append(None)
    except Exception as e:
        result.setdefault("errors", []).append(str(e))
print(json.dumps(result))
`;

const MODEL = { coef: [1.75, -2.5], intercept: 0.25, featureNames: ["x1", "x2"], hyperParams: { C: 1, penalty: "l2" } };
const SIGNATURE = {
  inputs: [
    { name: "x1", type: "double" as const },
    { name: "x2", type: "double" as const },
  ],
  outputs: [{ name: "y", type: "long" as const }],
};

/** Deterministic rows around the decision boundary (a small LCG, no Math.random). */
function rowsNearBoundary(n: number): { x1: number; x2: number }[] {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: n }, () => {
    const x1 = (next() - 0.5) * 4;
    return { x1, x2: (MODEL.intercept + MODEL.coef[0]! * x1) / -MODEL.coef[1]! + (next() - 0.5) * 0.01 };
  });
}

async function pyfuncPredict(dir: string, rows: readonly object[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, ["-c", PYFUNC_MIMIC, dir, JSON.stringify(rows)], { timeout: 20_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("python_function flavor (MLflow pyfunc loading, mimicked with /usr/bin/python3)", () => {
  let dir: string;
  let model: LoadedModel;
  const rows = rowsNearBoundary(200);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-pyfunc-"));
    await saveModel(MODEL, dir, { signature: SIGNATURE, inputExample: rows.slice(0, 2) });
    model = await loadModel(dir);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes a python_function flavor, its loader under code/ and MLflow's environment files", async () => {
    const mlmodel = await readMlmodel(dir);
    expect(Object.keys(mlmodel.flavors)).toEqual(["sextant_logreg", "python_function"]);
    expect(mlmodel.flavors.python_function).toEqual({
      loader_module: "sextant_logreg_pyfunc",
      code: "code",
      data: "model.json",
      env: { conda: "conda.yaml", virtualenv: "python_env.yaml" },
      python_version: "3.10",
    });
    expect(model.flavor).toBe("sextant_logreg");
    expect((await readdir(dir)).sort()).toEqual(
      ["MLmodel", "code", "conda.yaml", "input_example.json", "model.json", "python_env.yaml", "requirements.txt"].sort(),
    );
    expect(await readdir(join(dir, "code"))).toEqual(["sextant_logreg_pyfunc.py"]);
    expect(await readFile(join(dir, "requirements.txt"), "utf8")).toBe("mlflow\n");
    expect(parse(await readFile(join(dir, "python_env.yaml"), "utf8"))).toEqual({
      python: "3.10",
      build_dependencies: ["pip"],
      dependencies: ["-r requirements.txt"],
    });
    expect(parse(await readFile(join(dir, "conda.yaml"), "utf8"))).toMatchObject({ dependencies: ["python=3.10", "pip", { pip: ["mlflow"] }] });
  });

  it("predicts in Python exactly what loadModel predicts in TypeScript, for every input form", async () => {
    const expected = await model.predict(rows);
    expect(new Set(expected)).toEqual(new Set([0, 1]));
    const python = await pyfuncPredict(dir, rows);
    for (const form of ["enforced", "reordered", "dict_of_lists", "records", "list_2d", "numpy_2d", "positional_df"]) {
      expect(python[form], form).toEqual(expected);
    }
    expect(python.errors).toEqual([
      "Model is missing inputs ['x2'] (got ['x1']).",
      "Row 0 has 1 features; the model takes 2.",
      "Column 'x2' of row 0 is not a finite number: nan.",
    ]);
  });

  it("loads a model saved without feature names or signature from positional rows only", async () => {
    const bare = await mkdtemp(join(tmpdir(), "sdk-pyfunc-bare-"));
    try {
      await saveModel({ coef: [1, 1], intercept: -1 }, bare);
      const script = [
        "import sys, json; sys.path.insert(0, sys.argv[1] + '/code')",
        "import sextant_logreg_pyfunc as m",
        "impl = m._load_pyfunc(sys.argv[1] + '/model.json')",
        "out = [int(v) for v in impl.predict([[0.2, 0.3], [0.9, 0.9]])]",
        "try:\n    impl.predict([{'a': 1, 'b': 2}])\nexcept Exception as e:\n    out.append(str(e))",
        "print(json.dumps(out))",
      ].join("\n");
      const { stdout } = await run(PYTHON, ["-c", script, bare], { timeout: 20_000 });
      const [a, b, message] = JSON.parse(stdout) as [number, number, string];
      expect([a, b]).toEqual(await (await loadModel(bare)).predict({ columns: ["p", "q"], data: [[0.2, 0.3], [0.9, 0.9]] }));
      expect(message).toMatch(/no feature names.*2-D list/);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it("refuses a loader module that is not a Python identifier", async () => {
    await expect(writePythonFunction(dir, { loaderModule: "a.b-c", source: "", data: "model.json" })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
    });
  });
});
