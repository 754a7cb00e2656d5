import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTrackingStore } from "../stores/open-tracking-store.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import { createApp } from "./create-app.js";
import { POSTGRES_BACKEND, SQLITE_BACKEND, type TestDatabase } from "./test-support/test-backends.js";

/** The same store without its encoded get-history, so the object path answers. */
function withoutEncodedHistory(store: TrackingStore): TrackingStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "getMetricHistoryJson") return undefined;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const BIG = Number.MAX_SAFE_INTEGER;
const KEY = "损失/λ é: val_loss-1";

for (const backend of [SQLITE_BACKEND, POSTGRES_BACKEND]) {
  describe(`get-history wire JSON on ${backend.name}`, () => {
    let database: TestDatabase;
    let store: TrackingStore;
    let fast: FastifyInstance;
    let slow: FastifyInstance;
    let artifacts = "";
    let runId = "";

    const get = async (app: FastifyInstance, query: Record<string, string | number>) => {
      const url = `/api/2.0/mlflow/metrics/get-history?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`;
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      return { text: res.body, body: JSON.parse(res.body) as { metrics?: Record<string, unknown>[]; next_page_token?: string } };
    };

    beforeAll(async () => {
      artifacts = mkdtempSync(join(tmpdir(), "sextant-history-wire-"));
      database = await backend.create();
      store = await openTrackingStore(database.uri, { defaultArtifactRoot: artifacts });
      fast = await createApp({ tracking: store, artifactsDestination: artifacts, logger: false });
      slow = await createApp({ tracking: withoutEncodedHistory(store), artifactsDestination: artifacts, logger: false });
      const post = async (path: string, payload: string) => {
        const res = await fast.inject({ method: "POST", url: `/api/2.0/mlflow/${path}`, payload, headers: { "content-type": "application/json" } });
        expect(res.statusCode, res.body).toBe(200);
        return JSON.parse(res.body);
      };
      const { experiment_id } = await post("experiments/create", JSON.stringify({ name: "wire" }));
      runId = (await post("runs/create", JSON.stringify({ experiment_id }))).run.info.run_id;
      // Bare NaN/Infinity tokens (Python's json.dumps) and protobuf-JSON strings, int64 as strings.
      await post(
        "runs/log-batch",
        `{"run_id":"${runId}","metrics":[` +
          `{"key":${JSON.stringify(KEY)},"value":NaN,"timestamp":1,"step":0},` +
          `{"key":${JSON.stringify(KEY)},"value":"Infinity","timestamp":2,"step":"${BIG}"},` +
          `{"key":${JSON.stringify(KEY)},"value":-Infinity,"timestamp":"${BIG}","step":-3},` +
          `{"key":${JSON.stringify(KEY)},"value":0.1,"timestamp":3,"step":1},` +
          `{"key":${JSON.stringify(KEY)},"value":-2.5e-300,"timestamp":4,"step":2}]}`,
      );
      const metrics = Array.from({ length: 250 }, (_, i) => ({ key: "curve", value: Math.sin(i), timestamp: 1000 + i, step: i }));
      await post("runs/log-batch", JSON.stringify({ run_id: runId, metrics }));
    });

    afterAll(async () => {
      await fast?.close();
      await slow?.close();
      await store?.close();
      await database?.drop();
      rmSync(artifacts, { recursive: true, force: true });
    });

    it("answers NaN and infinities as strings, int64 extremes exactly and unicode keys intact", async () => {
      const { text, body } = await get(fast, { run_id: runId, metric_key: KEY });
      expect(body).toEqual({
        metrics: [
          { key: KEY, value: "NaN", timestamp: 1, step: 0 },
          { key: KEY, value: "Infinity", timestamp: 2, step: BIG },
          { key: KEY, value: 0.1, timestamp: 3, step: 1 },
          { key: KEY, value: -2.5e-300, timestamp: 4, step: 2 },
          { key: KEY, value: "-Infinity", timestamp: BIG, step: -3 },
        ],
      });
      expect(text).toContain(`"step":${BIG}`);
      expect(text).toContain(`"timestamp":${BIG}`);
      expect(body).toEqual((await get(slow, { run_id: runId, metric_key: KEY })).body);
    });

    it("pages with max_results and page_token exactly as the object path does", async () => {
      const pages: Record<string, unknown>[] = [];
      let token: string | undefined;
      do {
        const query = { run_id: runId, metric_key: "curve", max_results: 100, ...(token ? { page_token: token } : {}) };
        const page = await get(fast, query);
        expect(page.body).toEqual((await get(slow, query)).body);
        pages.push(...(page.body.metrics ?? []));
        token = page.body.next_page_token;
      } while (token);
      expect(pages.map((m) => m.step)).toEqual(Array.from({ length: 250 }, (_, i) => i));
      expect(pages.every((m, i) => m.value === Math.sin(i))).toBe(true);
      expect((await get(fast, { run_id: runId, metric_key: "curve" })).body.metrics).toEqual(pages);
    });

    it("answers {} for a key that has no values", async () => {
      expect((await get(fast, { run_id: runId, metric_key: "absent" })).text).toBe("{}");
      expect((await get(slow, { run_id: runId, metric_key: "absent" })).text).toBe("{}");
    });
  });
}
