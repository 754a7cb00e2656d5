import { type LoadedModel, loadModel } from "@sextant/sdk";
import { freePort } from "../../cluster/free-port.js";
import { serveAsWorker } from "../../cluster/serve-as-worker.js";
import { superviseWorkers } from "../../cluster/supervise-workers.js";
import { startScoringServer } from "./scoring-server.js";

/** What the primary tells each scoring worker: the port, and the local folder holding the model. */
interface ScoringWorkerSettings {
  readonly port: number;
  readonly modelPath: string;
}

/** Options of `serveModelWithWorkers`. */
export interface ServeModelWorkersOptions {
  /** The model the primary loaded (downloaded once when remote): workers load its local folder. */
  readonly model: LoadedModel;
  readonly host: string;
  /** 0 picks a free port for all workers. */
  readonly port: number;
  readonly workers: number;
  readonly stderr: { write(text: string): unknown };
  readonly onReady: (url: string) => void;
}

/**
 * `sextant models serve -w N` in the primary process: picks the port for `-p 0`, then runs
 * `workers` scoring-server processes on it, each loading the model from the folder the
 * primary already holds, until SIGTERM/SIGINT (see `superviseWorkers`). Resolves with the
 * command's exit code. Throws INVALID_PARAMETER_VALUE when `host` cannot be listened on.
 */
export async function serveModelWithWorkers(options: ServeModelWorkersOptions): Promise<number> {
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const settings: ScoringWorkerSettings = { port, modelPath: options.model.localPath };
  return superviseWorkers({
    name: "sextant models serve",
    workers: options.workers,
    settings,
    stderr: options.stderr,
    onReady: options.onReady,
  });
}

/** `sextant models serve -w N` in a forked worker: loads the primary's model folder and serves it. */
export function serveModelWorker(host: string): Promise<void> {
  return serveAsWorker<ScoringWorkerSettings>(async (settings) =>
    startScoringServer({ model: await loadModel(settings.modelPath), host, port: settings.port }),
  );
}
