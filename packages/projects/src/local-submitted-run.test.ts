import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { PassThrough } from "node:stream";
import type { Run, RunStatus } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { LocalSubmittedRun } from "./local-submitted-run.js";
import { OutputLog } from "./output-log.js";
import type { ProjectTrackingClient, UpdateRunRequest } from "./project-tracking-client.js";

/** A tracking client that records what the run reports; `uploadFails` makes artifact uploads fail. */
function recorder(options: { statusOnServer?: RunStatus; uploadFails?: boolean } = {}) {
  const updates: UpdateRunRequest[] = [];
  const tags: Record<string, string> = {};
  const artifacts: Record<string, string> = {};
  const unused = () => Promise.reject(new Error("not used"));
  const client: ProjectTrackingClient = {
    getExperimentByName: unused,
    getExperiment: unused,
    createExperiment: unused,
    createRun: unused,
    getRun: async () => ({ info: { status: options.statusOnServer ?? "RUNNING" } }) as Run,
    updateRun: async (_id, request) => void updates.push(request),
    logBatch: async (_id, batch) => {
      for (const tag of batch.tags ?? []) tags[tag.key] = tag.value;
    },
    logArtifact: async (_id, localPath, artifactPath) => {
      if (options.uploadFails) throw new Error("upload refused");
      artifacts[`${artifactPath}/stdout.txt`] = await readFile(localPath, "utf8");
    },
  };
  return { client, updates, tags, artifacts };
}

async function start(command: string, tracking: ProjectTrackingClient, killGraceMs = 10_000) {
  const messages: string[] = [];
  const run = LocalSubmittedRun.start({
    runId: "r1",
    experimentId: "0",
    command,
    cwd: tmpdir(),
    env: { PATH: process.env.PATH },
    tracking,
    output: await OutputLog.create(),
    stdout: new PassThrough().resume(),
    stderr: new PassThrough().resume(),
    log: (message) => messages.push(message),
    killGraceMs,
  });
  return { run, messages };
}

describe("LocalSubmittedRun", () => {
  it("kills an entry point that ignores Ctrl-C once the grace period is over", async () => {
    const recorded = recorder();
    const { run } = await start("trap 'echo got-int' INT; echo ready; while true; do sleep 0.05; done", recorded.client, 300);
    await new Promise((r) => setTimeout(r, 300));
    expect(run.status).toBe("RUNNING");
    const result = await run.cancel("SIGINT");
    expect(result).toEqual({ runId: "r1", status: "KILLED", exitCode: 130 });
    expect(run.status).toBe("KILLED");
    expect(recorded.updates).toEqual([{ status: "KILLED", endTime: expect.any(Number) }]);
    expect(recorded.tags["sextant.project.exitCode"]).toBe("137");
    expect(recorded.artifacts["logs/stdout.txt"]).toBe("ready\ngot-int\n");
  });

  it("keeps the status an entry point set on its own run when it exits 0", async () => {
    const recorded = recorder({ statusOnServer: "FAILED" });
    const { run } = await start("true", recorded.client);
    await expect(run.wait()).resolves.toEqual({ runId: "r1", status: "FAILED", exitCode: 0 });
    expect(recorded.updates).toEqual([]);
  });

  it("still records the status when the output cannot be uploaded", async () => {
    const recorded = recorder({ uploadFails: true });
    const { run, messages } = await start("echo hi; exit 4", recorded.client);
    await expect(run.wait()).resolves.toEqual({ runId: "r1", status: "FAILED", exitCode: 4 });
    expect(recorded.updates).toEqual([{ status: "FAILED", endTime: expect.any(Number) }]);
    expect(messages).toContain("Could not save the entry point's output as logs/stdout.txt: upload refused");
  });
});
