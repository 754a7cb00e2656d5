import type { Metric } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { expectMlflowError, latestValues, metric, newExperiment, newRun, type StoreHandle } from "./store-fixture.js";

/** Metrics: history order and paging, duplicates, NaN / ±Infinity, MLflow's latest-value rule. */
export function describeMetricContract(handle: () => StoreHandle): void {
  describe("metrics", () => {
    it("round-trips NaN, +Infinity and -Infinity through history and latest values", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      await store.logBatch(id, {
        metrics: [metric("nan", Number.NaN), metric("pinf", Number.POSITIVE_INFINITY), metric("ninf", Number.NEGATIVE_INFINITY)],
        params: [],
        tags: [],
      });
      const latest = latestValues(await store.getRun(id));
      expect(latest.nan).toBeNaN();
      expect(latest.pinf).toBe(Number.POSITIVE_INFINITY);
      expect(latest.ninf).toBe(Number.NEGATIVE_INFINITY);
      expect((await store.getMetricHistory({ runId: id, metricKey: "nan" })).items[0]?.value).toBeNaN();
      expect((await store.getMetricHistory({ runId: id, metricKey: "pinf" })).items[0]?.value).toBe(Number.POSITIVE_INFINITY);
      expect((await store.getMetricHistory({ runId: id, metricKey: "ninf" })).items[0]?.value).toBe(Number.NEGATIVE_INFINITY);
    });

    it("keeps as latest the value with the largest step, then timestamp, then value", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      const log = (...metrics: Metric[]) => store.logBatch(id, { metrics, params: [], tags: [] });
      await log(metric("m", 5, 10, 100));
      await log(metric("m", 7, 9, 999)); // smaller step, later: not latest
      expect(latestValues(await store.getRun(id)).m).toBe(5);
      await log(metric("m", 3, 10, 101)); // same step, later timestamp
      expect(latestValues(await store.getRun(id)).m).toBe(3);
      await log(metric("m", 1, 10, 101)); // same step and timestamp, smaller value
      expect(latestValues(await store.getRun(id)).m).toBe(3);
      await log(metric("m", 4, 10, 101)); // same step and timestamp, larger value
      expect(latestValues(await store.getRun(id)).m).toBe(4);
      await log(metric("m", -1, 11, 0)); // larger step wins whatever the timestamp
      const run = await store.getRun(id);
      expect(run.data.metrics).toEqual([{ key: "m", value: -1, step: 11, timestamp: 0 }]);
      // Within one batch the same rule picks the latest, whatever the order sent.
      await log(metric("b", 1, 3, 5), metric("b", 9, 2, 50), metric("b", 2, 3, 5), metric("b", 0, 1, 99));
      expect(latestValues(await store.getRun(id)).b).toBe(2);
    });

    it("treats a NaN latest value like MLflow (NaN compares as 0) and lets later values replace it", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      await store.logBatch(id, { metrics: [metric("m", Number.NaN, 1, 1)], params: [], tags: [] });
      expect(latestValues(await store.getRun(id)).m).toBeNaN();
      await store.logBatch(id, { metrics: [metric("m", 0.5, 2, 1)], params: [], tags: [] });
      expect(latestValues(await store.getRun(id)).m).toBe(0.5);
    });

    it("stores exact duplicates once, but keeps values differing in any field", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      const m = metric("d", 1.5, 3, 30);
      await store.logBatch(id, { metrics: [m, m], params: [], tags: [] });
      await store.logBatch(id, { metrics: [m], params: [], tags: [] });
      await store.logBatch(id, { metrics: [metric("d", 1.5, 3, 31), metric("d", 1.5, 4, 30), metric("d", 1.6, 3, 30)], params: [], tags: [] });
      await store.logBatch(id, { metrics: [metric("d", Number.NaN, 3, 30), metric("d", Number.NaN, 3, 30), metric("d", 0, 3, 30)], params: [], tags: [] });
      const items = (await store.getMetricHistory({ runId: id, metricKey: "d" })).items;
      expect(items).toHaveLength(6);
    });

    it("returns history ordered by timestamp, then step, then value", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      await store.logBatch(id, {
        metrics: [metric("h", 3, 2, 20), metric("h", 1, 5, 10), metric("h", 2, 1, 20), metric("h", 0, 1, 20), metric("other", 9, 0, 0)],
        params: [],
        tags: [],
      });
      const items = (await store.getMetricHistory({ runId: id, metricKey: "h" })).items;
      expect(items).toEqual([
        { key: "h", value: 1, step: 5, timestamp: 10 },
        { key: "h", value: 0, step: 1, timestamp: 20 },
        { key: "h", value: 2, step: 1, timestamp: 20 },
        { key: "h", value: 3, step: 2, timestamp: 20 },
      ]);
      expect((await store.getMetricHistory({ runId: id, metricKey: "absent" })).items).toEqual([]);
      expect((await store.getMetricHistory({ runId: "0123456789abcdef0123456789abcdef", metricKey: "h" })).items).toEqual([]);
    });

    it("pages history with opaque tokens that cover every value once", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      const metrics = Array.from({ length: 25 }, (_, i) => metric("p", i, i, 1000 + i));
      await store.logBatch(id, { metrics, params: [], tags: [] });
      const seen: number[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.getMetricHistory({ runId: id, metricKey: "p", maxResults: 10, ...(pageToken ? { pageToken } : {}) });
        seen.push(...page.items.map((m) => m.step));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(seen).toEqual(metrics.map((m) => m.step));
      const exact = await store.getMetricHistory({ runId: id, metricKey: "p", maxResults: 25 });
      expect(exact.items).toHaveLength(25);
      expect(exact.nextPageToken).toBeUndefined();
      await expectMlflowError(store.getMetricHistory({ runId: id, metricKey: "p", pageToken: "%%%" }), "INVALID_PARAMETER_VALUE", "Invalid page token");
      await expectMlflowError(
        store.getMetricHistory({ runId: id, metricKey: "p", pageToken: Buffer.from('{"offset": "x"}').toString("base64") }),
        "INVALID_PARAMETER_VALUE",
        "Invalid page token",
      );
    });

    it("writes large batches in chunks (5,000 metrics over 40 keys in one call)", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      const metrics = Array.from({ length: 5000 }, (_, i) => metric(`k${i % 40}`, i / 7, Math.floor(i / 40), 5000 - i));
      await store.logBatch(id, { metrics, params: [], tags: [] });
      const run = await store.getRun(id);
      expect(run.data.metrics).toHaveLength(40);
      const k7 = run.data.metrics?.find((m) => m.key === "k7");
      expect(k7).toEqual({ key: "k7", value: 4967 / 7, step: 124, timestamp: 5000 - 4967 });
      expect((await store.getMetricHistory({ runId: id, metricKey: "k7" })).items).toHaveLength(125);
    });

    it("keeps steps and timestamps beyond 32 bits exact", async () => {
      const { store } = handle();
      const id = (await newRun(store, await newExperiment(store))).info.run_id;
      const big = metric("big", 1, 2 ** 40 + 3, 1_700_000_000_123);
      await store.logBatch(id, { metrics: [big], params: [], tags: [] });
      expect((await store.getMetricHistory({ runId: id, metricKey: "big" })).items).toEqual([big]);
      expect((await store.getRun(id)).data.metrics).toEqual([big]);
    });
  });
}
