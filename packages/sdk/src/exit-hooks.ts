/** What the process hooks ask of their owner. */
export interface ExitHookTarget {
  /** True while there are active runs or unsent values. */
  hasWork(): boolean;
  /** Normal end of the program: flush and end active runs (FINISHED). */
  atExit(): Promise<void>;
  /** SIGINT/SIGTERM: flush and end active runs (KILLED). */
  atSignal(signal: NodeJS.Signals): Promise<void>;
}

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

function report(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sextant: logged values could not be sent before exit: ${message}\n`);
}

/**
 * Flushes logging when the process ends:
 * - `beforeExit` (the event loop ran dry): `atExit()` once; a failure is printed to stderr
 *   and sets a non-zero exit code, so lost values are never silent.
 * - SIGINT/SIGTERM: `atSignal()` bounded by `signalTimeoutMs`, then the signal is raised
 *   again so the process still dies of it (unless the program has its own listeners, which
 *   then decide). A second signal during the flush stops waiting.
 * Nothing can be sent on `process.exit()` or an uncaught exception: Node runs no async work
 * then. Returns a function that removes the hooks.
 */
export function installExitHooks(target: ExitHookTarget, signalTimeoutMs = 10_000): () => void {
  let exitAttempted = false;
  const onBeforeExit = (): void => {
    if (exitAttempted || !target.hasWork()) return;
    exitAttempted = true;
    target.atExit().catch((error: unknown) => {
      report(error);
      if (!process.exitCode) process.exitCode = 1;
    });
  };

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const reraise = (): void => {
      uninstall();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    if (signalled || !target.hasWork()) {
      reraise();
      return;
    }
    signalled = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`sextant: gave up flushing after ${signalTimeoutMs} ms on ${signal}\n`);
        resolve();
      }, signalTimeoutMs);
    });
    Promise.race([target.atSignal(signal).catch(report), deadline]).finally(() => {
      clearTimeout(timer);
      reraise();
    });
  };

  process.on("beforeExit", onBeforeExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const uninstall = (): void => {
    process.removeListener("beforeExit", onBeforeExit);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  return uninstall;
}
