import type { Metric } from "@sextant/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newExperiment, newRun } from "../test-support/store-fixture.js";
import type { MetricHistoryQuery, TrackingStore } from "../tracking-store.js";
import { TEST_DIALECTS } from "./test-support/test-dialects.js";

/** A metric as get-history puts it on the wire (protobuf JSON). */
function wire(m: Metric): Record<string, unknown> {
  const value = Number.isFinite(m.value) ? m.value : String(m.value);
  return { key: m.key, value, timestamp: m.timestamp, step: m.step };
}

/** A double from 64 random bits (finite ones only), to cover every exponent and mantissa. */
function randomDouble(): number {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, Math.floor(Math.random() * 2 ** 32));
    view.setUint32(4, Math.floor(Math.random() * 2 ** 32));
    const value = view.getFloat64(0);
    if (Number.isFinite(value)) return value;
  }
}

/** Deterministic shuffle (a fixed LCG), so a failure can be replayed. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

for (const dialect of TEST_DIALECTS) {
  describe(`getMetricHistoryJson on ${dialect.name}`, () => {
    let store: TrackingStore;
    let dispose: () => Promise<void> = async () => {};
    let experimentId = "";

    beforeAll(async () => {
      ({ store, dispose } = await dialect.open());
      experimentId = await newExperiment(store);
    });
    afterAll(() => dispose());

    const json = async (query: MetricHistoryQuery) => {
      const page = await store.getMetricHistoryJson!(query);
      const parsed = JSON.parse(page.metricsJson) as Record<string, unknown>[];
      expect(parsed).toHaveLength(page.count);
      return { ...page, parsed };
    };
    const log = async (runId: string, metrics: readonly Metric[]) => {
      for (let i = 0; i < metrics.length; i += 1000) {
        await store.logBatch(runId, { metrics: metrics.slice(i, i + 1000), params: [], tags: [] });
      }
    };

    it("writes NaN and infinities as strings, large steps and timestamps exactly, and escapes keys", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      const keys = ['say "hi"', "back\\slash", "new\nline\ttab", "损失/λ é", "emoji 🚀", "</script>"];
      const big = Number.MAX_SAFE_INTEGER;
      const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1.5, 0.1, 1 / 3, 1e21, 5e-324, Number.MAX_VALUE];
      for (const key of keys) {
        const metrics = values.map((value, i) => ({ key, value, timestamp: big - 10 + i, step: i % 2 ? big - i : -big + i }));
        await log(runId, metrics);
        const page = await json({ runId, metricKey: key });
        const objects = (await store.getMetricHistory({ runId, metricKey: key })).items;
        expect(page.parsed).toEqual(objects.map(wire));
        expect(page.parsed.map((m) => m.value)).toEqual(["NaN", "Infinity", "-Infinity", 0, -1.5, 0.1, 1 / 3, 1e21, 5e-324, Number.MAX_VALUE]);
        expect(page.parsed.map((m) => m.key)).toEqual(values.map(() => key));
        expect(page.parsed[1]).toEqual({ key, value: "Infinity", timestamp: big - 9, step: big - 1 });
        expect(page.parsed[0]).toEqual({ key, value: "NaN", timestamp: big - 10, step: -big });
      }
    });

    it("keeps every finite double exact", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      const metrics = Array.from({ length: 3000 }, (_, i) => ({ key: "bits", value: randomDouble(), timestamp: i, step: i }));
      await log(runId, metrics);
      const page = await json({ runId, metricKey: "bits" });
      const mismatched = page.parsed.filter((m, i) => !Object.is(m.value, metrics[i]!.value === 0 ? 0 : metrics[i]!.value));
      expect(mismatched).toEqual([]);
    });

    it("orders by timestamp, step, value whatever the insertion order, and pages like getMetricHistory", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      // Ties on timestamp and step, NaN among values (ordered as its stored 0), inserted shuffled.
      const metrics: Metric[] = [];
      for (let i = 0; i < 4000; i++) {
        const value = i % 97 === 0 ? Number.NaN : ((i * 7919) % 1000) / 7 - 50;
        metrics.push({ key: "loss", value, timestamp: 1000 + (i % 40), step: i % 13 });
      }
      await log(runId, shuffled(metrics));
      const objects = (await store.getMetricHistory({ runId, metricKey: "loss" })).items;
      const all = await json({ runId, metricKey: "loss" });
      expect(all.nextPageToken).toBeUndefined();
      expect(all.parsed).toEqual(objects.map(wire));
      expect(all.count).toBe(objects.length);

      const pages: Record<string, unknown>[] = [];
      let pageToken: string | undefined;
      let fetched = 0;
      do {
        const query = { runId, metricKey: "loss", maxResults: 333, ...(pageToken ? { pageToken } : {}) };
        const page = await json(query);
        const expected = await store.getMetricHistory(query);
        expect(page.nextPageToken).toBe(expected.nextPageToken);
        expect(page.parsed).toEqual(expected.items.map(wire));
        pages.push(...page.parsed);
        pageToken = page.nextPageToken;
        fetched++;
      } while (pageToken);
      expect(fetched).toBe(Math.ceil(objects.length / 333));
      expect(pages).toEqual(all.parsed);
    });

    it("gives an empty page for an unknown run or key, and refuses a malformed token", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      await log(runId, [{ key: "a", value: 1, timestamp: 1, step: 1 }]);
      expect(await store.getMetricHistoryJson!({ runId, metricKey: "absent" })).toEqual({ metricsJson: "[]", count: 0 });
      expect(await store.getMetricHistoryJson!({ runId: "f".repeat(32), metricKey: "a" })).toEqual({ metricsJson: "[]", count: 0 });
      const exact = await json({ runId, metricKey: "a", maxResults: 1 });
      expect([exact.count, exact.nextPageToken]).toEqual([1, undefined]);
      await expect(store.getMetricHistoryJson!({ runId, metricKey: "a", pageToken: "%%%" })).rejects.toMatchObject({
        code: "INVALID_PARAMETER_VALUE",
      });
    });
  });
}
