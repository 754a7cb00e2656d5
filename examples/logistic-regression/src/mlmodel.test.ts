import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { csvDatasetSpec } from "./csv-dataset-spec.js";
import { loadModel } from "./load-model.js";
import { fitLogisticRegression, predict, readDataset } from "./logistic-regression.js";
import { FLAVOR, readMlmodel, saveMlmodel } from "./mlmodel.js";

const DATA = fileURLToPath(new URL("../data/dataset.csv", import.meta.url));

describe("MLmodel folder", () => {
  it("saves the model with flavor, loader and signature, and loads it back to the same predictions", async () => {
    const dataset = await readDataset(DATA);
    const model = fitLogisticRegression(dataset.train.X, dataset.train.y, { C: 0.5, penalty: "l2" });
    const dir = await mkdtemp(join(tmpdir(), "mlmodel-"));
    try {
      const saved = await saveMlmodel(join(dir, "model"), { model, C: 0.5, penalty: "l2", featureNames: dataset.featureNames, runId: "r1" });
      const description = await readMlmodel(join(dir, "model"));
      expect(description).toEqual(saved);
      expect(description.artifact_path).toBe("model");
      expect(description.run_id).toBe("r1");
      expect(description.utc_time_created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      expect(description.flavors[FLAVOR]).toMatchObject({
        loader_module: "@sextant/example-logistic-regression/load-model",
        model_file: "model.json",
        C: 0.5,
        penalty: "l2",
        feature_names: ["x1", "x2"],
      });
      expect(JSON.parse(description.signature.inputs)).toEqual([
        { type: "double", name: "x1", required: true },
        { type: "double", name: "x2", required: true },
      ]);
      expect(JSON.parse(await readFile(join(dir, "model", "model.json"), "utf8")).coef).toEqual([...model.coef]);

      const loaded = await loadModel(join(dir, "model"));
      expect(loaded.predict(dataset.test.X)).toEqual(predict(model, dataset.test.X));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

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
