import type { Metric, Param, RunTag } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { LogQueue } from "./log-queue.js";
import { RestError } from "./rest-error.js";

type Batch = { metrics: readonly Metric[]; params: readonly Param[]; tags: readonly RunTag[] };

function recorder(fail?: (batch: Batch, index: number) => unknown) {
  const batches: Batch[] = [];
  let calls = 0;
  const send = async (batch: Batch): Promise<void> => {
    const index = calls++;
    const error = fail?.(batch, index);
    if (error) throw error;
    batches.push(batch);
  };
  return { batches, send };
}

describe("LogQueue", () => {
  it("returns at once, then sends values in order in batches within MLflow's limits", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 2500; i++) void queue.logMetric("loss", i, i, 1000 + i);
    for (let i = 0; i < 150; i++) void queue.logParam(`p${i}`, i);
    await queue.flush();
    const metrics = batches.flatMap((b) => b.metrics);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(batches.flatMap((b) => b.params).map((p) => p.key)).toEqual(Array.from({ length: 150 }, (_, i) => `p${i}`));
    for (const b of batches) {
      expect(b.metrics.length).toBeLessThanOrEqual(1000);
      expect(b.params.length).toBeLessThanOrEqual(100);
      expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(1000);
      expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(1_048_576);
    }
    expect(queue.pending).toBe(0);
  });

  it("keeps batches under 1 MB when params and tags are long", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) void queue.logParam(`p${i}`, "x".repeat(6000));
    for (let i = 0; i < 100; i++) void queue.setTag(`t${i}`, "y".repeat(8000));
    await queue.flush();
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify({ run_id: "r1", ...b }))).toBeLessThan(1_048_576);
    expect(batches.flatMap((b) => b.tags)).toHaveLength(100);
  });

  it("flushes on its own after the flush interval", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { flushIntervalMs: 20 });
    void queue.logMetric("m", 1);
    expect(batches).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(batches.flatMap((b) => b.metrics).map((m) => m.value)).toEqual([1]);
  });

  it("de-duplicates an equal param and refuses a conflicting one at the call", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    await queue.logParam("C", 0.5);
    await queue.logParam("C", "0.5");
    expect(() => queue.logParam("C", 1)).toThrow(/Changing param values is not allowed.*key='C'.*'0.5'.*'1'/);
    expect(() => queue.logMany({ params: [{ key: "a", value: 1 }, { key: "a", value: 2 }] })).toThrow(/key='a'/);
    await queue.flush();
    expect(batches.flatMap((b) => b.params)).toEqual([{ key: "C", value: "0.5" }]);
  });

  it("sends a tag set twice in one batch once, with the last value", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    void queue.setTag("stage", "a");
    void queue.setTag("stage", "b");
    await queue.flush();
    expect(batches[0]?.tags).toEqual([{ key: "stage", value: "b" }]);
  });

  it("validates input at the call, naming the field and the limit", () => {
    const queue = new LogQueue("r1", async () => {}, {});
    expect(() => queue.logMetric("a".repeat(251), 1)).toThrow(/limit is 250/);
    expect(() => queue.logMetric("bad\u0000key", 1)).toThrow(/Invalid metric name/);
    expect(() => queue.logMetric("../up", 1)).toThrow(/resolve/);
    expect(() => queue.logMetric("m", "1" as unknown as number)).toThrow(/must be a number/);
    expect(() => queue.logMetric("m", 1, 1.5)).toThrow(/step must be an integer/);
    expect(() => queue.logParam("p", "v".repeat(6001))).toThrow(/limit is 6000/);
    expect(() => queue.setTag("t", "v".repeat(8001))).toThrow(/limit is 8000/);
    expect(() => queue.logMany({ metrics: [{ key: "ok", value: 1, step: 0, timestamp: 1 }], params: [{ key: "", value: 1 }] })).toThrow();
    expect(queue.pending).toBe(0);
  });

  it("drops a batch the server refuses and rejects the next flush with its RestError", async () => {
    const { batches, send } = recorder((_b, i) =>
      i === 0 ? new RestError("INVALID_PARAMETER_VALUE", "run is not active", 400) : undefined,
    );
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    void queue.logMetric("m", 1);
    const error = await queue.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).errorCode).toBe("INVALID_PARAMETER_VALUE");
    expect((error as RestError).message).toMatch(/run is not active.*1 metrics/);
    void queue.logMetric("m", 2);
    await queue.flush();
    expect(batches.flatMap((b) => b.metrics).map((m) => m.value)).toEqual([2]);
  });

  it("keeps values when the retry budget runs out, and the next flush sends them", async () => {
    let down = true;
    const { batches, send } = recorder(() => (down ? new Error("server unreachable") : undefined));
    const queue = new LogQueue("r1", send, { flushIntervalMs: 60_000 });
    void queue.logMetric("m", 1);
    void queue.logParam("p", "x");
    await expect(queue.flush()).rejects.toThrow(/server unreachable/);
    expect(queue.pending).toBe(2);
    down = false;
    await queue.flush();
    expect(queue.pending).toBe(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.metrics.map((m) => m.value)).toEqual([1]);
  });

  it("does not report a background failure whose values were delivered later", async () => {
    let down = true;
    const { batches, send } = recorder(() => (down ? new Error("server unreachable") : undefined));
    const queue = new LogQueue("r1", send, { flushIntervalMs: 10 });
    void queue.logMetric("m", 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queue.pending).toBe(1);
    down = false;
    await queue.flush();
    expect(batches.flatMap((b) => b.metrics).map((m) => m.value)).toEqual([1]);
  });

  it("in synchronous mode resolves each call once the server has the value", async () => {
    const { batches, send } = recorder();
    const queue = new LogQueue("r1", send, { synchronous: true });
    await queue.logMetric("m", 1);
    expect(batches).toHaveLength(1);
    await queue.logParam("p", 1);
    expect(batches).toHaveLength(2);
  });
});
