import { readFile } from "node:fs/promises";
import { LogisticRegressionError } from "./logistic-regression-error.js";

/** Features and 0/1 labels of one split, rows in file order. */
export interface DatasetSplit {
  readonly X: number[][];
  readonly y: number[];
}

/** A dataset read from CSV: feature column names plus the train and test splits. */
export interface Dataset {
  readonly featureNames: readonly string[];
  readonly train: DatasetSplit;
  readonly test: DatasetSplit;
}

const LABEL = "y";
const SPLIT = "split";

/**
 * Reads a CSV file with a header naming the feature columns plus `y` (0 or 1) and `split`
 * (`train` or `test`), e.g. `x1,x2,y,split`. Feature columns are every other column, in
 * header order. Throws `LogisticRegressionError` `MALFORMED_DATASET` naming the file and
 * line; a file that cannot be read rejects with the file-system error.
 */
export async function readDataset(path: string): Promise<Dataset> {
  return parseDataset(await readFile(path, "utf8"), path);
}

/**
 * Parses the CSV text `readDataset` reads; `source` names it in error messages.
 * Blank lines are skipped; quoting is not supported (values are plain numbers and words).
 */
export function parseDataset(text: string, source: string): Dataset {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((name) => name.trim());
  const fail = (line: number, problem: string) =>
    new LogisticRegressionError("MALFORMED_DATASET", `${source}:${line}: ${problem}`);
  for (const required of [LABEL, SPLIT]) {
    if (!header.includes(required)) {
      throw fail(1, `header "${lines[0] ?? ""}" is missing column "${required}" (expected e.g. x1,x2,y,split)`);
    }
  }
  const labelIndex = header.indexOf(LABEL);
  const splitIndex = header.indexOf(SPLIT);
  const featureIndexes = header.flatMap((_, i) => (i === labelIndex || i === splitIndex ? [] : [i]));
  if (featureIndexes.length === 0) throw fail(1, "header has no feature columns besides y and split");
  const emptyName = featureIndexes.find((i) => header[i] === "");
  if (emptyName !== undefined) throw fail(1, `header column ${emptyName + 1} has no name`);

  const train: DatasetSplit = { X: [], y: [] };
  const test: DatasetSplit = { X: [], y: [] };
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === "") return;
    const cells = raw.split(",").map((cell) => cell.trim());
    if (cells.length !== header.length) {
      throw fail(line, `expected ${header.length} values (${header.join(",")}), got ${cells.length}`);
    }
    const features = featureIndexes.map((i) => {
      const value = Number(cells[i]);
      if (cells[i] === "" || !Number.isFinite(value)) {
        throw fail(line, `column "${header[i]}" is "${cells[i]}", expected a finite number`);
      }
      return value;
    });
    const label = cells[labelIndex];
    if (label !== "0" && label !== "1") throw fail(line, `column "y" is "${label}", expected 0 or 1`);
    const split = cells[splitIndex];
    if (split !== "train" && split !== "test") {
      throw fail(line, `column "split" is "${split}", expected train or test`);
    }
    const target = split === "train" ? train : test;
    target.X.push(features);
    target.y.push(Number(label));
  });
  return { featureNames: featureIndexes.map((i) => header[i]!), train, test };
}
