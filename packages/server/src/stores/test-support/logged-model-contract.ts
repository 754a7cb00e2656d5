import { describe, expect, it } from "vitest";
import type { LoggedModelStore } from "../logged-model-store.js";
import type { TrackingStore } from "../tracking-store.js";
import { expectMlflowError, newExperiment, newRun, unique } from "./store-fixture.js";

/** A logged-model store under test with the tracking store sharing its database. */
export type LoggedModelHandle = () => { readonly tracking: TrackingStore; readonly loggedModels: LoggedModelStore };

let counter = 0;
const modelId = (): string => `m-${unique("contract").replace("-", "")}${counter++}`;

/** The LoggedModelStore contract: create, finalize, tags, params, delete, search, run outputs. */
export function describeLoggedModelContract(handle: LoggedModelHandle): void {
  describe("logged models", () => {
    it("creates a PENDING model, finalizes it READY, keeps tags and immutable params", async () => {
      const { tracking, loggedModels } = handle();
      const experimentId = await newExperiment(tracking);
      const id = modelId();
      const created = await loggedModels.createLoggedModel({
        modelId: id,
        experimentId,
        name: "clf",
        artifactLocation: `mlflow-artifacts:/${experimentId}/models/${id}/artifacts`,
        modelType: "classifier",
        sourceRunId: "run-1",
        params: [{ key: "C", value: "0.5" }],
        tags: [{ key: "t", value: "1" }],
      });
      expect(created.info).toMatchObject({
        model_id: id,
        experiment_id: experimentId,
        name: "clf",
        status: "LOGGED_MODEL_PENDING",
        model_type: "classifier",
        source_run_id: "run-1",
        tags: [{ key: "t", value: "1" }],
      });
      expect(created.data.params).toEqual([{ key: "C", value: "0.5" }]);
      const ready = await loggedModels.finalizeLoggedModel(id, "LOGGED_MODEL_READY");
      expect(ready.info.status).toBe("LOGGED_MODEL_READY");

      await loggedModels.setLoggedModelTags(id, [
        { key: "t", value: "2" },
        { key: "u", value: "3" },
      ]);
      await loggedModels.deleteLoggedModelTag(id, "u");
      await expectMlflowError(loggedModels.deleteLoggedModelTag(id, "u"), "RESOURCE_DOES_NOT_EXIST", "No tag with key 'u'");
      await loggedModels.logLoggedModelParams(id, [
        { key: "C", value: "0.5" },
        { key: "penalty", value: "l2" },
      ]);
      await expectMlflowError(loggedModels.logLoggedModelParams(id, [{ key: "C", value: "1" }]), "INVALID_PARAMETER_VALUE", "C");
      const got = await loggedModels.getLoggedModel(id);
      expect(got.info.tags).toEqual([{ key: "t", value: "2" }]);
      expect(got.data.params).toEqual([
        { key: "C", value: "0.5" },
        { key: "penalty", value: "l2" },
      ]);

      await loggedModels.deleteLoggedModel(id);
      await expectMlflowError(loggedModels.getLoggedModel(id), "RESOURCE_DOES_NOT_EXIST", `'${id}' not found`);
      await expectMlflowError(loggedModels.finalizeLoggedModel(id, "LOGGED_MODEL_READY"), "RESOURCE_DOES_NOT_EXIST");
    });

    it("refuses a model in a missing experiment", async () => {
      const { loggedModels } = handle();
      await expectMlflowError(
        loggedModels.createLoggedModel({ modelId: modelId(), experimentId: "987654", name: "x", artifactLocation: "/tmp/x", params: [], tags: [] }),
        "RESOURCE_DOES_NOT_EXIST",
      );
    });

    it("searches by experiment, attributes, params and tags, newest first, in pages", async () => {
      const { tracking, loggedModels } = handle();
      const experimentId = await newExperiment(tracking);
      const ids: string[] = [];
      for (const [i, kind] of ["a", "b", "a"].entries()) {
        const id = modelId();
        ids.push(id);
        await loggedModels.createLoggedModel({
          modelId: id,
          experimentId,
          name: `model-${i}`,
          artifactLocation: `/tmp/${id}`,
          params: [{ key: "kind", value: kind }],
          tags: [{ key: "n", value: String(i) }],
        });
        await new Promise((r) => setTimeout(r, 3));
      }
      await loggedModels.finalizeLoggedModel(ids[0]!, "LOGGED_MODEL_READY");
      const search = (extra: Partial<Parameters<LoggedModelStore["searchLoggedModels"]>[0]>) =>
        loggedModels.searchLoggedModels({ experimentIds: [experimentId], filter: [], orderBy: [], maxResults: 100, ...extra });
      expect((await search({})).items.map((m) => m.info.model_id)).toEqual([...ids].reverse());
      const kindA = await search({ filter: [{ type: "parameter", key: "kind", comparator: "=", value: "a" }] });
      expect(kindA.items.map((m) => m.info.name)).toEqual(["model-2", "model-0"]);
      const ready = await search({ filter: [{ type: "attribute", key: "status", comparator: "=", value: "READY" }] });
      expect(ready.items.map((m) => m.info.model_id)).toEqual([ids[0]]);
      const byName = await search({ orderBy: [{ column: "name", ascending: true }] });
      expect(byName.items.map((m) => m.info.name)).toEqual(["model-0", "model-1", "model-2"]);
      const page1 = await search({ maxResults: 2 });
      expect(page1.items).toHaveLength(2);
      const page2 = await search({ maxResults: 2, ...(page1.nextPageToken ? { pageToken: page1.nextPageToken } : {}) });
      expect(page2.items.map((m) => m.info.model_id)).toEqual([ids[0]]);
      expect((await loggedModels.searchLoggedModels({ experimentIds: ["0"], filter: [], orderBy: [], maxResults: 10 })).items.map((m) => m.info.model_id)).not.toContain(ids[0]);
    });

    it("links metrics carrying a model_id, once per point; filters and orders by them", async () => {
      const { tracking, loggedModels } = handle();
      const experimentId = await newExperiment(tracking);
      const runId = (await newRun(tracking, experimentId)).info.run_id;
      const [low, high, none] = [modelId(), modelId(), modelId()];
      for (const id of [low, high, none]) {
        await loggedModels.createLoggedModel({ modelId: id, experimentId, name: id, artifactLocation: `/tmp/${id}`, params: [], tags: [] });
      }
      const point = (model: string, value: number, step: number, dataset?: string) => ({
        key: "acc",
        value,
        timestamp: 1000 + step,
        step,
        model_id: model,
        ...(dataset ? { dataset_name: dataset, dataset_digest: "d" } : {}),
      });
      await loggedModels.logModelMetrics(runId, [point(low, 0.5, 0), point(low, 0.6, 1, "eval"), { key: "untied", value: 1, timestamp: 1, step: 0 }]);
      await loggedModels.logModelMetrics(runId, [point(low, 0.6, 1, "eval"), point(high, Number.NaN, 0), point(high, 0.9, 1)]);
      const lowModel = await loggedModels.getLoggedModel(low);
      expect(lowModel.data.metrics).toEqual([
        { key: "acc", value: 0.5, timestamp: 1000, step: 0, model_id: low, run_id: runId },
        { key: "acc", value: 0.6, timestamp: 1001, step: 1, dataset_name: "eval", dataset_digest: "d", model_id: low, run_id: runId },
      ]);
      expect((await loggedModels.getLoggedModel(high)).data.metrics?.map((m) => m.value)).toEqual([Number.NaN, 0.9]);
      const search = (extra: Partial<Parameters<LoggedModelStore["searchLoggedModels"]>[0]>) =>
        loggedModels.searchLoggedModels({ experimentIds: [experimentId], filter: [], orderBy: [], maxResults: 100, ...extra });
      const above = await search({ filter: [{ type: "metric", key: "acc", comparator: ">", value: 0.55 }] });
      expect(above.items.map((m) => m.info.model_id).sort()).toEqual([low, high].sort());
      const inEval = await search({ filter: [{ type: "metric", key: "acc", comparator: ">", value: 0.55 }], datasets: [{ name: "eval" }] });
      expect(inEval.items.map((m) => m.info.model_id)).toEqual([low]);
      const byLatest = await search({ orderBy: [{ column: "metrics.acc", metricKey: "acc", ascending: false }] });
      expect(byLatest.items.map((m) => m.info.model_id)).toEqual([high, low, none]);
    });

    it("records run outputs once each", async () => {
      const { tracking, loggedModels } = handle();
      const experimentId = await newExperiment(tracking);
      const run = await newRun(tracking, experimentId);
      const id = modelId();
      await loggedModels.createLoggedModel({ modelId: id, experimentId, name: "m", artifactLocation: "/tmp/m", params: [], tags: [] });
      await loggedModels.logOutputs(run.info.run_id, [{ model_id: id, step: 3 }]);
      await loggedModels.logOutputs(run.info.run_id, [{ model_id: id, step: 3 }]);
      expect(await loggedModels.getRunOutputs(run.info.run_id)).toEqual([{ model_id: id, step: 3 }]);
      await expectMlflowError(loggedModels.logOutputs(run.info.run_id, [{ model_id: "m-missing", step: 0 }]), "RESOURCE_DOES_NOT_EXIST");
    });
  });
}
