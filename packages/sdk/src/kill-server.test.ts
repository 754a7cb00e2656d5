import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Tracking } from "./tracking.js";

const SCRIPT = fileURLToPath(new URL("./test-support/server-process.mjs", import.meta.url));
const BUILT_SERVER = fileURLToPath(new URL("../../server/dist/index.js", import.meta.url));

const children: ChildProcess[] = [];
let dir = "";

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the server in a child process and resolves with its URL once it listens. */
function spawnServer(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SCRIPT, join(dir, "mlflow.db"), join(dir, "artifacts"), String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /LISTENING (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`server process exited with ${code}: ${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("batched logging survives kill -9 of the server", () => {
  it("retries until the restarted server has every value exactly once", async () => {
    expect(existsSync(BUILT_SERVER), "this test runs the built server: run `npm run build` first").toBe(true);
    dir = await mkdtemp(join(tmpdir(), "sextant-kill-"));
    const first = await spawnServer(0);
    const port = Number(new URL(first.url).port);
    const t = new Tracking({
      trackingUri: first.url,
      env: {},
      exitHooks: false,
      flushIntervalMs: 10,
      retry: { timeoutMs: 60_000, initialDelayMs: 50, maxDelayMs: 500 },
    });
    const run = await t.startRun({ runName: "kill-9" });
    const total = 20_000;
    const half = total / 2;

    // Log steadily; kill the server while batches are flowing.
    for (let step = 0; step < half; step++) {
      void run.logMetric("loss", 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
      if (step % 50 === 0) void run.logParam(`p${step / 50}`, step);
      if (step % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    while (run.pendingValues > half * 0.6) await sleep(1);
    const pendingAtKill = run.pendingValues;
    await killed(first.child);

    // Keep logging while the server is gone: calls still return at once.
    const started = performance.now();
    for (let step = half; step < total; step++) {
      void run.logMetric("loss", 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
      if (step % 50 === 0) void run.logParam(`p${step / 50}`, step);
      if (step % 1000 === 0) void run.setTag("progress", String(step));
    }
    const enqueueWhileDownMs = performance.now() - started;
    await sleep(1500);

    const second = await spawnServer(port);
    const flushStarted = performance.now();
    await t.flush();
    const flushMs = performance.now() - flushStarted;
    await t.endRun();

    const history = await t.client().getMetricHistory(run.runId, "loss");
    expect(history).toHaveLength(total);
    expect(history.map((m) => m.step)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(history.every((m) => m.value === 1 / (m.step + 1))).toBe(true);
    const got = await t.getRun(run.runId);
    expect(got.data.params).toHaveLength(total / 50);
    expect(got.data.tags).toContainEqual({ key: "progress", value: String(total - 1000) });
    expect(got.info.status).toBe("FINISHED");
    console.info(
      `kill -9 test: ${pendingAtKill} values pending at kill, ${half} more enqueued in ${enqueueWhileDownMs.toFixed(0)} ms ` +
        `while down, flush after restart took ${flushMs.toFixed(0)} ms`,
    );
    await killed(second.child);
  });
});
