import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDataset, readDataset } from "./read-dataset.js";

const dataPath = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

describe("readDataset", () => {
  it.each(["dataset.csv", "sparse-signal.csv"])("reads %s as 300 train and 100 test rows", async (file) => {
    const data = await readDataset(dataPath(file));
    expect(data.featureNames).toEqual(["x1", "x2"]);
    expect(data.train.X).toHaveLength(300);
    expect(data.train.y).toHaveLength(300);
    expect(data.test.X).toHaveLength(100);
    expect(new Set([...data.train.y, ...data.test.y])).toEqual(new Set([0, 1]));
  });

  it("keeps file order within each split and takes features from any column order", () => {
    const text = "y,x1,split,x2\r\n1,0.5,train,-1\n0,2,test,3\n\n0,-4,train,1e-3\n";
    expect(parseDataset(text, "inline.csv")).toEqual({
      featureNames: ["x1", "x2"],
      train: { X: [[0.5, -1], [-4, 0.001]], y: [1, 0] },
      test: { X: [[2, 3]], y: [0] },
    });
  });

  it.each([
    ["a missing label column", "x1,x2,split\n1,2,train\n", /^bad\.csv:1: header "x1,x2,split" is missing column "y"/],
    ["a missing split column", "x1,x2,y\n1,2,0\n", /^bad\.csv:1: .*missing column "split"/],
    ["no feature columns", "y,split\n1,train\n", /^bad\.csv:1: header has no feature columns/],
    ["a short row", "x1,x2,y,split\n1,2,0,train\n1,2,0\n", /^bad\.csv:3: expected 4 values \(x1,x2,y,split\), got 3/],
    ["a non-numeric feature", "x1,x2,y,split\n1,abc,0,train\n", /^bad\.csv:2: column "x2" is "abc", expected a finite number/],
    ["an empty feature", "x1,x2,y,split\n,1,0,train\n", /^bad\.csv:2: column "x1" is ""/],
    ["a label of 2", "x1,x2,y,split\n1,2,2,train\n", /^bad\.csv:2: column "y" is "2", expected 0 or 1/],
    ["an unknown split", "x1,x2,y,split\n1,2,1,validation\n", /^bad\.csv:2: column "split" is "validation", expected train or test/],
  ])("rejects %s, naming file and line", (_name, text, message) => {
    expect(() => parseDataset(text, "bad.csv")).toThrow(
      expect.objectContaining({ code: "MALFORMED_DATASET", message: expect.stringMatching(message) }),
    );
  });

  it("rejects a file that does not exist with the file-system error", async () => {
    await expect(readDataset(dataPath("missing.csv"))).rejects.toThrow(/ENOENT/);
  });
});
