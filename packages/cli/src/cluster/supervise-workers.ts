import cluster, { type Worker } from "node:cluster";
import { isWorkerMessage, WORKER_SETTINGS_ENV } from "./worker-protocol.js";

/** Options of `superviseWorkers`. */
export interface SuperviseWorkersOptions {
  /** The command, as messages name it: `sextant server`. */
  readonly name: string;
  /** How many worker processes to keep running. */
  readonly workers: number;
  /** JSON-serialisable settings every worker reads with `workerSettings()`. */
  readonly settings: unknown;
  /** Called once, when all workers have started, with the URL they reported. */
  readonly onReady: (url: string) => void;
  readonly stderr?: { write(text: string): unknown };
  /** A crash loop: this many unexpected exits within `crashWindowMs` stop the server (default 5). */
  readonly maxCrashes?: number;
  /** Default 10,000 ms. */
  readonly crashWindowMs?: number;
}

type Phase = "starting" | "running" | "stopping";

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? "?"}`;
}

/**
 * Runs `workers` copies of this command with node:cluster (they re-run the same command
 * line and call `serveAsWorker`; the listening socket is shared). Calls `onReady` once all
 * have reported ready. A worker that exits unexpectedly is replaced, with one line on
 * stderr; `maxCrashes` exits within `crashWindowMs` stop everything instead. A worker that
 * fails to start stops everything, its message printed once. SIGTERM or SIGINT asks every
 * worker to finish requests in flight and exit; a second signal kills them at once.
 * Resolves with the exit code for the command: 0 after a clean stop, 1 otherwise.
 */
export function superviseWorkers(options: SuperviseWorkersOptions): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const maxCrashes = options.maxCrashes ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 10_000;
  const ready = new Set<number>();
  const crashes: number[] = [];
  let phase: Phase = "starting";
  let exitCode = 0;
  let signals = 0;

  return new Promise<number>((resolve) => {
    const finish = () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      cluster.off("message", onMessage);
      cluster.off("exit", onExit);
      resolve(exitCode);
    };
    const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

    const stopAll = (code: number) => {
      exitCode = Math.max(exitCode, code);
      if (phase === "stopping") return;
      phase = "stopping";
      const workers = live();
      if (workers.length === 0) return finish();
      // A worker still loading has nothing in flight and dies of it; a started one finishes first.
      for (const worker of workers) worker.process.kill("SIGTERM");
    };

    const fork = () => cluster.fork({ [WORKER_SETTINGS_ENV]: JSON.stringify(options.settings) });

    function onSignal(signal: NodeJS.Signals) {
      signals += 1;
      if (signals > 1) {
        stderr.write(`${options.name}: ${signal} again, stopping workers without waiting\n`);
        exitCode = 1;
        for (const worker of live()) worker.process.kill("SIGKILL");
        return;
      }
      stderr.write(`${options.name}: ${signal} received, finishing requests in flight\n`);
      stopAll(0);
    }

    function onMessage(worker: Worker, message: unknown) {
      if (!isWorkerMessage(message)) return;
      if (message.type === "sextant:failed") {
        // Workers started together fail alike: say it once. Later, the exit counts as a crash.
        if (phase === "stopping") return;
        stderr.write(`${options.name}: ${message.message}\n`);
        if (phase === "starting") stopAll(1);
        return;
      }
      ready.add(worker.id);
      if (phase === "starting" && ready.size === options.workers) {
        phase = "running";
        options.onReady(message.url);
      }
    }

    function onExit(worker: Worker, code: number | null, signal: string | null) {
      ready.delete(worker.id);
      if (phase === "stopping") {
        // Killed by the stop signal before it could handle it (still loading): nothing was in flight.
        if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGINT") exitCode = 1;
        if (live().length === 0) finish();
        return;
      }
      if (phase === "starting") {
        stderr.write(`${options.name}: worker ${worker.process.pid} exited during start-up (${describeExit(code, signal)})\n`);
        stopAll(1);
        if (live().length === 0) finish();
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0]! < now - crashWindowMs) crashes.shift();
      if (crashes.length >= maxCrashes) {
        stderr.write(
          `${options.name}: worker ${worker.process.pid} exited (${describeExit(code, signal)}); ${crashes.length} worker exits within ${crashWindowMs / 1000} s, stopping the server\n`,
        );
        stopAll(1);
        if (live().length === 0) finish();
        return;
      }
      stderr.write(`${options.name}: worker ${worker.process.pid} exited unexpectedly (${describeExit(code, signal)}); starting a replacement\n`);
      fork();
    }

    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    cluster.on("message", onMessage);
    cluster.on("exit", onExit);
    for (let i = 0; i < options.workers; i++) fork();
  });
}
