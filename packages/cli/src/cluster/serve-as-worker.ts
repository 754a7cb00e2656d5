import { errorMessage } from "../error-message.js";
import { WORKER_SETTINGS_ENV, type WorkerMessage } from "./worker-protocol.js";

/** What a worker serves: its URL and how to stop it (requests in flight finish first). */
export interface WorkerServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * The settings the primary gave this worker (see `superviseWorkers`). Throws when the
 * process was not forked by it (no settings in the environment).
 */
export function workerSettings<S>(): S {
  const raw = process.env[WORKER_SETTINGS_ENV];
  if (raw === undefined) throw new Error(`${WORKER_SETTINGS_ENV} is not set: this process was not forked by sextant's primary`);
  return JSON.parse(raw) as S;
}

function closeAndExit(server: WorkerServer): void {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`worker ${process.pid}: error while shutting down: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Runs one worker of a `--workers N` server: starts the server with `start(settings)`,
 * reports "ready" (with its URL) or the start-up error's one-line message to the primary,
 * then stops gracefully (requests in flight finish, the database closes, exit 0) on
 * SIGTERM (the primary's) or SIGINT (Ctrl-C reaches every process), however many arrive; one arriving
 * during start-up stops the server as soon as it is up. A start-up failure exits 1 (the
 * primary prints the message once for all workers).
 */
export async function serveAsWorker<S>(start: (settings: S) => Promise<WorkerServer>): Promise<void> {
  let server: WorkerServer | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (server) closeAndExit(server);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    server = await start(workerSettings<S>());
  } catch (error) {
    await send({ type: "sextant:failed", message: errorMessage(error) });
    process.exit(1);
  }
  if (stopping) return closeAndExit(server);
  await send({ type: "sextant:ready", url: server.url });
}
