import { describe, expect, it } from "vitest";
import { expectMlflowError, newRun, type StoreHandle, unique } from "./store-fixture.js";

/** Experiments: creation, lookup, rename, lifecycle (cascading to runs), tags. */
export function describeExperimentContract(handle: () => StoreHandle): void {
  describe("experiments", () => {
    it("has the Default experiment 0 under <defaultArtifactRoot>/0", async () => {
      const { store, defaultArtifactRoot } = handle();
      const experiment = await store.getExperiment("0");
      expect(experiment).toMatchObject({ experiment_id: "0", name: "Default", lifecycle_stage: "active" });
      expect(experiment.artifact_location).toMatch(/\/0$/);
      if (defaultArtifactRoot) expect(experiment.artifact_location).toBe(`${defaultArtifactRoot}/0`);
      expect((await store.getExperimentByName("Default"))?.experiment_id).toBe("0");
    });

    it("creates an experiment with a derived artifact location, times and tags", async () => {
      const { store } = handle();
      const before = Date.now();
      const name = unique("created");
      const id = await store.createExperiment({ name, tags: [{ key: "team", value: "vision" }] });
      expect(id).toMatch(/^[1-9]\d*$/);
      const experiment = await store.getExperiment(id);
      const root = (await store.getExperiment("0")).artifact_location.replace(/\/0$/, "");
      expect(experiment).toEqual({
        experiment_id: id,
        name,
        artifact_location: `${root}/${id}`,
        lifecycle_stage: "active",
        creation_time: experiment.creation_time,
        last_update_time: experiment.creation_time,
        tags: [{ key: "team", value: "vision" }],
      });
      expect(experiment.creation_time).toBeGreaterThanOrEqual(before);
      expect(experiment.creation_time).toBeLessThanOrEqual(Date.now());
    });

    it("keeps an explicit artifact location and hands out increasing ids", async () => {
      const { store } = handle();
      const a = await store.createExperiment({ name: unique("loc"), artifactLocation: "s3://bucket/somewhere" });
      const b = await store.createExperiment({ name: unique("loc") });
      expect((await store.getExperiment(a)).artifact_location).toBe("s3://bucket/somewhere");
      expect(Number(b)).toBeGreaterThan(Number(a));
    });

    it("rejects a duplicate name with RESOURCE_ALREADY_EXISTS", async () => {
      const { store } = handle();
      const name = unique("dup");
      await store.createExperiment({ name });
      await expectMlflowError(store.createExperiment({ name }), "RESOURCE_ALREADY_EXISTS", `Experiment(name=${name}) already exists`);
    });

    it("reports a missing experiment with MLflow's message", async () => {
      const { store } = handle();
      await expectMlflowError(store.getExperiment("987654"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654 exists");
      await expectMlflowError(store.getExperiment("not-a-number"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=not-a-number exists");
      expect(await store.getExperimentByName(unique("absent"))).toBeUndefined();
    });

    it("finds an experiment by exact (case-sensitive) name", async () => {
      const { store } = handle();
      const name = unique("ByName");
      const id = await store.createExperiment({ name });
      expect((await store.getExperimentByName(name))?.experiment_id).toBe(id);
      expect(await store.getExperimentByName(name.toLowerCase())).toBeUndefined();
    });

    it("renames, bumping last_update_time; a taken name or missing experiment fails", async () => {
      const { store } = handle();
      const id = await store.createExperiment({ name: unique("old") });
      const created = await store.getExperiment(id);
      await new Promise((r) => setTimeout(r, 5));
      const newName = unique("new");
      await store.renameExperiment(id, newName);
      const renamed = await store.getExperiment(id);
      expect(renamed.name).toBe(newName);
      expect(renamed.last_update_time).toBeGreaterThan(created.last_update_time);
      const other = await store.createExperiment({ name: unique("other") });
      await expectMlflowError(store.renameExperiment(other, newName), "RESOURCE_ALREADY_EXISTS", newName);
      await expectMlflowError(store.renameExperiment("987655", "x"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987655 exists");
    });

    it("deletes and restores an experiment together with its runs", async () => {
      const { store } = handle();
      const id = await store.createExperiment({ name: unique("life") });
      const run = await newRun(store, id);
      await store.setExperimentLifecycle(id, "deleted");
      expect((await store.getExperiment(id)).lifecycle_stage).toBe("deleted");
      expect((await store.getRunInfo(run.info.run_id)).lifecycle_stage).toBe("deleted");
      await store.setExperimentLifecycle(id, "active");
      expect((await store.getExperiment(id)).lifecycle_stage).toBe("active");
      expect((await store.getRun(run.info.run_id)).info.lifecycle_stage).toBe("active");
      await expectMlflowError(store.setExperimentLifecycle("987656", "deleted"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987656 exists");
    });

    it("sets, overwrites and deletes experiment tags", async () => {
      const { store } = handle();
      const id = await store.createExperiment({ name: unique("tags") });
      await store.setExperimentTag(id, { key: "b", value: "1" });
      await store.setExperimentTag(id, { key: "a", value: "x" });
      await store.setExperimentTag(id, { key: "b", value: "2" });
      expect((await store.getExperiment(id)).tags).toEqual([
        { key: "a", value: "x" },
        { key: "b", value: "2" },
      ]);
      await store.deleteExperimentTag(id, "a");
      expect((await store.getExperiment(id)).tags).toEqual([{ key: "b", value: "2" }]);
      await expectMlflowError(store.deleteExperimentTag(id, "a"), "RESOURCE_DOES_NOT_EXIST", `No tag with name: a in experiment with id ${id}`);
      await expectMlflowError(store.setExperimentTag("987657", { key: "k", value: "v" }), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987657 exists");
      await expectMlflowError(store.deleteExperimentTag("987657", "k"), "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987657 exists");
    });
  });
}
