import { describe, expect, it } from "vitest";
import { parseTrainOptions } from "./train-options.js";

describe("parseTrainOptions", () => {
  it("reads the flags the MLproject command and extra -P parameters pass", () => {
    const options = parseTrainOptions(["--C", "1.0", "--penalty", "l2", "--max-iter", "200", "--data", "/d.csv", "--registered-model-name", "m"]);
    // C is logged as written ("1.0"), so it matches the param `sextant run` logged.
    expect(options).toMatchObject({ cText: "1.0", C: 1, penalty: "l2", maxIter: 200, data: "/d.csv", registeredModelName: "m" });
  });

  it("defaults to the MLproject defaults, the bundled dataset and test_model", () => {
    const options = parseTrainOptions([]);
    expect(options).toMatchObject({ cText: "1.0", C: 1, penalty: "l1", registeredModelName: "test_model" });
    expect(options.data).toMatch(/examples\/logistic-regression\/data\/dataset\.csv$/);
  });

  it("names the flag that is wrong", () => {
    expect(() => parseTrainOptions(["--C", "abc"])).toThrow("--C must be a number, got 'abc'");
    expect(() => parseTrainOptions(["--C", "0"])).toThrow("--C must be a number > 0, got 0");
    expect(() => parseTrainOptions(["--penalty", "elasticnet"])).toThrow("--penalty must be l1 or l2, got elasticnet");
    expect(() => parseTrainOptions(["--max-iter", "1.5"])).toThrow("--max-iter must be an integer, got '1.5'");
    expect(() => parseTrainOptions(["--alpha", "1"])).toThrow(/Unknown option '--alpha'/);
  });
});
