import type { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { KubernetesJobs } from "./kubernetes-jobs.js";
import { PodLogFollower } from "./pod-log-follower.js";

const LOG = ["2026-11-26T07:00:00.100000000Z starting", "2026-11-26T07:00:00.200000000Z boom"];

/** A log endpoint whose follow stream drops after its first line, while the pod terminates. */
function droppingLogEndpoint(state: { terminated: boolean }) {
  const calls: { follow: boolean; sinceTime?: string }[] = [];
  const jobs = {
    async streamLog(_ns: string, _pod: string, _container: string, out: Writable, options: { follow: boolean; sinceTime?: string }) {
      calls.push({ follow: options.follow, ...(options.sinceTime ? { sinceTime: options.sinceTime } : {}) });
      const lines = calls.length === 1 ? LOG.slice(0, 1) : LOG;
      setImmediate(() => {
        for (const line of lines) out.write(`${line}\n`);
        // The container finishes while the first stream is down.
        state.terminated = true;
        out.end();
      });
      return () => {};
    },
  } as unknown as KubernetesJobs;
  return { jobs, calls };
}

describe("PodLogFollower", () => {
  it("fetches the lines a dropped stream missed even when the container terminated meanwhile, without repeating any", async () => {
    const state = { terminated: false };
    const { jobs, calls } = droppingLogEndpoint(state);
    let text = "";
    const follower = new PodLogFollower({ jobs, namespace: "ns", container: "c", write: (t) => (text += t), retryMs: 1 });
    await follower.follow("pod", () => state.terminated, new AbortController().signal);
    expect(text).toBe("starting\nboom\n");
    expect(calls).toEqual([{ follow: true }, { follow: false, sinceTime: "2026-11-26T07:00:00Z" }]);
  });
});
