import type { Metric } from "@sextant/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrackingStore } from "../tracking-store.js";
import { expectMlflowError, unique } from "./store-fixture.js";

const WRITERS = 16;
const METRICS_PER_WRITER = 10_000;
const BATCH = 500;
const KEYS = 10;

/** Stores for a concurrency suite: one or more stores over the same database. */
export interface ConcurrentStores {
  readonly stores: readonly TrackingStore[];
  cleanup(): Promise<void>;
}

/** Writer `w`'s metrics: KEYS keys, steps unique per writer, so nothing is a duplicate. */
function writerMetrics(w: number): Metric[] {
  return Array.from({ length: METRICS_PER_WRITER }, (_, i) => ({
    key: `k${i % KEYS}`,
    value: w + i / METRICS_PER_WRITER,
    step: w * 1_000_000 + Math.floor(i / KEYS),
    timestamp: 1_700_000_000_000 + i,
  }));
}

async function writeAll(store: TrackingStore, runId: string, w: number): Promise<void> {
  const metrics = writerMetrics(w);
  for (let at = 0; at < metrics.length; at += BATCH) {
    await store.logBatch(runId, {
      metrics: metrics.slice(at, at + BATCH),
      params: at === 0 ? [{ key: "shared", value: "same" }, { key: `p${w}`, value: String(w) }] : [],
      tags: [{ key: "writer", value: String(w) }],
    });
  }
}

async function historyLength(store: TrackingStore, runId: string, key: string): Promise<number> {
  return (await store.getMetricHistory({ runId, metricKey: key })).items.length;
}

/**
 * 16 concurrent writers each logging 10,000 metrics in batches of 500 (plus params and tags),
 * into one shared run and into a run each: afterwards every metric is in history, latest
 * values follow MLflow's rule, and no writer failed (no deadlock, nothing lost).
 */
export function describeConcurrentWriters(name: string, open: () => Promise<ConcurrentStores>): void {
  describe(`concurrent writers: ${name}`, () => {
    let stores: ConcurrentStores;
    beforeAll(async () => {
      stores = await open();
    });
    afterAll(async () => {
      await stores?.cleanup();
    });
    const storeFor = (w: number) => stores.stores[w % stores.stores.length]!;

    it("keeps every metric when 16 writers share one run", async () => {
      const store = stores.stores[0]!;
      const experimentId = await store.createExperiment({ name: unique("concurrent") });
      const runId = (await store.createRun({ experimentId, runName: "shared", userId: "u", startTime: 1, tags: [] })).info.run_id;
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writeAll(storeFor(w), runId, w)));
      for (let k = 0; k < KEYS; k++) {
        expect(await historyLength(store, runId, `k${k}`)).toBe((WRITERS * METRICS_PER_WRITER) / KEYS);
      }
      const run = await store.getRun(runId);
      const last = WRITERS - 1;
      const expected = writerMetrics(last).slice(-KEYS);
      expect(run.data.metrics).toHaveLength(KEYS);
      for (const m of expected) expect(run.data.metrics).toContainEqual(m);
      expect(run.data.params).toHaveLength(WRITERS + 1);
      expect(run.data.params).toContainEqual({ key: "shared", value: "same" });
    });

    it("keeps every metric when 16 writers each have their own run", async () => {
      const store = stores.stores[0]!;
      const experimentId = await store.createExperiment({ name: unique("concurrent") });
      const runIds = await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => (await store.createRun({ experimentId, runName: `w${w}`, userId: "u", startTime: w, tags: [] })).info.run_id),
      );
      await Promise.all(runIds.map((runId, w) => writeAll(storeFor(w), runId, w)));
      const counts = await Promise.all(runIds.map((runId) => historyLength(store, runId, "k3")));
      expect(counts).toEqual(runIds.map(() => METRICS_PER_WRITER / KEYS));
      const page = await store.searchRuns({ experimentIds: [experimentId], filter: [], viewType: "ALL", orderBy: [], maxResults: 100 });
      expect(page.items).toHaveLength(WRITERS);
      for (const run of page.items) expect(run.data.metrics).toHaveLength(KEYS);
    });

    it("lets exactly one of two racing writers set a param to its value", async () => {
      const store = stores.stores[0]!;
      const experimentId = await store.createExperiment({ name: unique("race") });
      const runId = (await store.createRun({ experimentId, runName: "race", userId: "u", startTime: 1, tags: [] })).info.run_id;
      const results = await Promise.allSettled(
        ["a", "b"].map((value, w) => storeFor(w).logBatch(runId, { metrics: [{ key: "m", value: w, step: w, timestamp: 1 }], params: [{ key: "p", value }], tags: [] })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected");
      await expectMlflowError(Promise.reject(failed?.reason), "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
      const run = await store.getRun(runId);
      expect(run.data.params).toHaveLength(1);
      // The loser's metric went with it: its batch was all or nothing.
      expect(run.data.metrics).toHaveLength(1);
      expect(run.data.metrics?.[0]?.value).toBe(run.data.params?.[0]?.value === "a" ? 0 : 1);
    });
  });
}
