import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openTrackingStore } from "../../stores/open-tracking-store.js";
import type { TrackingStore } from "../../stores/tracking-store.js";
import { createApp } from "../create-app.js";
import { expectError } from "./describe-experiment-endpoints.js";
import { newRun } from "./describe-run-endpoints.js";
import type { ApiContext } from "./describe-tracking-api.js";
import { restClient } from "./rest-client.js";

/** A store that behaves like `inner` except that `method` throws a plain (non-MLflow) error. */
function failingStore(inner: TrackingStore, method: keyof TrackingStore, error: Error): TrackingStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === method) return () => Promise.reject(error);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Routing, encoding and the error contract: prefixes, 404s, malformed bodies, 500s without internals. */
export function describeErrorHandling(context: () => ApiContext): void {
  describe("routing and errors", () => {
    it("serves every route under /ajax-api/2.0 too", async () => {
      const { ajax } = context();
      const { runId } = await newRun(ajax);
      expect((await ajax.post("runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: 1 })).status).toBe(200);
      expect((await ajax.get("runs/get", { run_id: runId })).body.run.data.metrics).toHaveLength(1);
      expect((await ajax.get("experiments/search", { max_results: 5 })).status).toBe(200);
    });

    it("answers unknown routes and methods with a JSON ENDPOINT_NOT_FOUND", async () => {
      const { api } = context();
      expectError(await api.post("runs/no-such-thing", {}), 404, "ENDPOINT_NOT_FOUND", /runs\/no-such-thing/);
      expectError(await api.get("runs/log-metric"), 404, "ENDPOINT_NOT_FOUND");
      expectError(await api.raw("DELETE", "/api/2.0/mlflow/runs/get"), 404, "ENDPOINT_NOT_FOUND");
      const res = await api.raw("GET", "/api/2.0/unknown");
      expectError(res, 404, "ENDPOINT_NOT_FOUND");
      expect(res.headers.get("content-type")).toContain("application/json");
    });

    it("answers malformed JSON with 400 INVALID_PARAMETER_VALUE", async () => {
      const { api } = context();
      expectError(await api.post("experiments/create", '{"name": '), 400, "INVALID_PARAMETER_VALUE", /Malformed JSON/);
      expectError(await api.post("experiments/create", "[1, 2]"), 400, "INVALID_PARAMETER_VALUE", /JSON object/);
      expectError(await api.post("experiments/create", "", {}), 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'");
    });

    it("parses the body as JSON whatever the content type says", async () => {
      const { api } = context();
      const { runId } = await newRun(api);
      const body = JSON.stringify({ run_id: runId, key: "ct", value: 1, timestamp: 1 });
      expect((await api.post("runs/log-metric", body, {})).status).toBe(200);
      expect((await api.post("runs/log-metric", body, { "content-type": "text/plain" })).status).toBe(200);
      expect((await api.post("runs/log-metric", body, { "content-type": "application/x-www-form-urlencoded" })).status).toBe(200);
      expect((await api.post("runs/log-metric", body, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
      const doubleEncoded = JSON.stringify(JSON.stringify({ run_id: runId, key: "old", value: 2, timestamp: 1 }));
      expect((await api.post("runs/log-metric", doubleEncoded)).status).toBe(200);
      const res = await api.post("runs/log-metric", body);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.text).toBe("{}");
    });

    it("answers unexpected failures with INTERNAL_ERROR/500, logs the stack and leaks nothing", async () => {
      const { database, api } = context();
      const logs: string[] = [];
      const store = await openTrackingStore(database.uri, { defaultArtifactRoot: "mlflow-artifacts:/" });
      const secret = new TypeError("connection to db.internal:5432 failed for password=hunter2");
      const artifacts = mkdtempSync(join(tmpdir(), "sextant-500-"));
      const app = await createApp({
        tracking: failingStore(store, "searchRuns", secret),
        artifactsDestination: artifacts,
        logger: { level: "error", stream: { write: (line: string) => logs.push(line) } },
      });
      try {
        await app.listen({ host: "127.0.0.1", port: 0 });
        const address = app.server.address();
        const port = typeof address === "object" && address ? address.port : 0;
        const broken = restClient(`http://127.0.0.1:${port}`);
        const res = await broken.post("runs/search", { experiment_ids: ["0"] });
        expectError(res, 500, "INTERNAL_ERROR");
        expect(res.text).not.toContain("hunter2");
        expect(res.text).not.toContain("db.internal");
        expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
        expect(Object.keys(res.body).sort()).toEqual(["error_code", "message"]);
        const logged = logs.join("\n");
        expect(logged).toContain("hunter2");
        expect(logged).toContain("TypeError");
        expect(logged).toMatch(/"stack":"TypeError: connection to db\.internal.*\\n\s+at /);
        // The rest of the app keeps working.
        expect((await broken.get("experiments/get", { experiment_id: "0" })).status).toBe(200);
        expect((await api.get("experiments/get", { experiment_id: "0" })).status).toBe(200);
      } finally {
        await app.close();
        await store.close();
        rmSync(artifacts, { recursive: true, force: true });
      }
    });
  });
}
