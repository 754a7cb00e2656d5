import { MlflowError } from "@sextant/protocol";
import { openTrackingStore, redactUri, resolveServerConfig, type StartServerOptions, startServer } from "@sextant/server";
import { freePort } from "../../cluster/free-port.js";
import { serveAsWorker } from "../../cluster/serve-as-worker.js";
import { superviseWorkers } from "../../cluster/supervise-workers.js";

/** What the primary tells each tracking worker: the port all of them listen on. */
interface TrackingWorkerSettings {
  readonly port: number;
}

/** `sqlite://`, `sqlite:///` and `sqlite:///:memory:` (optionally `+driver`, `?query`): one process's database. */
const IN_MEMORY_SQLITE = /^sqlite(?:\+[A-Za-z0-9_]+)?:\/\/(?:\/(?::memory:)?)?(?:[?#].*)?$/i;

/**
 * `sextant server --workers N` in the primary process: checks the options, migrates the
 * database and creates the Default experiment once (so workers do not race at start-up),
 * picks the port for `--port 0`, then runs `workers` tracking-server processes on it until
 * SIGTERM/SIGINT (see `superviseWorkers`). Resolves with the command's exit code.
 * Throws INVALID_PARAMETER_VALUE for bad options or an in-memory SQLite store (which the
 * processes could not share), INTERNAL_ERROR when the database cannot be opened or migrated.
 */
export async function serveTrackingWithWorkers(
  options: StartServerOptions,
  workers: number,
  onReady: (url: string) => void,
): Promise<number> {
  const config = resolveServerConfig(options);
  if (IN_MEMORY_SQLITE.test(config.backendStoreUri)) {
    throw MlflowError.invalidParameter(
      `--workers ${workers} needs a database the processes share, but ${redactUri(config.backendStoreUri)} is an ` +
        "in-memory SQLite store that lives in one process: use a SQLite file, PostgreSQL, or --workers 1.",
    );
  }
  const store = await openTrackingStore(config.backendStoreUri, { defaultArtifactRoot: config.defaultArtifactRoot });
  await store.close();
  const port = config.port === 0 ? await freePort(config.host) : config.port;
  const settings: TrackingWorkerSettings = { port };
  return superviseWorkers({ name: "sextant server", workers, settings, onReady });
}

/**
 * `sextant server --workers N` in a forked worker: a tracking server with the command's
 * options on the port the primary chose, stopped by the primary (see `serveAsWorker`).
 */
export function serveTrackingWorker(options: StartServerOptions): Promise<void> {
  return serveAsWorker<TrackingWorkerSettings>((settings) => startServer({ ...options, port: settings.port }));
}
