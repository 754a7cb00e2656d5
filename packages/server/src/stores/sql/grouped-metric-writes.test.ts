import type { Metric } from "@sextant/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestValues, newExperiment, newRun } from "../test-support/store-fixture.js";
import type { TrackingStore } from "../tracking-store.js";
import { TEST_DIALECTS } from "./test-support/test-dialects.js";

const m = (key: string, value: number, step: number, timestamp = 1): Metric => ({ key, value, step, timestamp });
const metricsOnly = (metrics: readonly Metric[]) => ({ metrics, params: [], tags: [] });

/**
 * Writes issued in the same event-loop turn share one commit (SQLite's grouped transaction,
 * PostgreSQL's grouped metrics statement). Each must still behave as if it ran alone.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`metric writes sharing a commit on ${dialect.name}`, () => {
    let store: TrackingStore;
    let dispose: () => Promise<void> = async () => {};
    let experimentId = "";

    beforeAll(async () => {
      ({ store, dispose } = await dialect.open());
      experimentId = await newExperiment(store);
    });
    afterAll(() => dispose());

    const history = async (runId: string, key: string) =>
      (await store.getMetricHistory({ runId, metricKey: key })).items.map((x) => [x.step, x.value]);

    it("fails only the writes to a missing or deleted run, with MLflow's errors", async () => {
      const live = (await newRun(store, experimentId)).info.run_id;
      const deleted = (await newRun(store, experimentId)).info.run_id;
      await store.setRunLifecycle(deleted, "deleted");
      const missing = "0123456789abcdef0123456789abcdef";
      const outcomes = await Promise.allSettled([
        store.logBatch(live, metricsOnly([m("a", 1, 1)])),
        store.logBatch(missing, metricsOnly([m("a", 2, 2)])),
        store.logBatch(deleted, metricsOnly([m("a", 3, 3)])),
        store.logBatch(live, metricsOnly([m("a", 4, 4), m("b", 5, 5)])),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
        code: "RESOURCE_DOES_NOT_EXIST",
        message: `Run with id=${missing} not found`,
      });
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
        code: "INVALID_PARAMETER_VALUE",
        message: `The run ${deleted} must be in the 'active' state. Current state is deleted.`,
      });
      expect(await history(live, "a")).toEqual([
        [1, 1],
        [4, 4],
      ]);
      expect(await history(deleted, "a")).toEqual([]);
      await store.setRunLifecycle(deleted, "active");
      expect((await store.getRun(deleted)).data.metrics).toEqual([]);
    });

    it("keeps MLflow's latest value across writes of one run that share a commit", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      await Promise.all([
        store.logBatch(runId, metricsOnly([m("loss", 0.5, 7, 10), m("acc", Number.NaN, 1)])),
        store.logBatch(runId, metricsOnly([m("loss", 0.9, 9, 5)])), // largest step wins whatever the time
        store.logBatch(runId, metricsOnly([m("loss", 0.1, 8, 99), m("acc", 0.3, 1)])), // acc: same step and time, 0.3 > NaN's stored 0
        store.logBatch(runId, metricsOnly([m("loss", 0.5, 7, 10)])), // exact duplicate: stored once
      ]);
      const latest = latestValues(await store.getRun(runId));
      expect(latest).toEqual({ loss: 0.9, acc: 0.3 });
      expect(await history(runId, "loss")).toEqual([
        [9, 0.9],
        [7, 0.5],
        [8, 0.1],
      ]);
      expect((await history(runId, "acc")).map(([, v]) => v)).toEqual([Number.NaN, 0.3]);
    });

    it("keeps every metric of many concurrent writers to one run", async () => {
      const runId = (await newRun(store, experimentId)).info.run_id;
      const writers = Array.from({ length: 24 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 40; i++) await store.logBatch(runId, metricsOnly([m("loss", w + i / 100, w * 1000 + i, w)]));
        })(),
      );
      await Promise.all(writers);
      expect(await history(runId, "loss")).toHaveLength(24 * 40);
      expect(latestValues(await store.getRun(runId)).loss).toBe(23 + 39 / 100);
    });
  });
}
