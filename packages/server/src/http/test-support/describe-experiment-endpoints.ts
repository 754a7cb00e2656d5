import { describe, expect, it } from "vitest";
import type { ApiContext } from "./describe-tracking-api.js";
import type { RestResponse } from "./rest-client.js";

/** Asserts an MLflow error answer: status, error_code and a message fragment. */
export function expectError(res: RestResponse, status: number, code: string, fragment?: string | RegExp): void {
  expect({ status: res.status, code: res.body?.error_code }).toEqual({ status, code });
  if (fragment !== undefined) expect(res.body.message).toMatch(fragment);
}

let counter = 0;
/** A name unique within the test run. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

/** Experiments: create/get/get-by-name/update/delete/restore/tags/search, with MLflow's errors. */
export function describeExperimentEndpoints(context: () => ApiContext): void {
  describe("experiments", () => {
    it("creates an experiment with tags and reads it back by id and by name", async () => {
      const { api } = context();
      const name = unique("exp");
      const created = await api.post("experiments/create", { name, tags: [{ key: "team", value: "ml" }] });
      expect(created.status).toBe(200);
      const id: string = created.body.experiment_id;
      expect(id).toMatch(/^\d+$/);

      const got = await api.get("experiments/get", { experiment_id: id });
      expect(got.status).toBe(200);
      expect(got.body.experiment).toMatchObject({
        experiment_id: id,
        name,
        artifact_location: `mlflow-artifacts:/${id}`,
        lifecycle_stage: "active",
        tags: [{ key: "team", value: "ml" }],
      });
      expect(typeof got.body.experiment.creation_time).toBe("number");
      expect(typeof got.body.experiment.last_update_time).toBe("number");

      const byName = await api.get("experiments/get-by-name", { experiment_name: name });
      expect(byName.body.experiment.experiment_id).toBe(id);
    });

    it("keeps an explicit artifact location and refuses runs:/ locations", async () => {
      const { api } = context();
      const created = await api.post("experiments/create", { name: unique("loc"), artifact_location: "s3://bucket/path" });
      const got = await api.get("experiments/get", { experiment_id: created.body.experiment_id });
      expect(got.body.experiment.artifact_location).toBe("s3://bucket/path");
      expectError(
        await api.post("experiments/create", { name: unique("loc"), artifact_location: "runs:/abc/model" }),
        400,
        "INVALID_PARAMETER_VALUE",
        /runs:\/ URI/,
      );
    });

    it("has the Default experiment 0", async () => {
      const { api } = context();
      const got = await api.get("experiments/get", { experiment_id: "0" });
      expect(got.body.experiment).toMatchObject({ experiment_id: "0", name: "Default", lifecycle_stage: "active" });
    });

    it("answers MLflow's errors for bad experiment requests", async () => {
      const { api } = context();
      const name = unique("dup");
      await api.post("experiments/create", { name });
      expectError(await api.post("experiments/create", { name }), 400, "RESOURCE_ALREADY_EXISTS", /already exists/);
      expectError(
        await api.post("experiments/create", {}),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'name'",
      );
      expectError(
        await api.post("experiments/create", { name: "n".repeat(501) }),
        400,
        "INVALID_PARAMETER_VALUE",
        /exceeded length limit of 500/,
      );
      expectError(
        await api.post("experiments/create", { name: unique("t"), tags: [{ key: "k", value: "v".repeat(5001) }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Tag value .* exceeded length limit of 5000/,
      );
      expectError(await api.get("experiments/get", { experiment_id: "987654" }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(await api.get("experiments/get", { experiment_id: "no such" }), 400, "INVALID_PARAMETER_VALUE", /Invalid experiment ID/);
      expectError(await api.get("experiments/get", {}), 400, "INVALID_PARAMETER_VALUE", /'experiment_id'/);
      expectError(
        await api.get("experiments/get-by-name", { experiment_name: unique("missing") }),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        /Could not find experiment with name/,
      );
    });

    it("renames, tags, deletes and restores an experiment, refusing writes while deleted", async () => {
      const { api } = context();
      const id: string = (await api.post("experiments/create", { name: unique("life") })).body.experiment_id;
      const newName = unique("renamed");
      expect((await api.post("experiments/update", { experiment_id: id, new_name: newName })).text).toBe("{}");
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.name).toBe(newName);
      const taken = unique("taken");
      await api.post("experiments/create", { name: taken });
      expectError(await api.post("experiments/update", { experiment_id: id, new_name: taken }), 400, "RESOURCE_ALREADY_EXISTS");

      await api.post("experiments/set-experiment-tag", { experiment_id: id, key: "stage", value: "dev" });
      await api.post("experiments/set-experiment-tag", { experiment_id: id, key: "stage", value: "prod" });
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.tags).toEqual([
        { key: "stage", value: "prod" },
      ]);
      await api.post("experiments/delete-experiment-tag", { experiment_id: id, key: "stage" });
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.tags).toBeUndefined();

      const runId: string = (await api.post("runs/create", { experiment_id: id })).body.run.info.run_id;
      expect((await api.post("experiments/delete", { experiment_id: id })).status).toBe(200);
      expectError(
        await api.post("runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: 1 }),
        400,
        "INVALID_PARAMETER_VALUE",
        `The run ${runId} must be in the 'active' state. Current state is deleted.`,
      );
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.lifecycle_stage).toBe("deleted");
      expectError(
        await api.post("runs/create", { experiment_id: id }),
        400,
        "INVALID_PARAMETER_VALUE",
        `The experiment ${id} must be in the 'active' state. Current state is deleted.`,
      );
      expectError(
        await api.post("experiments/set-experiment-tag", { experiment_id: id, key: "k", value: "v" }),
        400,
        "INVALID_PARAMETER_VALUE",
        /must be in the 'active' state/,
      );
      expectError(await api.post("experiments/update", { experiment_id: id, new_name: unique("x") }), 500, "INVALID_STATE");
      expectError(await api.post("experiments/delete", { experiment_id: id }), 404, "RESOURCE_DOES_NOT_EXIST");

      expect((await api.post("experiments/restore", { experiment_id: id })).status).toBe(200);
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.lifecycle_stage).toBe("active");
      expectError(await api.post("experiments/restore", { experiment_id: id }), 404, "RESOURCE_DOES_NOT_EXIST");
      expect((await api.post("runs/create", { experiment_id: id })).status).toBe(200);
    });

    it("searches experiments by GET (repeated keys) and POST, with filters, order, views and pages", async () => {
      const { api } = context();
      const prefix = unique("srch");
      const ids: string[] = [];
      for (const suffix of ["a", "b", "c"]) {
        ids.push((await api.post("experiments/create", { name: `${prefix}-${suffix}` })).body.experiment_id);
      }
      await api.post("experiments/delete", { experiment_id: ids[2] });

      const viaGet = await api.get("experiments/search", {
        filter: `name LIKE '${prefix}-%'`,
        order_by: ["name DESC", "creation_time"],
        max_results: 10,
      });
      expect(viaGet.status).toBe(200);
      expect(viaGet.body.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-b`, `${prefix}-a`]);

      const all = await api.post("experiments/search", {
        filter: `name LIKE '${prefix}-%'`,
        view_type: "ALL",
        order_by: ["name ASC"],
      });
      expect(all.body.experiments).toHaveLength(3);
      const deleted = await api.get("experiments/search", { filter: `name LIKE '${prefix}-%'`, view_type: "DELETED_ONLY" });
      expect(deleted.body.experiments.map((e: { experiment_id: string }) => e.experiment_id)).toEqual([ids[2]]);

      const page1 = await api.post("experiments/search", {
        filter: `name LIKE '${prefix}-%'`,
        view_type: "ALL",
        order_by: ["name ASC"],
        max_results: 2,
      });
      expect(page1.body.experiments).toHaveLength(2);
      expect(typeof page1.body.next_page_token).toBe("string");
      const page2 = await api.post("experiments/search", {
        filter: `name LIKE '${prefix}-%'`,
        view_type: "ALL",
        order_by: ["name ASC"],
        max_results: 2,
        page_token: page1.body.next_page_token,
      });
      expect(page2.body.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-c`]);
      expect(page2.body.next_page_token).toBeUndefined();

      const none = await api.post("experiments/search", { filter: `name = '${unique("nothing")}'` });
      expect(none.text).toBe("{}");
      expectError(await api.get("experiments/search", { max_results: 50_001 }), 400, "INVALID_PARAMETER_VALUE", /at most 50000/);
      expect((await api.get("experiments/search", { max_results: 50_000 })).status).toBe(200);
      expectError(await api.get("experiments/search", { max_results: 0 }), 400, "INVALID_PARAMETER_VALUE", /positive/);
      expectError(await api.post("experiments/search", { filter: "name ==== 'x'" }), 400, "INVALID_PARAMETER_VALUE");
      expectError(await api.post("experiments/search", { view_type: "SOME" }), 400, "INVALID_PARAMETER_VALUE", /view_type/);
    });
  });
}
