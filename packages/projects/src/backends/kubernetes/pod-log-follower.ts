import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { KubernetesApiError, type KubernetesJobs } from "./kubernetes-jobs.js";

/** How a pod's log is followed. */
export interface PodLogFollowerOptions {
  readonly jobs: KubernetesJobs;
  readonly namespace: string;
  readonly container: string;
  /** Receives each log line, with its newline, timestamps removed. */
  readonly write: (text: string) => void;
  /** Wait between attempts while the log endpoint answers 400 (container not running yet). Default 1 s. */
  readonly retryMs?: number;
  /** How long a stream may stay open once the container has terminated. Default 3 s. */
  readonly drainMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An RFC 3339 time with its fraction padded to nanoseconds, so strings sort in time order. */
function sortableTime(stamp: string): string {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(stamp);
  if (!m) return stamp;
  return `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}${m[3]}`;
}

/**
 * Follows the log of one container, from its first line to its last, across everything a
 * real API server does: the log endpoint answers 400 until the container runs (retried
 * every `retryMs`), and a follow stream may end early (re-opened with `sinceTime`, lines
 * already shown skipped by their timestamps; when the container has terminated by then, one
 * last read without follow fetches the rest). Lines are asked with timestamps, which are
 * removed before `write`. Ends when the container has terminated and its stream is done,
 * when the pod is gone, or when `signal` aborts. Rejects only for API errors other than 400/404.
 */
export class PodLogFollower {
  readonly #options: PodLogFollowerOptions;

  constructor(options: PodLogFollowerOptions) {
    this.#options = options;
  }

  /** Follows `pod`; `terminated()` tells whether its container has finished (or the pod is gone). */
  async follow(pod: string, terminated: () => boolean, signal: AbortSignal): Promise<void> {
    const { jobs, namespace, container, write } = this.#options;
    const retryMs = this.#options.retryMs ?? 1000;
    const drainMs = this.#options.drainMs ?? 3000;
    let last: string | undefined;
    let countAtLast = 0;
    // Set once the container has terminated after a stream ended on its own: one last read
    // without follow fetches whatever the dropped stream had not delivered yet.
    let catchUp = false;
    while (!signal.aborted) {
      let toSkip = countAtLast;
      const pipe = new PassThrough();
      let stop: () => void;
      try {
        stop = await jobs.streamLog(namespace, pod, container, pipe, { follow: !catchUp, timestamps: true, ...(last ? { sinceTime: last.replace(/\.\d+/, "") } : {}) });
      } catch (error) {
        const status = error instanceof KubernetesApiError ? error.status : undefined;
        if (status !== 400 && status !== 404) throw error;
        // The pod is gone, or finished without a readable log (e.g. it never started).
        if (status === 404 || terminated()) return;
        await sleep(retryMs);
        continue;
      }
      let endedByUs = false;
      const end = () => {
        endedByUs = true;
        stop();
        pipe.end();
      };
      const onAbort = () => end();
      signal.addEventListener("abort", onAbort, { once: true });
      // A stream that stays open after the container ended is closed after drainMs.
      const watchdog = setInterval(() => {
        if (terminated()) {
          clearInterval(watchdog);
          setTimeout(end, drainMs).unref();
        }
      }, 250);
      try {
        for await (const line of createInterface({ input: pipe, crlfDelay: Number.POSITIVE_INFINITY })) {
          const space = line.indexOf(" ");
          const stamp = space > 0 ? sortableTime(line.slice(0, space)) : "";
          const text = space > 0 ? line.slice(space + 1) : line;
          if (last !== undefined && stamp !== "") {
            if (stamp < last) continue;
            if (stamp === last && toSkip > 0) {
              toSkip -= 1;
              continue;
            }
          }
          write(`${text}\n`);
          if (stamp === "") continue;
          if (stamp === last) countAtLast += 1;
          else {
            last = stamp;
            countAtLast = 1;
          }
        }
      } finally {
        clearInterval(watchdog);
        signal.removeEventListener("abort", onAbort);
      }
      if (signal.aborted || endedByUs || catchUp) return;
      if (terminated()) {
        catchUp = true;
        continue;
      }
      await sleep(retryMs);
    }
  }
}
