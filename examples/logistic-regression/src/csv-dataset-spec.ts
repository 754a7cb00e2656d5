import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DatasetSpec } from "@sextant/sdk";
import type { Dataset } from "./logistic-regression.js";

/** Length of a dataset digest, as MLflow's digests (an 8-character hash prefix). */
export const DIGEST_LENGTH = 8;

/**
 * Describes a CSV file read with `readDataset` as the run's dataset input: name (file name
 * without extension), digest (the first 8 hex characters of the SHA-256 of the file's bytes,
 * MLflow's digest length; the full SHA-256 is in the profile), source `{"uri": "file:///…"}`
 * of type `local`, an MLflow column schema, and a profile with the row counts per split.
 * Rejects when the file cannot be read.
 */
export async function csvDatasetSpec(path: string, dataset: Dataset): Promise<DatasetSpec> {
  const absolute = resolve(path);
  const sha256 = createHash("sha256")
    .update(await readFile(absolute))
    .digest("hex");
  const columns = [
    ...dataset.featureNames.map((name) => ({ type: "double", name, required: true })),
    { type: "long", name: "y", required: true },
    { type: "string", name: "split", required: true },
  ];
  return {
    name: basename(absolute, extname(absolute)),
    digest: sha256.slice(0, DIGEST_LENGTH),
    source: JSON.stringify({ uri: pathToFileURL(absolute).href }),
    sourceType: "local",
    schema: JSON.stringify({ mlflow_colspec: columns }),
    profile: JSON.stringify({
      num_rows: dataset.train.y.length + dataset.test.y.length,
      train_rows: dataset.train.y.length,
      test_rows: dataset.test.y.length,
      sha256,
    }),
  };
}
