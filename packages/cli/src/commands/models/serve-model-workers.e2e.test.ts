import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { saveModel } from "@sextant/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childPids } from "../../../../server/src/app/test-support/child-processes.js";
import { spawnCli, waitForOutput } from "../../../../server/src/app/test-support/cli-process.js";

describe("sextant models serve -w 2 (built CLI)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "serve-workers-"));
    await saveModel({ coef: [1, 1], intercept: -1, featureNames: ["a", "b"] }, join(dir, "model"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("serves from two processes on one port, then stops both on SIGTERM with exit code 0", async () => {
    const cli = spawnCli(["models", "serve", "-m", "model", "-p", "0", "-w", "2"], { cwd: dir });
    const url = await waitForOutput(cli, /at (http:\/\/[^\s]+)\/invocations \(2 workers\)/);
    const workers = childPids(cli.child.pid!);
    expect(workers).toHaveLength(2);
    const body = JSON.stringify({ dataframe_records: [{ a: 1, b: 1 }, { a: 0, b: 0 }] });
    const answers = await Promise.all(
      Array.from({ length: 32 }, () =>
        fetch(`${url}/invocations`, { method: "POST", body, headers: { "content-type": "application/json" } }).then((r) => r.json()),
      ),
    );
    expect(answers).toEqual(Array(32).fill({ predictions: [1, 0] }));
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.stdout().match(/Serving /g)).toHaveLength(1);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });

  it("rejects a bad -w in one line, and MLFLOW_MODELS_WORKERS is read", async () => {
    const bad = await spawnCli(["models", "serve", "-m", "model", "-w", "0"], { cwd: dir }).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Invalid --workers "0": use a whole number of processes from 1 to 64.`);
    const help = await spawnCli(["models", "serve", "--help"]).done;
    expect(help.stdout).toContain("MLFLOW_MODELS_WORKERS");
  });
});
