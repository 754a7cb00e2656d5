import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileDataset } from "./file-dataset.js";
import { RestError } from "./rest-error.js";
import { startTempServer } from "./test-support/temp-server.js";
import { Tracking, type TrackingOptions } from "./tracking.js";

let server: Awaited<ReturnType<typeof startTempServer>>;
let work: string;

beforeAll(async () => {
  server = await startTempServer();
  work = await mkdtemp(join(tmpdir(), "sextant-sdk-work-"));
});
afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

function tracking(options: Partial<TrackingOptions> = {}, env: Record<string, string> = {}): Tracking {
  return new Tracking({
    trackingUri: server.url,
    env: { USER: "tester", ...env },
    exitHooks: false,
    retry: { timeoutMs: 2000, initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
}

describe("fluent API against a real server", () => {
  it("logs params, metrics, tags and a dataset into a new run and ends it FINISHED", async () => {
    const t = tracking();
    const experiment = await t.setExperiment("fluent-e2e");
    expect(await t.setExperiment("fluent-e2e")).toMatchObject({ experiment_id: experiment.experiment_id });
    const run = await t.startRun({ runName: "first", tags: { team: "ml" }, description: "hello" });
    expect(t.activeRun()).toBe(run);
    void t.logParam("C", 0.5);
    void t.logParams({ penalty: "l2", max_iter: 100 });
    for (let step = 0; step < 5; step++) void t.logMetric("train loss", 1 / (step + 1), step);
    void t.logMetrics({ "train acc": 0.9, "test acc": 0.85 });
    void t.logMetric("weird", Number.NaN);
    void t.setTag("stage", "dev");
    const csv = join(work, "dataset.csv");
    await writeFile(csv, "x1,x2,y,split\n0.1,0.2,1,train\n");
    await t.logInput(await fileDataset(csv), { context: "training" });
    await t.endRun();
    expect(t.activeRun()).toBeUndefined();

    const got = await t.getRun(run.runId);
    expect(got.info).toMatchObject({ status: "FINISHED", run_name: "first", experiment_id: experiment.experiment_id });
    expect(got.info.end_time).toBeGreaterThan(0);
    const params = Object.fromEntries((got.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params).toEqual({ C: "0.5", penalty: "l2", max_iter: "100" });
    const metrics = Object.fromEntries((got.data.metrics ?? []).map((m) => [m.key, m.value]));
    expect(metrics).toMatchObject({ "train loss": 0.2, "train acc": 0.9, "test acc": 0.85 });
    expect(metrics.weird).toBeNaN();
    const tags = Object.fromEntries((got.data.tags ?? []).map((tag) => [tag.key, tag.value]));
    expect(tags).toMatchObject({
      team: "ml",
      stage: "dev",
      "mlflow.user": "tester",
      "mlflow.source.type": "LOCAL",
      "mlflow.runName": "first",
      "mlflow.note.content": "hello",
    });
    expect(tags["mlflow.source.name"]).toBeTruthy();
    const history = await t.client().getMetricHistory(run.runId, "train loss");
    expect(history.map((m) => m.step)).toEqual([0, 1, 2, 3, 4]);
    const input = got.inputs?.dataset_inputs?.[0];
    expect(input?.dataset).toMatchObject({ name: "dataset", source_type: "local" });
    expect(input?.dataset.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(input?.tags).toEqual([{ key: "mlflow.data.context", value: "training" }]);
  });

  it("withRun ends FINISHED on success and FAILED when the function throws (rethrowing)", async () => {
    const t = tracking();
    const ok = await t.withRun(async (run) => {
      void run.logMetric("m", 1);
      return run.runId;
    });
    expect((await t.getRun(ok)).info.status).toBe("FINISHED");
    let failedId = "";
    await expect(
      t.withRun(async (run) => {
        failedId = run.runId;
        throw new Error("training diverged");
      }),
    ).rejects.toThrow("training diverged");
    expect((await t.getRun(failedId)).info.status).toBe("FAILED");
    expect(t.activeRun()).toBeUndefined();
  });

  it("starts nested runs with mlflow.parentRunId and refuses a second top-level run", async () => {
    const t = tracking();
    const parent = await t.startRun();
    await expect(t.startRun()).rejects.toMatchObject({ code: "INVALID_STATE", message: expect.stringMatching(/nested: true/) });
    const child = await t.startRun({ nested: true, runName: "child" });
    expect(t.activeRun()).toBe(child);
    await t.endRun();
    expect(t.activeRun()).toBe(parent);
    await t.endRun("KILLED");
    const got = await t.getRun(child.runId);
    expect(got.data.tags).toContainEqual({ key: "mlflow.parentRunId", value: parent.runId });
    expect((await t.getRun(parent.runId)).info.status).toBe("KILLED");
  });

  it("resumes the run named by MLFLOW_RUN_ID instead of creating one, once", async () => {
    const creator = tracking();
    const original = await creator.startRun({ runName: "launched" });
    await creator.endRun();
    const t = tracking({}, { MLFLOW_RUN_ID: original.runId });
    const resumed = await t.startRun({ tags: { resumed: "yes" } });
    expect(resumed.runId).toBe(original.runId);
    expect(resumed.info.status).toBe("RUNNING");
    void t.logParam("from_child", 1);
    await t.endRun();
    const got = await t.getRun(original.runId);
    expect(got.info.status).toBe("FINISHED");
    expect(got.data.params).toContainEqual({ key: "from_child", value: "1" });
    expect(got.data.tags).toContainEqual({ key: "resumed", value: "yes" });
    const next = await t.startRun();
    expect(next.runId).not.toBe(original.runId);
    await t.endRun();
  });

  it("uses MLFLOW_EXPERIMENT_NAME for new runs, creating the experiment", async () => {
    const t = tracking({}, { MLFLOW_EXPERIMENT_NAME: "from-env" });
    const run = await t.startRun();
    await t.endRun();
    const experiment = await t.client().getExperimentByName("from-env");
    expect(run.experimentId).toBe(experiment?.experiment_id);
  });

  it("surfaces server refusals as RestError with MLflow's error code", async () => {
    const t = tracking();
    await expect(t.getRun("does-not-exist")).rejects.toSatisfy(
      (e: unknown) => e instanceof RestError && e.errorCode === "RESOURCE_DOES_NOT_EXIST" && e.httpStatus === 404,
    );
    await expect(t.client().createExperiment("fluent-e2e")).rejects.toMatchObject({
      errorCode: "RESOURCE_ALREADY_EXISTS",
      httpStatus: 400,
    });
    // a param conflicting with one logged by another process: refused by the server at flush/endRun
    const run = await t.startRun();
    await t.client().logParam(run.runId, "lr", "0.1");
    void t.logParam("lr", "0.2");
    void t.logMetric("kept", 1);
    await expect(t.endRun()).rejects.toMatchObject({ errorCode: "INVALID_PARAMETER_VALUE", httpStatus: 400 });
    expect((await t.getRun(run.runId)).info.status).toBe("FINISHED");
  });

  it("refuses bad input at the call, before anything is queued", async () => {
    const t = tracking();
    await t.startRun();
    expect(() => t.logMetric("bad/../key", 1)).toThrow(/Invalid metric name/);
    expect(() => t.logParam("p", "x".repeat(6001))).toThrow(/6001 characters, the limit is 6000/);
    await t.endRun();
    expect(() => t.logMetric("m", 1)).toThrow(/needs an active run/);
  });

  it("sends batched values in order: many steps of several keys arrive complete and ordered", async () => {
    const t = tracking({ flushIntervalMs: 50 });
    const run = await t.startRun();
    const started = performance.now();
    for (let step = 0; step < 3000; step++) {
      void t.logMetric("a", step, step);
      void t.logMetric("b", -(step + 1), step);
    }
    const enqueueMs = performance.now() - started;
    await t.flush();
    await t.endRun();
    const a = await t.client().getMetricHistory(run.runId, "a");
    const b = await t.client().getMetricHistory(run.runId, "b");
    expect(a.map((m) => m.value)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(b.map((m) => m.value)).toEqual(Array.from({ length: 3000 }, (_, i) => -(i + 1)));
    expect(enqueueMs).toBeLessThan(1000);
  });

  it("synchronous mode resolves each call once the server has the value", async () => {
    const t = tracking({}, { MLFLOW_ENABLE_ASYNC_LOGGING: "false" });
    const run = await t.startRun();
    await t.logMetric("m", 3);
    const got = await t.client().getRun(run.runId);
    expect(got.data.metrics).toContainEqual(expect.objectContaining({ key: "m", value: 3 }));
    await t.endRun();
  });
});

describe("artifacts against a real server", () => {
  for (const serveArtifacts of [true, false]) {
    it(`round-trips files, folders, text and dicts (${serveArtifacts ? "proxied" : "local folder"})`, async () => {
      const local = serveArtifacts ? server : await startTempServer({ serveArtifacts: false });
      try {
        const t = new Tracking({ trackingUri: local.url, env: {}, exitHooks: false });
        const run = await t.startRun();
        expect(run.artifactUri.startsWith(serveArtifacts ? "mlflow-artifacts:" : "file:")).toBe(true);
        const src = join(work, `src-${serveArtifacts}`);
        await mkdir(join(src, "model", "sub"), { recursive: true });
        await writeFile(join(src, "model", "MLmodel"), "flavors: {}\n");
        await writeFile(join(src, "model", "sub", "weights.json"), JSON.stringify({ w: [1, 2, 3] }));
        const big = Buffer.alloc(3 * 1024 * 1024, 7);
        await writeFile(join(src, "big.bin"), big);
        await t.logArtifacts(join(src, "model"), "model");
        await t.logArtifact(join(src, "big.bin"));
        await t.logText("hello\n", "logs/stdout.txt");
        await t.logDict({ a: 1, b: ["x"] }, "config.yaml");
        await t.logDict({ a: 1 }, "meta/config.json");
        await t.endRun();

        const top = await t.listArtifacts(run.runId);
        expect(top.map((f) => f.path).sort()).toEqual(["big.bin", "config.yaml", "logs", "meta", "model"]);
        const dst = join(work, `dst-${serveArtifacts}`);
        const modelDir = await t.downloadArtifacts(run.runId, "model", dst);
        expect(modelDir).toBe(join(dst, "model"));
        expect(await readFile(join(dst, "model", "MLmodel"), "utf8")).toBe("flavors: {}\n");
        expect(JSON.parse(await readFile(join(dst, "model", "sub", "weights.json"), "utf8"))).toEqual({ w: [1, 2, 3] });
        await t.downloadArtifacts(run.runId, "", join(dst, "all"));
        expect((await readFile(join(dst, "all", "big.bin"))).equals(big)).toBe(true);
        expect(await readFile(join(dst, "all", "logs", "stdout.txt"), "utf8")).toBe("hello\n");
        expect(await readFile(join(dst, "all", "config.yaml"), "utf8")).toBe("a: 1\nb:\n  - x\n");
        expect(await readFile(join(dst, "all", "meta", "config.json"), "utf8")).toBe('{\n  "a": 1\n}\n');
        await expect(t.downloadArtifacts(run.runId, "nope", dst)).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
      } finally {
        if (!serveArtifacts) await local.close();
      }
    });
  }
});
