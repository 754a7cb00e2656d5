import { describe, expect, it } from "vitest";
import { expectError, unique } from "./describe-experiment-endpoints.js";
import type { ApiContext } from "./describe-tracking-api.js";
import { describeRunLogging } from "./describe-run-logging.js";
import type { RestClient } from "./rest-client.js";

/** Creates a run in a fresh experiment and returns its id and experiment id. */
export async function newRun(api: RestClient, body: Record<string, unknown> = {}): Promise<{ runId: string; experimentId: string }> {
  const experimentId: string = (await api.post("experiments/create", { name: unique("runs") })).body.experiment_id;
  const res = await api.post("runs/create", { experiment_id: experimentId, ...body });
  expect(res.status).toBe(200);
  return { runId: res.body.run.info.run_id, experimentId };
}

const tagsOf = (run: { data: { tags?: { key: string; value: string }[] } }) =>
  Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));

/** Runs: create/get/update/delete/restore, names, tags, search. Logging lives in describeRunLogging. */
export function describeRunEndpoints(context: () => ApiContext): void {
  describe("runs", () => {
    it("creates a run with MLflow's defaults and reads it back by run_id and run_uuid", async () => {
      const { api } = context();
      const before = Date.now();
      const { runId, experimentId } = await newRun(api, { tags: [{ key: "mlflow.user", value: "ada" }] });
      const got = await api.get("runs/get", { run_id: runId });
      expect(got.status).toBe(200);
      const { info, data } = got.body.run;
      expect(info).toMatchObject({
        run_id: runId,
        run_uuid: runId,
        experiment_id: experimentId,
        user_id: "ada",
        status: "RUNNING",
        lifecycle_stage: "active",
        artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      });
      expect(info.start_time).toBeGreaterThanOrEqual(before - 5);
      expect(info.start_time).toBeLessThanOrEqual(Date.now() + 5);
      expect(info.end_time).toBeUndefined();
      expect(info.run_name).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
      expect(tagsOf(got.body.run)["mlflow.runName"]).toBe(info.run_name);
      expect(data.metrics).toBeUndefined();
      expect(data.params).toBeUndefined();
      expect((await api.get("runs/get", { run_uuid: runId })).body.run.info.run_id).toBe(runId);
    });

    it("takes the name from run_name or from the mlflow.runName tag, and refuses a conflict", async () => {
      const { api } = context();
      const named = await api.post("runs/create", { run_name: "first try", start_time: 1_700_000_000_000, user_id: "bob" });
      expect(named.body.run.info).toMatchObject({
        run_name: "first try",
        experiment_id: "0",
        start_time: 1_700_000_000_000,
        user_id: "bob",
      });
      expect(tagsOf(named.body.run)["mlflow.runName"]).toBe("first try");
      const tagged = await api.post("runs/create", { tags: [{ key: "mlflow.runName", value: "from tag" }] });
      expect(tagged.body.run.info.run_name).toBe("from tag");
      expectError(
        await api.post("runs/create", { run_name: "a", tags: [{ key: "mlflow.runName", value: "b" }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        /different values/,
      );
      expectError(await api.post("runs/create", { experiment_id: "424242" }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(await api.post("runs/create", { run_name: "n".repeat(251) }), 400, "INVALID_PARAMETER_VALUE", /limit of 250/);
    });

    it("keeps run_name and the mlflow.runName tag in sync both ways", async () => {
      const { api } = context();
      const { runId } = await newRun(api, { run_name: "before" });
      const updated = await api.post("runs/update", { run_id: runId, run_name: "after update" });
      expect(updated.body.run_info.run_name).toBe("after update");
      let run = (await api.get("runs/get", { run_id: runId })).body.run;
      expect([run.info.run_name, tagsOf(run)["mlflow.runName"]]).toEqual(["after update", "after update"]);

      await api.post("runs/set-tag", { run_id: runId, key: "mlflow.runName", value: "after tag" });
      run = (await api.get("runs/get", { run_id: runId })).body.run;
      expect([run.info.run_name, tagsOf(run)["mlflow.runName"]]).toEqual(["after tag", "after tag"]);

      await api.post("runs/log-batch", { run_id: runId, tags: [{ key: "mlflow.runName", value: "after batch" }] });
      run = (await api.get("runs/get", { run_id: runId })).body.run;
      expect([run.info.run_name, tagsOf(run)["mlflow.runName"]]).toEqual(["after batch", "after batch"]);
    });

    it("updates status and end time", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const res = await api.post("runs/update", { run_uuid: runId, status: "FINISHED", end_time: 1_800_000_000_000 });
      expect(res.status).toBe(200);
      expect(res.body.run_info).toMatchObject({ run_id: runId, status: "FINISHED", end_time: 1_800_000_000_000 });
      expectError(await api.post("runs/update", { run_id: runId, status: "DONE" }), 400, "INVALID_PARAMETER_VALUE", /'status'/);
      expectError(await api.post("runs/update", { status: "FAILED" }), 400, "INVALID_PARAMETER_VALUE", /'run_id'/);
    });

    it("sets and deletes tags", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      expect((await api.post("runs/set-tag", { run_id: runId, key: "note", value: "v1" })).text).toBe("{}");
      await api.post("runs/set-tag", { run_id: runId, key: "note", value: "v2" });
      expect(tagsOf((await api.get("runs/get", { run_id: runId })).body.run).note).toBe("v2");
      expect((await api.post("runs/delete-tag", { run_id: runId, key: "note" })).status).toBe(200);
      expect(tagsOf((await api.get("runs/get", { run_id: runId })).body.run).note).toBeUndefined();
      expectError(await api.post("runs/delete-tag", { run_id: runId, key: "note" }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(
        await api.post("runs/set-tag", { run_id: runId, key: "t", value: "v".repeat(8001) }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Tag value .* exceeded length limit of 8000/,
      );
      expect((await api.post("runs/set-tag", { run_id: runId, key: "t", value: "v".repeat(8000) })).status).toBe(200);
      expectError(await api.post("runs/set-tag", { run_id: runId, key: "bad*key", value: "v" }), 400, "INVALID_PARAMETER_VALUE", /Invalid tag name/);
    });

    it("deletes and restores runs; a deleted run refuses writes as MLflow does", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      expect((await api.post("runs/delete", { run_id: runId })).status).toBe(200);
      expect((await api.get("runs/get", { run_id: runId })).body.run.info.lifecycle_stage).toBe("deleted");
      const message = `The run ${runId} must be in the 'active' state. Current state is deleted.`;
      expectError(
        await api.post("runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: 1 }),
        400,
        "INVALID_PARAMETER_VALUE",
        message,
      );
      expectError(await api.post("runs/log-parameter", { run_id: runId, key: "p", value: "1" }), 400, "INVALID_PARAMETER_VALUE", message);
      expectError(await api.post("runs/set-tag", { run_id: runId, key: "t", value: "1" }), 400, "INVALID_PARAMETER_VALUE", message);
      expectError(await api.post("runs/log-batch", { run_id: runId, metrics: [] }), 400, "INVALID_PARAMETER_VALUE", message);
      expectError(await api.post("runs/update", { run_id: runId, status: "FINISHED" }), 400, "INVALID_PARAMETER_VALUE", message);

      expect((await api.post("runs/restore", { run_id: runId })).status).toBe(200);
      expect((await api.get("runs/get", { run_id: runId })).body.run.info.lifecycle_stage).toBe("active");
      expect((await api.post("runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: 1 })).status).toBe(200);
      expectError(await api.post("runs/delete", { run_id: "0123456789abcdef" }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(await api.get("runs/get", { run_id: "0123456789abcdef" }), 404, "RESOURCE_DOES_NOT_EXIST");
      expectError(await api.get("runs/get", { run_id: "bad id!" }), 400, "INVALID_PARAMETER_VALUE", /Invalid run ID/);
    });

    it("searches runs with filters, order_by, views and pages", async () => {
      const { api } = context();
      const experimentId: string = (await api.post("experiments/create", { name: unique("search") })).body.experiment_id;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const runId: string = (await api.post("runs/create", { experiment_id: experimentId, run_name: `r${i}`, start_time: 1000 + i })).body
          .run.info.run_id;
        await api.post("runs/log-batch", {
          run_id: runId,
          metrics: [{ key: "acc", value: i / 10, timestamp: 1, step: 0 }],
          params: [{ key: "model", value: i % 2 === 0 ? "lr" : "tree" }],
        });
        ids.push(runId);
      }
      await api.post("runs/delete", { run_id: ids[4] });

      const filtered = await api.post("runs/search", {
        experiment_ids: [experimentId],
        filter: "metrics.acc > 0.05 AND params.model = 'lr'",
        order_by: ["metrics.acc DESC"],
      });
      expect(filtered.status).toBe(200);
      expect(filtered.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(["r2"]);
      expect(filtered.body.runs[0].data.metrics).toEqual([{ key: "acc", value: 0.2, timestamp: 1, step: 0 }]);

      const active = await api.post("runs/search", { experiment_ids: [experimentId], order_by: ["attributes.start_time ASC"] });
      expect(active.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(["r0", "r1", "r2", "r3"]);
      const all = await api.post("runs/search", { experiment_ids: [experimentId], run_view_type: "ALL" });
      expect(all.body.runs).toHaveLength(5);
      const deletedOnly = await api.post("runs/search", { experiment_ids: [experimentId], run_view_type: "DELETED_ONLY" });
      expect(deletedOnly.body.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([ids[4]]);

      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await api.post("runs/search", {
          experiment_ids: [experimentId],
          order_by: ["attributes.start_time ASC"],
          max_results: 3,
          ...(token ? { page_token: token } : {}),
        });
        seen.push(...page.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name));
        token = page.body.next_page_token;
      } while (token);
      expect(seen).toEqual(["r0", "r1", "r2", "r3"]);

      expect((await api.post("runs/search", { experiment_ids: [experimentId], filter: "params.model = 'none'" })).text).toBe("{}");
      expectError(await api.post("runs/search", { experiment_ids: [experimentId], max_results: 50_001 }), 400, "INVALID_PARAMETER_VALUE", /at most 50000/);
      expectError(await api.post("runs/search", { experiment_ids: [experimentId], filter: "metrics.acc >" }), 400, "INVALID_PARAMETER_VALUE");
      expectError(await api.post("runs/search", { experiment_ids: [experimentId], order_by: [7] }), 400, "INVALID_PARAMETER_VALUE", /order_by\[0\]/);
    });

    describeRunLogging(context);
  });
}
