import { afterEach, describe, expect, it } from "vitest";
import { startRecordingServer } from "./test-support/recording-server.js";
import { Tracking } from "./tracking.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const experiment = { experiment_id: "12", name: "race", lifecycle_stage: "active", artifact_location: "x" };

describe("setExperiment", () => {
  it("gets by name, creates when missing, and tolerates losing a creation race", async () => {
    let lookups = 0;
    const server = await startRecordingServer((request) => {
      if (request.url.startsWith("/api/2.0/mlflow/experiments/get-by-name")) {
        lookups++;
        return lookups === 1
          ? { status: 404, json: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "no experiment" } }
          : { json: { experiment } };
      }
      return { status: 400, json: { error_code: "RESOURCE_ALREADY_EXISTS", message: "Experiment 'race' already exists." } };
    });
    closers.push(server.close);
    const t = new Tracking({ trackingUri: server.url, env: {}, exitHooks: false });
    expect(await t.setExperiment("race")).toEqual(experiment);
    expect(server.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual([
      "GET /api/2.0/mlflow/experiments/get-by-name",
      "POST /api/2.0/mlflow/experiments/create",
      "GET /api/2.0/mlflow/experiments/get-by-name",
    ]);
  });

  it("refuses a deleted experiment", async () => {
    const server = await startRecordingServer(() => ({ json: { experiment: { ...experiment, lifecycle_stage: "deleted" } } }));
    closers.push(server.close);
    const t = new Tracking({ trackingUri: server.url, env: {}, exitHooks: false });
    await expect(t.setExperiment("race")).rejects.toThrow(/deleted experiment 'race'/);
  });
});
