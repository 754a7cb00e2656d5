import type { DatasetInput } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { expectMlflowError, newExperiment, newRun, type StoreHandle, unique } from "./store-fixture.js";

/** A dataset input with a local CSV source and, when given, its `mlflow.data.context` tag. */
export function dataset(name: string, digest: string, context?: string, extra: Partial<DatasetInput["dataset"]> = {}): DatasetInput {
  return {
    ...(context === undefined ? {} : { tags: [{ key: "mlflow.data.context", value: context }] }),
    dataset: { name, digest, source_type: "local", source: `{"uri": "/data/${name}.csv"}`, ...extra },
  };
}

/** Dataset inputs: unique per experiment by (name, digest), linked to runs once, with tags. */
export function describeInputContract(handle: () => StoreHandle): void {
  describe("dataset inputs", () => {
    it("logs datasets with their tags and returns them with the run", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store));
      const id = run.info.run_id;
      await store.logInputs(id, [
        dataset("train", "d1", "training", { schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 3}' }),
        dataset("eval", "d2", "evaluation"),
      ]);
      const inputs = (await store.getRun(id)).inputs?.dataset_inputs ?? [];
      expect(inputs).toHaveLength(2);
      const train = inputs.find((i) => i.dataset.name === "train");
      expect(train).toEqual({
        tags: [{ key: "mlflow.data.context", value: "training" }],
        dataset: {
          name: "train",
          digest: "d1",
          source_type: "local",
          source: '{"uri": "/data/train.csv"}',
          schema: '{"mlflow_colspec": []}',
          profile: '{"num_rows": 3}',
        },
      });
      expect(inputs.find((i) => i.dataset.name === "eval")?.dataset).not.toHaveProperty("schema");
    });

    it("links a dataset to a run once, reuses it across runs of the experiment, and keeps the first of duplicates", async () => {
      const { store } = handle();
      const experimentId = await newExperiment(store);
      const a = (await newRun(store, experimentId)).info.run_id;
      const b = (await newRun(store, experimentId)).info.run_id;
      await store.logInputs(a, [dataset("shared", "x", "training"), dataset("shared", "x", "ignored-duplicate")]);
      await store.logInputs(a, [dataset("shared", "x", "training")]);
      await store.logInputs(b, [dataset("shared", "x", "evaluation", { source: "changed" })]);
      const inputsA = (await store.getRun(a)).inputs?.dataset_inputs ?? [];
      const inputsB = (await store.getRun(b)).inputs?.dataset_inputs ?? [];
      expect(inputsA).toHaveLength(1);
      expect(inputsA[0]?.tags).toEqual([{ key: "mlflow.data.context", value: "training" }]);
      expect(inputsB).toHaveLength(1);
      expect(inputsB[0]?.tags).toEqual([{ key: "mlflow.data.context", value: "evaluation" }]);
      // Same (name, digest) in the same experiment is the same dataset: the first source stays.
      expect(inputsB[0]?.dataset.source).toBe('{"uri": "/data/shared.csv"}');
      await store.logInputs(a, []);
      expect((await store.getRun(a)).inputs?.dataset_inputs).toHaveLength(1);
    });

    it("links logged models as model inputs once each (MLflow 3.x), and refuses a missing model", async () => {
      const { store } = handle();
      const models = store.modelStores?.();
      if (!models) return; // a backend without logged models has no model inputs to link
      const experimentId = await newExperiment(store);
      const runId = (await newRun(store, experimentId)).info.run_id;
      const modelId = `m-${unique("input").replace(/[^a-f0-9]/g, "").padEnd(32, "0")}`;
      await models.loggedModels.createLoggedModel({
        modelId,
        experimentId,
        name: "scorer",
        artifactLocation: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
        params: [],
        tags: [],
      });
      await store.logInputs(runId, [dataset("train", "d1")], [{ model_id: modelId }, { model_id: modelId }]);
      await store.logInputs(runId, [], [{ model_id: modelId }]);
      const inputs = (await store.getRun(runId)).inputs;
      expect(inputs?.model_inputs).toEqual([{ model_id: modelId }]);
      expect(inputs?.dataset_inputs).toHaveLength(1);
      await expectMlflowError(
        store.logInputs(runId, [], [{ model_id: "m-ffffffffffffffffffffffffffffffff" }]),
        "RESOURCE_DOES_NOT_EXIST",
        "Logged model with ID 'm-ffffffffffffffffffffffffffffffff' not found.",
      );
    });
  });
}
