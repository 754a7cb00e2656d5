import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import type { Writable } from "node:stream";
import type { RunStatus } from "@sextant/protocol";
import type { OutputLog } from "./output-log.js";
import type { ProjectRunResult, SubmittedRun } from "./project-backend.js";
import { PROJECT_TAGS } from "./project-run-tags.js";
import type { ProjectTrackingClient } from "./project-tracking-client.js";

/** How long a cancelled process may take to exit before its process group is killed. */
export const DEFAULT_KILL_GRACE_MS = 10_000;

/** How long to wait for output after the process exited (a detached grandchild may hold the pipes). */
const OUTPUT_DRAIN_MS = 2_000;

/** What `LocalSubmittedRun.start` needs. */
export interface LocalProcessOptions {
  readonly runId: string;
  readonly experimentId: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly tracking: ProjectTrackingClient;
  readonly output: OutputLog;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly log: (message: string) => void;
  /** See DEFAULT_KILL_GRACE_MS. */
  readonly killGraceMs?: number;
  /** Called once the run is recorded (e.g. to delete a temporary checkout). */
  readonly onFinished?: () => Promise<void>;
}

type Exit = { readonly code: number; readonly spawnError?: Error };

/**
 * An entry point command running as `bash -c <command>` in its own process group. Its
 * stderr is merged into its stdout (one pipe, so the order of lines is exact); the output
 * is echoed to `stdout` and saved to the `OutputLog`, which is uploaded as the artifact
 * `logs/stdout.txt` when the process ends. The run is
 * then marked FINISHED (exit code 0, unless the process already ended the run itself),
 * FAILED (any other exit code) or KILLED (after `cancel`), and the exit code is recorded
 * in the tag `sextant.project.exitCode`. Tracking errors while finishing are reported with
 * `log` and never reject `wait()`.
 */
export class LocalSubmittedRun implements SubmittedRun {
  readonly runId: string;
  readonly experimentId: string;
  readonly #options: LocalProcessOptions;
  readonly #child: ChildProcess;
  readonly #done: Promise<ProjectRunResult>;
  #status: RunStatus = "RUNNING";
  #exited = false;
  #cancelSignal: NodeJS.Signals | undefined;
  #killTimer: NodeJS.Timeout | undefined;

  private constructor(options: LocalProcessOptions) {
    this.#options = options;
    this.runId = options.runId;
    this.experimentId = options.experimentId;
    // `bash -c <command>` as MLflow runs it, with stderr sent into the stdout pipe first, so
    // the saved log keeps the exact order of everything the command wrote.
    this.#child = spawn("bash", ["-c", 'exec 2>&1; exec bash -c "$1"', "sextant-run", options.command], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      // Its own process group: Ctrl-C reaches the CLI only, which forwards it to the whole group.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child.stdout?.on("data", (chunk: Buffer) => this.#echo(chunk, options.stdout));
    // Only bash itself could still write here (e.g. if exec fails); show and keep it too.
    this.#child.stderr?.on("data", (chunk: Buffer) => this.#echo(chunk, options.stderr));
    this.#done = this.#watch();
  }

  /** Spawns the command and returns the run that tracks it. */
  static start(options: LocalProcessOptions): LocalSubmittedRun {
    return new LocalSubmittedRun(options);
  }

  get status(): RunStatus {
    return this.#status;
  }

  /** The process id of the `bash` that runs the command (also its process group id). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  wait(): Promise<ProjectRunResult> {
    return this.#done;
  }

  /**
   * Sends `signal` (default SIGINT, as Ctrl-C does) to the command's process group, and
   * SIGKILL if it has not exited after the grace period or when cancel is called again.
   */
  cancel(signal: NodeJS.Signals = "SIGINT"): Promise<ProjectRunResult> {
    if (this.#exited) return this.#done;
    if (this.#cancelSignal !== undefined) {
      this.#signalGroup("SIGKILL");
      return this.#done;
    }
    this.#cancelSignal = signal;
    this.#options.log(`Cancelling run ${this.runId}: sending ${signal} to the entry point's processes`);
    this.#signalGroup(signal);
    this.#killTimer = setTimeout(() => {
      this.#options.log(`Run ${this.runId} did not stop within ${this.#grace() / 1000} s: killing it`);
      this.#signalGroup("SIGKILL");
    }, this.#grace());
    this.#killTimer.unref();
    return this.#done;
  }

  #grace(): number {
    return this.#options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  }

  #echo(chunk: Buffer, target: Writable): void {
    target.write(chunk);
    this.#options.output.write(chunk);
  }

  #signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#exited) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  async #watch(): Promise<ProjectRunResult> {
    const exit = await this.#exit();
    this.#exited = true;
    clearTimeout(this.#killTimer);
    const status = await this.#record(exit).catch((error: unknown) => {
      this.#options.log(`Could not record the end of run ${this.runId}: ${(error as Error).message}`);
      return this.#cancelSignal ? "KILLED" : exit.code === 0 ? "FINISHED" : "FAILED";
    });
    this.#status = status;
    await this.#options.onFinished?.().catch(() => {});
    const exitCode = this.#cancelSignal ? 128 + (constants.signals[this.#cancelSignal] ?? 2) : exit.code;
    return { runId: this.runId, status, exitCode };
  }

  #exit(): Promise<Exit> {
    const child = this.#child;
    const exited = new Promise<Exit>((resolve) => {
      child.once("error", (error) => resolve({ code: 127, spawnError: error }));
      child.once("exit", (code, signal) => {
        resolve({ code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0) });
      });
    });
    return exited.then(async (exit) => {
      const streams = [child.stdout, child.stderr].filter((s) => s !== null && !s.readableEnded);
      const drained = Promise.all(streams.map((s) => new Promise((resolve) => s!.once("close", resolve))));
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref())]);
      for (const s of streams) s!.destroy();
      return exit;
    });
  }

  /** Uploads the output, tags the exit code and sets the final status; returns that status. */
  async #record(exit: Exit): Promise<RunStatus> {
    const { tracking, output, log } = this.#options;
    if (exit.spawnError) {
      const message = `Could not start the entry point command with bash: ${exit.spawnError.message}\n`;
      output.write(message);
      this.#options.stderr.write(message);
    }
    try {
      await output.close();
      await tracking.logArtifact(this.runId, output.path, "logs");
    } catch (error) {
      log(`Could not save the entry point's output as logs/stdout.txt: ${(error as Error).message}`);
    } finally {
      await output.remove();
    }
    await tracking
      .logBatch(this.runId, { tags: [{ key: PROJECT_TAGS.exitCode, value: String(exit.code) }] })
      .catch((error: unknown) => log(`Could not tag the exit code of run ${this.runId}: ${(error as Error).message}`));

    let status: RunStatus;
    if (this.#cancelSignal) status = "KILLED";
    else if (exit.code !== 0) status = "FAILED";
    else {
      // The entry point may have ended its run itself (MLflow keeps that status).
      const current = (await tracking.getRun(this.runId)).info.status;
      if (current !== "RUNNING" && current !== "SCHEDULED") return current;
      status = "FINISHED";
    }
    await tracking.updateRun(this.runId, { status, endTime: Date.now() });
    return status;
  }
}
