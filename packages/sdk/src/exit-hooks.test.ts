import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "./mlflow-client.js";
import { startTempServer } from "./test-support/temp-server.js";

const SCRIPT = fileURLToPath(new URL("./test-support/exit-script.mjs", import.meta.url));
const BUILT_SDK = fileURLToPath(new URL("../dist/index.js", import.meta.url));

let server: Awaited<ReturnType<typeof startTempServer>>;
beforeAll(async () => {
  server = await startTempServer();
});
afterAll(async () => {
  await server?.close();
});

interface Outcome {
  runId: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the script; `whenReady` acts on the child once it printed its run id. */
function runScript(mode: string, url: string, whenReady?: (child: ReturnType<typeof spawn>) => void | Promise<void>) {
  return new Promise<Outcome>((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, mode], {
      env: { ...process.env, MLFLOW_TRACKING_URI: url, SEXTANT_HTTP_RETRY_TIMEOUT: "1", MLFLOW_RUN_ID: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    let runId = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const id = /READY (\S+)/.exec(out)?.[1];
      if (id && !runId) {
        runId = id;
        Promise.resolve(whenReady?.(child)).catch(reject);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ runId, code, signal, stderr }));
  });
}

describe("flushing when the process ends", () => {
  it("sends queued values and ends the run FINISHED when the program just ends (beforeExit)", async () => {
    expect(existsSync(BUILT_SDK), "this test runs the built SDK: run `npm run build` first").toBe(true);
    const outcome = await runScript("natural", server.url);
    expect(outcome).toMatchObject({ code: 0, signal: null });
    const client = new MlflowClient({ trackingUri: server.url, env: {} });
    expect((await client.getRun(outcome.runId)).info.status).toBe("FINISHED");
    expect(await client.getMetricHistory(outcome.runId, "m")).toHaveLength(3000);
  });

  it("on SIGTERM flushes, ends the run KILLED and still dies of the signal", async () => {
    const outcome = await runScript("signal", server.url, (child) => {
      child.kill("SIGTERM");
    });
    expect(outcome.signal).toBe("SIGTERM");
    const client = new MlflowClient({ trackingUri: server.url, env: {} });
    const run = await client.getRun(outcome.runId);
    expect(run.info.status).toBe("KILLED");
    expect(await client.getMetricHistory(outcome.runId, "m")).toHaveLength(100);
    expect(run.data.params).toEqual([{ key: "mode", value: "signal" }]);
  });

  it("says so on stderr and exits non-zero when values cannot be sent before exit", async () => {
    const doomed = await startTempServer();
    try {
      const outcome = await runScript("stdin", doomed.url, async (child) => {
        await doomed.close();
        child.stdin?.end("go\n");
      });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/logged values could not be sent before exit: .*Could not reach the tracking server/);
    } finally {
      await doomed.close().catch(() => {});
    }
  });
});
