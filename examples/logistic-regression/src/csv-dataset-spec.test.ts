import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { csvDatasetSpec } from "./csv-dataset-spec.js";
import { readDataset } from "./logistic-regression.js";

const DATA = fileURLToPath(new URL("../data/dataset.csv", import.meta.url));

describe("csvDatasetSpec", () => {
  it("describes the CSV as a dataset input with an 8-character digest of its bytes", async () => {
    const spec = await csvDatasetSpec(DATA, await readDataset(DATA));
    expect(spec).toMatchObject({ name: "dataset", sourceType: "local" });
    expect(spec.digest).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.parse(spec.source).uri).toMatch(/^file:\/\/.*\/data\/dataset\.csv$/);
    const profile = JSON.parse(spec.profile!);
    expect(profile).toMatchObject({ num_rows: 400, test_rows: 100, train_rows: 300 });
    expect(profile.sha256.startsWith(spec.digest)).toBe(true);
  });
});
