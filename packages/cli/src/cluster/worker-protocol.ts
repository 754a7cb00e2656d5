/**
 * How `superviseWorkers` (the primary) and `serveAsWorker` (each forked worker) talk: the
 * primary hands each worker its settings as JSON in one environment variable, a worker
 * reports over the cluster IPC channel that it is ready (with its URL) or failed to start.
 * The primary stops a worker with SIGTERM.
 */

/** The environment variable holding a worker's settings as JSON. */
export const WORKER_SETTINGS_ENV = "SEXTANT_WORKER_SETTINGS";

/** A worker's report to the primary. */
export type WorkerMessage =
  | { readonly type: "sextant:ready"; readonly url: string }
  | { readonly type: "sextant:failed"; readonly message: string };

/** True for a message a worker sent with `WorkerMessage`'s shape. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== "object" || value === null) return false;
  const { type, url, message } = value as { type?: unknown; url?: unknown; message?: unknown };
  return (type === "sextant:ready" && typeof url === "string") || (type === "sextant:failed" && typeof message === "string");
}
