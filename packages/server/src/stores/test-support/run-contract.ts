import { describe, expect, it } from "vitest";
import { expectMlflowError, metric, newExperiment, newRun, type StoreHandle } from "./store-fixture.js";

const MISSING_RUN = "0123456789abcdef0123456789abcdef";

/** Runs: creation, lookup, update, lifecycle, tags, params (immutable) and batch atomicity. */
export function describeRunContract(handle: () => StoreHandle): void {
  describe("runs", () => {
    it("creates a RUNNING run with a 32-hex id, its name tag and an artifact URI under the experiment", async () => {
      const { store } = handle();
      const experimentId = await newExperiment(store);
      const experiment = await store.getExperiment(experimentId);
      const run = await store.createRun({
        experimentId,
        runName: "brave-owl-1",
        userId: "bob",
        startTime: 1_700_000_000_123,
        tags: [{ key: "source", value: "notebook" }],
      });
      const id = run.info.run_id;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(run.info).toEqual({
        run_id: id,
        run_uuid: id,
        run_name: "brave-owl-1",
        experiment_id: experimentId,
        user_id: "bob",
        status: "RUNNING",
        start_time: 1_700_000_000_123,
        artifact_uri: `${experiment.artifact_location}/${id}/artifacts`,
        lifecycle_stage: "active",
      });
      expect(run.data.tags).toEqual([
        { key: "mlflow.runName", value: "brave-owl-1" },
        { key: "source", value: "notebook" },
      ]);
      const fetched = await store.getRun(id);
      expect(fetched).toEqual({
        info: run.info,
        data: { metrics: [], params: [], tags: run.data.tags },
        inputs: { dataset_inputs: [] },
      });
      expect(await store.getRunInfo(id)).toEqual(run.info);
    });

    it("takes the run name from the mlflow.runName tag when no name is given", async () => {
      const { store } = handle();
      const experimentId = await newExperiment(store);
      const run = await store.createRun({
        experimentId,
        runName: "",
        userId: "u",
        startTime: 1,
        tags: [{ key: "mlflow.runName", value: "from-tag" }],
      });
      expect(run.info.run_name).toBe("from-tag");
      expect((await store.getRun(run.info.run_id)).info.run_name).toBe("from-tag");
    });

    it("refuses a run in a missing experiment and reports missing runs with MLflow's message", async () => {
      const { store } = handle();
      await expectMlflowError(newRun(store, "987650"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987650 exists");
      const message = `Run with id=${MISSING_RUN} not found`;
      await expectMlflowError(store.getRun(MISSING_RUN), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(store.getRunInfo(MISSING_RUN), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(store.updateRun(MISSING_RUN, { status: "FINISHED" }), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(store.setRunLifecycle(MISSING_RUN, "deleted"), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(store.deleteTag(MISSING_RUN, "k"), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(
        store.logBatch(MISSING_RUN, { metrics: [metric("m", 1)], params: [], tags: [] }),
        "RESOURCE_DOES_NOT_EXIST",
        message,
      );
      await expectMlflowError(store.logBatch(MISSING_RUN, { metrics: [], params: [], tags: [] }), "RESOURCE_DOES_NOT_EXIST", message);
      await expectMlflowError(store.logInputs(MISSING_RUN, []), "RESOURCE_DOES_NOT_EXIST", message);
    });

    it("updates status, end time and name (the name tag follows)", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store), { runName: "first" });
      const id = run.info.run_id;
      const finished = await store.updateRun(id, { status: "FINISHED", endTime: 1_700_000_100_000 });
      expect(finished.info).toMatchObject({ status: "FINISHED", end_time: 1_700_000_100_000, run_name: "first" });
      const renamed = await store.updateRun(id, { runName: "second" });
      expect(renamed.info).toMatchObject({ status: "FINISHED", end_time: 1_700_000_100_000, run_name: "second" });
      expect(renamed.data.tags).toContainEqual({ key: "mlflow.runName", value: "second" });
      const again = await store.updateRun(id, { status: "FAILED" });
      expect(again.info).toMatchObject({ status: "FAILED", run_name: "second" });
    });

    it("deletes and restores a run (lifecycle_stage is what the service checks)", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store));
      await store.setRunLifecycle(run.info.run_id, "deleted");
      expect((await store.getRunInfo(run.info.run_id)).lifecycle_stage).toBe("deleted");
      const notActive = `The run ${run.info.run_id} must be in the 'active' state. Current state is deleted.`;
      await expectMlflowError(store.logBatch(run.info.run_id, { metrics: [metric("m", 1)], params: [], tags: [] }), "INVALID_PARAMETER_VALUE", notActive);
      await expectMlflowError(store.logBatch(run.info.run_id, { metrics: [], params: [], tags: [] }), "INVALID_PARAMETER_VALUE", notActive);
      await store.setRunLifecycle(run.info.run_id, "active");
      expect((await store.getRun(run.info.run_id)).info.lifecycle_stage).toBe("active");
    });

    it("sets tags (last value wins), renames via mlflow.runName and deletes tags", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store), { runName: "n1" });
      const id = run.info.run_id;
      await store.logBatch(id, {
        metrics: [],
        params: [],
        tags: [
          { key: "z", value: "1" },
          { key: "z", value: "2" },
          { key: "mlflow.runName", value: "n2" },
        ],
      });
      await store.logBatch(id, { metrics: [], params: [], tags: [{ key: "y", value: "Y" }] });
      const fetched = await store.getRun(id);
      expect(fetched.info.run_name).toBe("n2");
      expect(fetched.data.tags).toEqual([
        { key: "mlflow.runName", value: "n2" },
        { key: "y", value: "Y" },
        { key: "z", value: "2" },
      ]);
      await store.deleteTag(id, "y");
      expect((await store.getRun(id)).data.tags?.map((t) => t.key)).toEqual(["mlflow.runName", "z"]);
      await expectMlflowError(store.deleteTag(id, "y"), "RESOURCE_DOES_NOT_EXIST", `No tag with name: y in run with id ${id}`);
    });

    it("logs params once: the same value again is fine, another value is INVALID_PARAMETER_VALUE", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store));
      const id = run.info.run_id;
      await store.logBatch(id, { metrics: [], params: [{ key: "lr", value: "0.1" }, { key: "depth", value: "3" }], tags: [] });
      await store.logBatch(id, { metrics: [], params: [{ key: "lr", value: "0.1" }], tags: [] });
      await expectMlflowError(
        store.logBatch(id, { metrics: [], params: [{ key: "lr", value: "0.2" }], tags: [] }),
        "INVALID_PARAMETER_VALUE",
        `Changing param values is not allowed. Params were already logged='[{'key': 'lr', 'old_value': '0.1', 'new_value': '0.2'}]' for run ID='${id}'.`,
      );
      expect((await store.getRun(id)).data.params).toEqual([
        { key: "depth", value: "3" },
        { key: "lr", value: "0.1" },
      ]);
    });

    it("writes a batch all or nothing: a param conflict leaves no metric, param or tag behind", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store));
      const id = run.info.run_id;
      await store.logBatch(id, { metrics: [], params: [{ key: "p", value: "old" }], tags: [] });
      await expectMlflowError(
        store.logBatch(id, {
          metrics: [metric("loss", 0.5)],
          params: [{ key: "fresh", value: "1" }, { key: "p", value: "new" }],
          tags: [{ key: "t", value: "v" }],
        }),
        "INVALID_PARAMETER_VALUE",
        "Changing param values is not allowed",
      );
      const after = await store.getRun(id);
      expect(after.data.metrics).toEqual([]);
      expect(after.data.params).toEqual([{ key: "p", value: "old" }]);
      expect(after.data.tags?.map((t) => t.key)).toEqual(["mlflow.runName"]);
      expect((await store.getMetricHistory({ runId: id, metricKey: "loss" })).items).toEqual([]);
    });

    it("logs metrics, params and tags of one batch together", async () => {
      const { store } = handle();
      const run = await newRun(store, await newExperiment(store));
      const id = run.info.run_id;
      await store.logBatch(id, {
        metrics: [metric("acc", 0.5, 0, 10), metric("acc", 0.75, 1, 20), metric("loss", 2, 0, 10)],
        params: [{ key: "optimizer", value: "adam" }],
        tags: [{ key: "stage", value: "train" }],
      });
      const fetched = await store.getRun(id);
      expect(fetched.data.metrics).toEqual([
        { key: "acc", value: 0.75, timestamp: 20, step: 1 },
        { key: "loss", value: 2, timestamp: 10, step: 0 },
      ]);
      expect(fetched.data.params).toEqual([{ key: "optimizer", value: "adam" }]);
      expect(fetched.data.tags).toContainEqual({ key: "stage", value: "train" });
    });
  });
}
