import { describe, expect, it } from "vitest";
import type { RegistryStore } from "../registry-store.js";
import { expectMlflowError, unique } from "./store-fixture.js";

/** A registry store under test (one per suite; tests isolate themselves by unique names). */
export type RegistryHandle = () => { readonly registry: RegistryStore };

const version = (name: string, source = "mlflow-artifacts:/1/abc/artifacts/model") => ({
  name,
  source,
  status: "READY" as const,
  tags: [],
});

/** The RegistryStore contract every backend passes: models, versions, stages, aliases, search. */
export function describeRegistryContract(handle: RegistryHandle): void {
  describe("registered models", () => {
    it("creates, reads, describes, renames and deletes a model with its tags", async () => {
      const { registry } = handle();
      const name = unique("model");
      const created = await registry.createRegisteredModel({ name, description: "first", tags: [{ key: "team", value: "ml" }] });
      expect(created).toMatchObject({ name, description: "first", tags: [{ key: "team", value: "ml" }] });
      expect(created.creation_timestamp).toBe(created.last_updated_timestamp);
      await expectMlflowError(registry.createRegisteredModel({ name, tags: [] }), "RESOURCE_ALREADY_EXISTS", /already exists/);

      await registry.setRegisteredModelTag(name, { key: "team", value: "ops" });
      await registry.setRegisteredModelTag(name, { key: "tier", value: "1" });
      await registry.deleteRegisteredModelTag(name, "tier");
      const updated = await registry.updateRegisteredModel(name, "second");
      expect(updated).toMatchObject({ description: "second", tags: [{ key: "team", value: "ops" }] });

      await registry.createModelVersion(version(name));
      const renamed = `${name}-renamed`;
      const afterRename = await registry.renameRegisteredModel(name, renamed);
      expect(afterRename.name).toBe(renamed);
      expect((await registry.getModelVersion(renamed, 1)).name).toBe(renamed);
      await expectMlflowError(registry.getRegisteredModel(name), "RESOURCE_DOES_NOT_EXIST", `name=${name} not found`);
      const other = unique("model");
      await registry.createRegisteredModel({ name: other, tags: [] });
      await expectMlflowError(registry.renameRegisteredModel(renamed, other), "RESOURCE_ALREADY_EXISTS");

      await registry.deleteRegisteredModel(renamed);
      await expectMlflowError(registry.getRegisteredModel(renamed), "RESOURCE_DOES_NOT_EXIST");
      await expectMlflowError(registry.getModelVersion(renamed, 1), "RESOURCE_DOES_NOT_EXIST");
    });
  });

  describe("model versions", () => {
    it("numbers versions 1, 2, 3 and never reuses a deleted number", async () => {
      const { registry } = handle();
      const name = unique("model");
      await registry.createRegisteredModel({ name, tags: [] });
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) numbers.push((await registry.createModelVersion(version(name))).version);
      expect(numbers).toEqual(["1", "2", "3"]);
      await registry.deleteModelVersion(name, 3);
      await expectMlflowError(registry.getModelVersion(name, 3), "RESOURCE_DOES_NOT_EXIST", "version=3");
      expect((await registry.createModelVersion(version(name))).version).toBe("4");
      await expectMlflowError(registry.createModelVersion(version(unique("missing"))), "RESOURCE_DOES_NOT_EXIST");
    });

    it("allocates distinct numbers to concurrent creations", async () => {
      const { registry } = handle();
      const name = unique("model");
      await registry.createRegisteredModel({ name, tags: [] });
      const created = await Promise.all(Array.from({ length: 8 }, () => registry.createModelVersion(version(name))));
      expect(created.map((v) => Number(v.version)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it("stores the version's fields and tags and answers the download URI", async () => {
      const { registry } = handle();
      const name = unique("model");
      await registry.createRegisteredModel({ name, tags: [] });
      const mv = await registry.createModelVersion({
        name,
        source: "models:/m-123",
        storageLocation: "mlflow-artifacts:/1/models/m-123/artifacts",
        runId: "r1",
        modelId: "m-123",
        description: "d",
        userId: "alice",
        status: "READY",
        tags: [{ key: "k", value: "v" }],
      });
      expect(mv).toMatchObject({
        name,
        version: "1",
        current_stage: "None",
        source: "models:/m-123",
        run_id: "r1",
        model_id: "m-123",
        description: "d",
        user_id: "alice",
        status: "READY",
        tags: [{ key: "k", value: "v" }],
      });
      expect(await registry.getModelVersionDownloadUri(name, 1)).toBe("mlflow-artifacts:/1/models/m-123/artifacts");
      await registry.setModelVersionTag(name, 1, { key: "k", value: "w" });
      await registry.deleteModelVersionTag(name, 1, "missing-is-fine");
      const updated = await registry.updateModelVersion(name, 1, "new");
      expect(updated).toMatchObject({ description: "new", tags: [{ key: "k", value: "w" }] });
    });

    it("moves stages, archives the others on request, and reports the latest per stage", async () => {
      const { registry } = handle();
      const name = unique("model");
      await registry.createRegisteredModel({ name, tags: [] });
      for (let i = 0; i < 3; i++) await registry.createModelVersion(version(name));
      await registry.transitionModelVersionStage(name, 1, "Production", false);
      await registry.transitionModelVersionStage(name, 2, "Production", false);
      expect((await registry.getModelVersion(name, 1)).current_stage).toBe("Production");
      const moved = await registry.transitionModelVersionStage(name, 3, "Production", true);
      expect(moved.current_stage).toBe("Production");
      expect((await registry.getModelVersion(name, 1)).current_stage).toBe("Archived");
      expect((await registry.getModelVersion(name, 2)).current_stage).toBe("Archived");
      const latest = await registry.getLatestVersions(name, []);
      expect(latest.map((v) => [v.current_stage, v.version])).toEqual([
        ["Archived", "2"],
        ["Production", "3"],
      ]);
      expect((await registry.getLatestVersions(name, ["Production"])).map((v) => v.version)).toEqual(["3"]);
      const model = await registry.getRegisteredModel(name);
      expect(model.latest_versions?.map((v) => v.version)).toEqual(["2", "3"]);
    });
  });

  describe("aliases", () => {
    it("sets, moves, resolves and deletes aliases; deleting a version drops its aliases", async () => {
      const { registry } = handle();
      const name = unique("model");
      await registry.createRegisteredModel({ name, tags: [] });
      await registry.createModelVersion(version(name));
      await registry.createModelVersion(version(name));
      await registry.setRegisteredModelAlias(name, "champion", 1);
      expect((await registry.getModelVersionByAlias(name, "champion")).version).toBe("1");
      await registry.setRegisteredModelAlias(name, "champion", 2);
      await registry.setRegisteredModelAlias(name, "challenger", 1);
      const v2 = await registry.getModelVersionByAlias(name, "champion");
      expect(v2).toMatchObject({ version: "2", aliases: ["champion"] });
      expect((await registry.getRegisteredModel(name)).aliases).toEqual([
        { alias: "challenger", version: "1" },
        { alias: "champion", version: "2" },
      ]);
      await expectMlflowError(registry.setRegisteredModelAlias(name, "x", 9), "RESOURCE_DOES_NOT_EXIST");
      await registry.deleteModelVersion(name, 2);
      await expectMlflowError(registry.getModelVersionByAlias(name, "champion"), "INVALID_PARAMETER_VALUE", "alias champion not found");
      await registry.deleteRegisteredModelAlias(name, "challenger");
      expect((await registry.getRegisteredModel(name)).aliases ?? []).toEqual([]);
    });
  });

  describe("search", () => {
    it("filters registered models by name and tags, orders them, and pages", async () => {
      const { registry } = handle();
      const prefix = unique("srch");
      for (const [i, team] of ["a", "b", "a"].entries()) {
        await registry.createRegisteredModel({ name: `${prefix}-${i}`, tags: [{ key: "team", value: team }] });
      }
      type Query = Partial<Parameters<RegistryStore["searchRegisteredModels"]>[0]>;
      const like = { type: "attribute", key: "name", comparator: "LIKE", value: `${prefix}-%` } as const;
      const query = (extra: Query) =>
        registry.searchRegisteredModels({ filter: [like], orderBy: [], maxResults: 100, ...extra });
      const all = await query({});
      expect(all.items.map((m) => m.name)).toEqual([`${prefix}-0`, `${prefix}-1`, `${prefix}-2`]);
      const teamA = [like, { type: "tag", key: "team", comparator: "=", value: "a" }] as const;
      expect((await query({ filter: teamA })).items.map((m) => m.name)).toEqual([`${prefix}-0`, `${prefix}-2`]);
      const desc = await query({ orderBy: [{ type: "attribute", key: "name", ascending: false }] });
      expect(desc.items.map((m) => m.name)).toEqual([`${prefix}-2`, `${prefix}-1`, `${prefix}-0`]);
      const first = await query({ maxResults: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.nextPageToken).toBeDefined();
      const second = await query({ maxResults: 2, ...(first.nextPageToken ? { pageToken: first.nextPageToken } : {}) });
      expect(second.items.map((m) => m.name)).toEqual([`${prefix}-2`]);
      expect(second.nextPageToken).toBeUndefined();
    });

    it("filters model versions by name, run_id IN, version_number and tags, hiding deleted ones", async () => {
      const { registry } = handle();
      const name = unique("mv");
      await registry.createRegisteredModel({ name, tags: [] });
      for (const run of ["r1", "r2", "r3"]) {
        await registry.createModelVersion({ ...version(name), runId: run, tags: [{ key: "run", value: run }] });
      }
      await registry.deleteModelVersion(name, 3);
      const search = (filter: readonly object[]) =>
        registry.searchModelVersions({ filter: filter as never, orderBy: [{ type: "attribute", key: "version_number", ascending: true }], maxResults: 100 });
      const byName = { type: "attribute", key: "name", comparator: "=", value: name };
      expect((await search([byName])).items.map((v) => v.version)).toEqual(["1", "2"]);
      const inRuns = { type: "attribute", key: "run_id", comparator: "IN", value: ["r2", "r3"] };
      expect((await search([byName, inRuns])).items.map((v) => v.version)).toEqual(["2"]);
      const above = { type: "attribute", key: "version_number", comparator: ">", value: 1 };
      expect((await search([byName, above])).items.map((v) => v.version)).toEqual(["2"]);
      const tagged = { type: "tag", key: "run", comparator: "=", value: "r1" };
      expect((await search([byName, tagged])).items.map((v) => v.version)).toEqual(["1"]);
    });
  });
}
