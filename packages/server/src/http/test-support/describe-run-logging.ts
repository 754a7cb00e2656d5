import { describe, expect, it } from "vitest";
import { expectError } from "./describe-experiment-endpoints.js";
import { newRun } from "./describe-run-endpoints.js";
import type { ApiContext } from "./describe-tracking-api.js";

/** Logging to runs: params, metrics (NaN/±Infinity), log-batch limits, models, inputs, history. */
export function describeRunLogging(context: () => ApiContext): void {
  describe("logging", () => {
    it("logs params: same value again is fine, another value is refused", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      expect((await api.post("runs/log-parameter", { run_id: runId, key: "lr", value: "0.1" })).text).toBe("{}");
      expect((await api.post("runs/log-parameter", { run_uuid: runId, key: "lr", value: "0.1" })).status).toBe(200);
      expectError(
        await api.post("runs/log-parameter", { run_id: runId, key: "lr", value: "0.2" }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Changing param values is not allowed/,
      );
      expect((await api.get("runs/get", { run_id: runId })).body.run.data.params).toEqual([{ key: "lr", value: "0.1" }]);
      expect((await api.post("runs/log-parameter", { run_id: runId, key: "long", value: "v".repeat(6000) })).status).toBe(200);
      expectError(
        await api.post("runs/log-parameter", { run_id: runId, key: "longer", value: "v".repeat(6001) }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Param value .* exceeded length limit of 6000/,
      );
      expectError(await api.post("runs/log-parameter", { run_id: runId, key: "../up", value: "1" }), 400, "INVALID_PARAMETER_VALUE", /Invalid parameter name/);
      expectError(await api.post("runs/log-parameter", { run_id: runId, key: "k".repeat(251), value: "1" }), 400, "INVALID_PARAMETER_VALUE", /limit of 250/);
      expect((await api.post("runs/log-parameter", { run_id: runId, key: "ns:with space/and.dots-1", value: "ok" })).status).toBe(200);
    });

    it("logs metrics and returns NaN and infinities as protobuf JSON strings", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const log = (body: string) => api.post("runs/log-metric", body);
      expect((await log(`{"run_id":"${runId}","key":"nan","value":NaN,"timestamp":1,"step":0}`)).status).toBe(200);
      expect((await log(`{"run_id":"${runId}","key":"pinf","value":"Infinity","timestamp":1}`)).status).toBe(200);
      expect((await log(`{"run_id":"${runId}","key":"ninf","value":-Infinity,"timestamp":1}`)).status).toBe(200);
      expect((await log(`{"run_id":"${runId}","key":"num","value":"2.5","timestamp":"3","step":"4"}`)).status).toBe(200);
      const metrics = (await api.get("runs/get", { run_id: runId })).body.run.data.metrics;
      expect(Object.fromEntries(metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]))).toEqual({
        nan: "NaN",
        pinf: "Infinity",
        ninf: "-Infinity",
        num: 2.5,
      });
      const history = await api.get("metrics/get-history", { run_id: runId, metric_key: "nan" });
      expect(history.body.metrics).toEqual([{ key: "nan", value: "NaN", timestamp: 1, step: 0 }]);
      expect(JSON.parse(history.text)).toEqual(history.body);
    });

    it("refuses bad metrics with MLflow's messages", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      expectError(
        await api.post("runs/log-metric", { run_id: runId, key: "m", value: 1 }),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'timestamp'",
      );
      expectError(await api.post("runs/log-metric", { run_id: runId, key: "m", value: "abc", timestamp: 1 }), 400, "INVALID_PARAMETER_VALUE", /'value'/);
      expectError(await api.post("runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: -1 }), 400, "INVALID_PARAMETER_VALUE", /Got invalid timestamp -1/);
      expectError(await api.post("runs/log-metric", { run_id: runId, key: "a//b", value: 1, timestamp: 1 }), 400, "INVALID_PARAMETER_VALUE", /Invalid metric name/);
      expectError(await api.post("runs/log-metric", { run_id: runId, key: "m".repeat(251), value: 1, timestamp: 1 }), 400, "INVALID_PARAMETER_VALUE", /Metric name .* limit of 250/);
      expectError(await api.post("runs/log-metric", { key: "m", value: 1, timestamp: 1 }), 400, "INVALID_PARAMETER_VALUE", /'run_id'/);
      expectError(await api.post("runs/log-metric", { run_id: "0123456789abcdef", key: "m", value: 1, timestamp: 1 }), 404, "RESOURCE_DOES_NOT_EXIST");
    });

    it("logs a batch atomically and enforces MLflow's batch limits", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const metrics = Array.from({ length: 997 }, (_, i) => ({ key: `m${i % 7}`, value: i, timestamp: 10 + i, step: i }));
      const ok = await api.post("runs/log-batch", {
        run_id: runId,
        metrics,
        params: [{ key: "p", value: "1" }],
        tags: [{ key: "t", value: "x" }, { key: "empty" }],
      });
      expect([ok.status, ok.text]).toEqual([200, "{}"]);
      const run = (await api.get("runs/get", { run_id: runId })).body.run;
      expect(run.data.metrics).toHaveLength(7);
      expect(run.data.params).toEqual([{ key: "p", value: "1" }]);
      const history = await api.get("metrics/get-history", { run_id: runId, metric_key: "m0" });
      expect(history.body.metrics).toHaveLength(143);

      const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: "m", value: i, timestamp: 1, step: i }));
      expectError(await api.post("runs/log-batch", { run_id: runId, metrics: tooMany }), 400, "INVALID_PARAMETER_VALUE", /at most 1000 metrics\. Got 1001/);
      const params = Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: "v" }));
      expectError(await api.post("runs/log-batch", { run_id: runId, params }), 400, "INVALID_PARAMETER_VALUE", /at most 100 params/);
      expectError(
        await api.post("runs/log-batch", { run_id: runId, metrics: tooMany.slice(0, 950), params: params.slice(0, 51) }),
        400,
        "INVALID_PARAMETER_VALUE",
        /at most 1000 metrics, params, and tags/,
      );
      expectError(
        await api.post("runs/log-batch", { run_id: runId, params: [{ key: "d", value: "1" }, { key: "d", value: "2" }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Duplicate parameter keys/,
      );
      expectError(
        await api.post("runs/log-batch", { run_id: runId, metrics: [{ key: "x", value: 1 }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'metrics[0].timestamp'",
      );

      // All or nothing: a param conflict keeps the batch's metrics and tags out too.
      const conflicting = await api.post("runs/log-batch", {
        run_id: runId,
        metrics: [{ key: "after", value: 1, timestamp: 1 }],
        params: [{ key: "p", value: "2" }],
        tags: [{ key: "after", value: "1" }],
      });
      expectError(conflicting, 400, "INVALID_PARAMETER_VALUE", /Changing param values is not allowed/);
      const after = (await api.get("runs/get", { run_id: runId })).body.run;
      expect(after.data.metrics.some((m: { key: string }) => m.key === "after")).toBe(false);
      expect(after.data.tags.some((t: { key: string }) => t.key === "after")).toBe(false);
    });

    it("accepts a 1 MB log-batch and refuses an oversized body with MLflow's message", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const tags = Array.from({ length: 100 }, (_, i) => ({ key: `big${i}`, value: "x".repeat(8000) }));
      const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: "y".repeat(2400) }));
      const body = JSON.stringify({ run_id: runId, tags, params });
      expect(body.length).toBeGreaterThan(1_000_000);
      expect((await api.post("runs/log-batch", body)).status).toBe(200);
      const huge = JSON.stringify({ run_id: runId, tags: [{ key: "h", value: "z".repeat(2_200_000) }] });
      expectError(await api.post("runs/log-batch", huge), 400, "INVALID_PARAMETER_VALUE", /Batched logging API requests must be at most \d+ bytes/);
    });

    it("records MLflow 2.x log-model calls in the model history tag", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const model = { artifact_path: "model", flavors: { python_function: {} }, utc_time_created: "2024-01-01", run_id: runId, signature: { inputs: "[]" } };
      expect((await api.post("runs/log-model", { run_id: runId, model_json: JSON.stringify(model) })).status).toBe(200);
      await api.post("runs/log-model", { run_id: runId, model_json: JSON.stringify({ ...model, artifact_path: "second" }) });
      const tags = (await api.get("runs/get", { run_id: runId })).body.run.data.tags;
      const history = JSON.parse(tags.find((t: { key: string }) => t.key === "mlflow.log-model.history").value);
      expect(history.map((m: { artifact_path: string }) => m.artifact_path)).toEqual(["model", "second"]);
      expect(history[0].signature).toBeUndefined();
      expectError(await api.post("runs/log-model", { run_id: runId, model_json: "{nope" }), 400, "INVALID_PARAMETER_VALUE", /not a valid JSON/);
      expectError(await api.post("runs/log-model", { run_id: runId, model_json: "{}" }), 400, "INVALID_PARAMETER_VALUE", /missing mandatory fields/);
    });

    it("logs dataset inputs and checks their limits", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const dataset = { name: "train", digest: "abc123", source_type: "local", source: '{"uri": "data.csv"}', schema: '{"x": "double"}' };
      const res = await api.post("runs/log-inputs", { run_id: runId, datasets: [{ dataset, tags: [{ key: "mlflow.data.context", value: "training" }] }] });
      expect(res.status).toBe(200);
      const inputs = (await api.get("runs/get", { run_id: runId })).body.run.inputs;
      expect(inputs.dataset_inputs).toEqual([{ dataset, tags: [{ key: "mlflow.data.context", value: "training" }] }]);
      expectError(
        await api.post("runs/log-inputs", { run_id: runId, datasets: [{ dataset: { ...dataset, digest: "d".repeat(37) } }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Dataset digest .* limit of 36/,
      );
      expectError(
        await api.post("runs/log-inputs", { run_id: runId, datasets: [{ dataset: { digest: "x", source_type: "local", source: "s" } }] }),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'datasets[0].dataset.name'",
      );
    });

    it("pages metric history and serves the bulk-interval history the UI charts use", async () => {
      const { api, ajax } = context();
      const { runId } = await newRun(api);
      const other = (await newRun(api)).runId;
      for (const id of [runId, other]) {
        const metrics = Array.from({ length: 300 }, (_, i) => ({ key: "loss", value: 1 / (i + 1), timestamp: 1000 + i, step: i }));
        await api.post("runs/log-batch", { run_id: id, metrics });
      }
      const seen: number[] = [];
      let token: string | undefined;
      do {
        const page = await api.get("metrics/get-history", { run_uuid: runId, metric_key: "loss", max_results: 120, ...(token ? { page_token: token } : {}) });
        expect(page.status).toBe(200);
        seen.push(...page.body.metrics.map((m: { step: number }) => m.step));
        token = page.body.next_page_token;
      } while (token);
      expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect((await api.get("metrics/get-history", { run_id: runId, metric_key: "absent" })).text).toBe("{}");
      expectError(await api.get("metrics/get-history", { run_id: runId }), 400, "INVALID_PARAMETER_VALUE", /'metric_key'/);

      const bulk = await ajax.get("metrics/get-history-bulk-interval", { run_ids: [runId, other], metric_key: "loss", max_results: 11 });
      expect(bulk.status).toBe(200);
      const byRun = (id: string) => bulk.body.metrics.filter((m: { run_id: string }) => m.run_id === id).map((m: { step: number }) => m.step);
      expect(byRun(runId)).toHaveLength(11);
      expect(byRun(runId)[0]).toBe(0);
      expect(byRun(runId).at(-1)).toBe(299);
      expect(byRun(other)).toHaveLength(11);
      const window = await ajax.get("metrics/get-history-bulk-interval", { run_ids: runId, metric_key: "loss", start_step: 10, end_step: 19 });
      expect(window.body.metrics.map((m: { step: number }) => m.step)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      expectError(
        await ajax.get("metrics/get-history-bulk-interval", { run_ids: runId, metric_key: "loss", start_step: 5 }),
        400,
        "INVALID_PARAMETER_VALUE",
        /both must be specified/,
      );
    });
  });
}
