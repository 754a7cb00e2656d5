import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient } from "../http/test-support/rest-client.js";
import { serverUrl, spawnCli } from "./test-support/cli-process.js";

describe("sextant server (built CLI)", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sextant-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists MLflow's flags in --help", async () => {
    const cli = spawnCli(["server", "--help"]);
    expect(await cli.exited).toBe(0);
    for (const flag of [
      "--backend-store-uri",
      "--default-artifact-root",
      "--serve-artifacts",
      "--no-serve-artifacts",
      "--artifacts-destination",
      "--artifacts-only",
      "-h, --host",
      "-p, --port",
      "MLFLOW_BACKEND_STORE_URI",
      "MLFLOW_DEFAULT_ARTIFACT_ROOT",
      "MLFLOW_HOST",
      "MLFLOW_PORT",
    ]) {
      expect(cli.stdout()).toContain(flag);
    }
  });

  it("starts on ./mlruns by default, answers, and exits 0 on SIGTERM after finishing requests", async () => {
    const cli = spawnCli(["server", "-h", "127.0.0.1", "--port", "0"], { cwd: dir });
    const url = await serverUrl(cli);
    expect(cli.stdout()).toContain("sqlite:///mlruns/mlflow.db");
    const api = restClient(url);
    const runId: string = (await api.post("runs/create", {})).body.run.info.run_id;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: i, timestamp: i, step: i }));
    // Eight keep-alive connections, then a log-batch on each, then SIGTERM while they run.
    await Promise.all(Array.from({ length: 8 }, () => api.raw("GET", "/health")));
    const inFlight = Array.from({ length: 8 }, () => api.post("runs/log-batch", { run_id: runId, metrics }));
    await new Promise((r) => setTimeout(r, 5));
    cli.child.kill("SIGTERM");
    const responses = await Promise.all(inFlight);
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain("SIGTERM received");

    // The database was closed cleanly: a new server on it sees everything that was acknowledged.
    const again = spawnCli(["server", "--port", "0"], { cwd: dir });
    const api2 = restClient(await serverUrl(again));
    const run = await api2.get("runs/get", { run_id: runId });
    expect(run.body.run.data.metrics).toHaveLength(10);
    expect((await api2.get("metrics/get-history", { run_id: runId, metric_key: "m3" })).body.metrics).toHaveLength(100);
    again.child.kill("SIGINT");
    expect(await again.exited).toBe(0);
  });

  it("says in one line when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = spawnCli(["server", "--port", String(port), "--backend-store-uri", `sqlite:///${join(dir, "p.db")}`]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr().trim().split("\n")).toEqual([
        `sextant server: Port ${port} on 127.0.0.1 is already in use: stop the process using it or choose another port with --port.`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it("honours MLflow's environment variables", async () => {
    const cli = spawnCli(["server"], {
      cwd: dir,
      env: { ...process.env, MLFLOW_PORT: "0", MLFLOW_HOST: "127.0.0.1", MLFLOW_BACKEND_STORE_URI: `sqlite:///${join(dir, "env.db")}` },
    });
    const url = await serverUrl(cli);
    expect(cli.stdout()).toContain("env.db");
    expect((await restClient(url).get("experiments/get", { experiment_id: "0" })).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });
});
