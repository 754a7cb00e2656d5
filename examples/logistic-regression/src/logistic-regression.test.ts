import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accuracy,
  type Dataset,
  fitLogisticRegression,
  fromJSON,
  type LogisticRegressionOptions,
  type Penalty,
  predict,
  predictProba,
  readDataset,
  toJSON,
} from "./logistic-regression.js";

const dataPath = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));
const DATASETS = ["dataset.csv", "sparse-signal.csv"] as const;
const CS = [0.01, 0.1, 0.5, 1, 10] as const;
const PENALTIES: readonly Penalty[] = ["l1", "l2"];

const TINY_X = [[0], [1], [2], [3]];
const TINY_Y = [0, 0, 1, 1];

describe("fitLogisticRegression validation", () => {
  const cases: [string, number[][], number[], LogisticRegressionOptions, string, RegExp][] = [
    ["C = 0", TINY_X, TINY_Y, { C: 0 }, "INVALID_OPTION", /C must be a finite number > 0, got 0/],
    ["negative C", TINY_X, TINY_Y, { C: -1 }, "INVALID_OPTION", /C must be .* got -1/],
    ["infinite C", TINY_X, TINY_Y, { C: Number.POSITIVE_INFINITY }, "INVALID_OPTION", /got Infinity/],
    ["NaN C", TINY_X, TINY_Y, { C: Number.NaN }, "INVALID_OPTION", /got NaN/],
    ["unknown penalty", TINY_X, TINY_Y, { penalty: "elasticnet" as Penalty }, "INVALID_OPTION", /penalty must be "l1" or "l2", got "elasticnet"/],
    ["fractional maxIter", TINY_X, TINY_Y, { maxIter: 1.5 }, "INVALID_OPTION", /maxIter must be an integer >= 1/],
    ["negative tol", TINY_X, TINY_Y, { tol: -1 }, "INVALID_OPTION", /tol must be/],
    ["empty X", [], [], {}, "INVALID_FEATURES", /at least one row and one column/],
    ["ragged rows", [[0, 1], [1], [2, 3], [3, 4]], TINY_Y, {}, "INVALID_FEATURES", /X row 1 has 1 values, expected 2 values/],
    ["NaN feature", [[0], [Number.NaN], [2], [3]], TINY_Y, {}, "INVALID_FEATURES", /X\[1\]\[0\] is NaN/],
    ["label 2", TINY_X, [0, 2, 1, 1], {}, "INVALID_LABELS", /y\[1\] is 2; labels must be 0 or 1/],
    ["label -1", TINY_X, [0, -1, 1, 1], {}, "INVALID_LABELS", /y\[1\] is -1/],
    ["y too short", TINY_X, [0, 1], {}, "INVALID_LABELS", /y has 2 labels but X has 4 rows/],
    ["one class only", TINY_X, [1, 1, 1, 1], {}, "INVALID_LABELS", /only class 1/],
  ];
  it.each(cases)("rejects %s", (_name, X, y, options, code, message) => {
    expect(() => fitLogisticRegression(X, y, options)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});

describe("fitLogisticRegression behaviour", () => {
  let data: Dataset;
  let sparse: Dataset;
  beforeAll(async () => {
    data = await readDataset(dataPath("dataset.csv"));
    sparse = await readDataset(dataPath("sparse-signal.csv"));
  });

  it("uses scikit-learn's defaults and converges on the example data", () => {
    const model = fitLogisticRegression(data.train.X, data.train.y);
    expect(model).toEqual(fitLogisticRegression(data.train.X, data.train.y, { C: 1, penalty: "l2", maxIter: 100, tol: 1e-4, seed: 0 }));
    expect(model.converged).toBe(true);
    expect(model.nIter).toBeLessThan(100);
    expect(accuracy(model, data.test.X, data.test.y)).toBeGreaterThan(0.85);
  });

  it("is deterministic for a seed, and other seeds reach nearly the same optimum", () => {
    const first = fitLogisticRegression(data.train.X, data.train.y, { seed: 42 });
    expect(fitLogisticRegression(data.train.X, data.train.y, { seed: 42 })).toEqual(first);
    const other = fitLogisticRegression(data.train.X, data.train.y, { seed: 7 });
    expect(other.coef).not.toEqual(first.coef);
    for (const [j, weight] of other.coef.entries()) expect(weight).toBeCloseTo(first.coef[j]!, 2);
    expect(other.intercept).toBeCloseTo(first.intercept, 2);
  });

  it("zeroes the noise feature with a strong L1 penalty but not with a weak one", () => {
    const strong = fitLogisticRegression(sparse.train.X, sparse.train.y, { penalty: "l1", C: 0.01 });
    const weak = fitLogisticRegression(sparse.train.X, sparse.train.y, { penalty: "l1", C: 10 });
    const ridge = fitLogisticRegression(sparse.train.X, sparse.train.y, { penalty: "l2", C: 0.01 });
    expect(strong.coef[0]).toBeGreaterThan(0.1);
    expect(strong.coef[1]).toBe(0);
    expect(Math.abs(weak.coef[1]!)).toBeGreaterThan(0.05);
    expect(ridge.coef[1]).not.toBe(0);
  });

  it("shrinks the weights as C decreases", () => {
    const norms = CS.map((C) => Math.hypot(...fitLogisticRegression(data.train.X, data.train.y, { C }).coef));
    for (let i = 1; i < norms.length; i++) expect(norms[i]).toBeGreaterThan(norms[i - 1]!);
  });

  it("reports non-convergence when maxIter runs out", () => {
    const model = fitLogisticRegression(data.train.X, data.train.y, { maxIter: 1 });
    expect(model).toMatchObject({ nIter: 1, converged: false });
  });
});

describe("prediction and JSON", () => {
  const model = { coef: [2, -1], intercept: 0.5, nIter: 3, converged: true };

  it("predicts probabilities and labels from the decision value", () => {
    const X = [[0, 0], [-1, 0], [0, 10], [1000, 0]];
    const proba = predictProba(model, X);
    expect(proba[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 12);
    expect(proba[3]).toBe(1);
    expect(predict(model, X)).toEqual([1, 0, 0, 1]);
    expect(accuracy(model, X, [1, 0, 1, 1])).toBe(0.75);
  });

  it("rejects rows whose width differs from the coefficients", () => {
    expect(() => predict(model, [[1, 2, 3]])).toThrow(/X row 0 has 3 values, expected 2 values/);
  });

  it("round-trips through JSON text", () => {
    const text = JSON.stringify(toJSON(model));
    expect(JSON.parse(text)).toMatchObject({ format: "sextant.logistic-regression", version: 1 });
    expect(fromJSON(text)).toEqual(model);
    expect(fromJSON(JSON.parse(text))).toEqual(model);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["another format", { format: "sklearn", version: 1 }, /expected format "sextant.logistic-regression" version 1/],
    ["missing coef", { ...toJSON(model), coef: [] }, /coef must be a non-empty array/],
    ["string intercept", { ...toJSON(model), intercept: "0.5" }, /intercept must be a finite number/],
  ])("fromJSON rejects %s", (_name, json, message) => {
    expect(() => fromJSON(json)).toThrow(expect.objectContaining({ code: "INVALID_MODEL_JSON", message: expect.stringMatching(message) }));
  });
});

describe("agreement with scikit-learn LogisticRegression(solver='saga')", () => {
  const configs = DATASETS.flatMap((file) => PENALTIES.flatMap((penalty) => CS.map((C) => ({ file, penalty, C }))));
  const key = (c: { file: string; penalty: string; C: number }) => `${c.file} ${c.penalty} C=${c.C}`;
  // One Python run shared by all cases; each case awaits it, so a missing sklearn fails every case.
  let reference: Promise<Map<string, SklearnResult>> | undefined;
  const sklearnResult = async (config: { file: string; penalty: string; C: number }) => {
    reference ??= runSklearn(configs).then((results) => new Map(results.map((result) => [key(result), result])));
    return (await reference).get(key(config));
  };

  it.each(configs)("$file penalty=$penalty C=$C", async (config) => {
    const expected = await sklearnResult(config);
    const data = await readDataset(dataPath(config.file));
    expect(expected, `scikit-learn printed no result for ${key(config)}`).toBeDefined();
    const model = fitLogisticRegression(data.train.X, data.train.y, { C: config.C, penalty: config.penalty });
    // Accuracies within 1 percentage point; 1e-9 absorbs float noise in 0.01.
    expect(Math.abs(accuracy(model, data.train.X, data.train.y) - expected!.trainAccuracy)).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(Math.abs(accuracy(model, data.test.X, data.test.y) - expected!.testAccuracy)).toBeLessThanOrEqual(0.01 + 1e-9);
    const ours = [...model.coef, model.intercept];
    const theirs = [...expected!.coef, expected!.intercept];
    ours.forEach((value, j) => {
      const sklearn = theirs[j]!;
      expect(Math.abs(value - sklearn), `parameter ${j}: ours ${value}, sklearn ${sklearn}`).toBeLessThanOrEqual(0.05 + 0.05 * Math.abs(sklearn));
    });
  });
});

interface SklearnResult {
  readonly file: string;
  readonly penalty: Penalty;
  readonly C: number;
  readonly coef: number[];
  readonly intercept: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

// Debian's python3-sklearn lives under /usr/bin/python3; the first python3 on PATH may lack it.
const PYTHON = "/usr/bin/python3";
const SKLEARN_SCRIPT = `
import csv, json, sys, warnings
try:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
except ImportError as error:
    sys.exit(f"scikit-learn is not importable ({error}); install it with: apt-get install -y python3-sklearn")
warnings.simplefilter("ignore")  # ConvergenceWarning is expected for some settings
results = []
for config in json.loads(sys.argv[1]):
    with open(config["path"], newline="") as handle:
        rows = list(csv.DictReader(handle))
    def split(name):
        part = [row for row in rows if row["split"] == name]
        return (np.array([[float(row["x1"]), float(row["x2"])] for row in part]),
                np.array([int(row["y"]) for row in part]))
    X_train, y_train = split("train")
    X_test, y_test = split("test")
    model = LogisticRegression(solver="saga", C=config["C"], penalty=config["penalty"],
                               max_iter=100, tol=1e-4, random_state=0).fit(X_train, y_train)
    results.append({"file": config["file"], "penalty": config["penalty"], "C": config["C"],
                    "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
                    "trainAccuracy": model.score(X_train, y_train), "testAccuracy": model.score(X_test, y_test)})
print(json.dumps(results))
`;

/** Fits every config with scikit-learn in one Python process; rejects (never skips) if Python or sklearn is missing. */
async function runSklearn(configs: readonly { file: string; penalty: Penalty; C: number }[]): Promise<SklearnResult[]> {
  const input = JSON.stringify(configs.map((config) => ({ ...config, path: dataPath(config.file) })));
  try {
    const { stdout } = await promisify(execFile)(PYTHON, ["-c", SKLEARN_SCRIPT, input], { timeout: 60_000 });
    return JSON.parse(stdout) as SklearnResult[];
  } catch (error) {
    // The child-process error repeats the whole script; keep only what says what went wrong.
    const { stderr, message } = error as { stderr?: string; message?: string };
    throw new Error(`scikit-learn reference run with ${PYTHON} failed: ${stderr?.trim() || message}`);
  }
}
