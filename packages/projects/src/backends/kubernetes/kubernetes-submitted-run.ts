import type { RunStatus } from "@sextant/protocol";
import type { ProjectRunResult, SubmittedRun } from "../../project-backend.js";

/**
 * A run whose Job exists: `wait()` follows it with `follow` (started once), `cancel()`
 * aborts the signal `follow` got (deleting the Job, marking the run KILLED). `wait()`
 * never rejects: a failure to follow the Job is reported through `log` and ends as FAILED
 * with exit code 1 (the Job itself is left alone).
 */
export class KubernetesSubmittedRun implements SubmittedRun {
  readonly runId: string;
  readonly experimentId: string;
  readonly #follow: (cancel: AbortSignal) => Promise<ProjectRunResult>;
  readonly #log: (line: string) => void;
  readonly #cancel = new AbortController();
  #status: RunStatus = "SCHEDULED";
  #result: Promise<ProjectRunResult> | undefined;

  constructor(runId: string, experimentId: string, follow: (cancel: AbortSignal) => Promise<ProjectRunResult>, log: (line: string) => void) {
    this.runId = runId;
    this.experimentId = experimentId;
    this.#follow = follow;
    this.#log = log;
  }

  get status(): RunStatus {
    return this.#status;
  }

  wait(): Promise<ProjectRunResult> {
    this.#result ??= this.#follow(this.#cancel.signal).then(
      (result) => {
        this.#status = result.status;
        return result;
      },
      (error: Error) => {
        this.#log(`Lost track of the Job of run ${this.runId}: ${error.message}; follow it with \`sextant runs wait ${this.runId}\``);
        this.#status = "FAILED";
        return { runId: this.runId, status: "FAILED" as const, exitCode: 1 };
      },
    );
    return this.#result;
  }

  cancel(signal: NodeJS.Signals = "SIGINT"): Promise<ProjectRunResult> {
    this.#cancel.abort(signal);
    return this.wait();
  }
}

/** A run handed to a background watcher (`--detach`): `wait()` resolves at once, `cancel()` does nothing. */
export class DetachedKubernetesRun implements SubmittedRun {
  readonly runId: string;
  readonly experimentId: string;
  readonly status: RunStatus = "SCHEDULED";

  constructor(runId: string, experimentId: string) {
    this.runId = runId;
    this.experimentId = experimentId;
  }

  wait(): Promise<ProjectRunResult> {
    return Promise.resolve({ runId: this.runId, status: this.status, exitCode: 0 });
  }

  cancel(): Promise<ProjectRunResult> {
    return this.wait();
  }
}
