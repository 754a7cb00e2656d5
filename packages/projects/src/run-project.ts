import type { Writable } from "node:stream";
import { currentUser } from "./current-user.js";
import { type PreparedProjectRun, type PrepareProjectRunOptions, prepareProjectRun } from "./prepare-project-run.js";
import type { ProjectRunResult, SubmittedRun } from "./project-backend.js";
import type { ProjectTrackingClient } from "./project-tracking-client.js";
import { resolveExperimentId } from "./resolve-experiment-id.js";

/** Where and as what a prepared project run is tracked. */
export interface SubmitProjectRunOptions {
  readonly experimentName?: string;
  readonly experimentId?: string;
  /** Resume this run (`--run-id`); its experiment is used unless one is chosen. */
  readonly runId?: string;
  readonly runName?: string;
  readonly tracking: ProjectTrackingClient;
  /** MLFLOW_TRACKING_URI of the entry point's process. */
  readonly trackingUri: string;
  /** Default `process.env`: MLFLOW_EXPERIMENT_NAME/_ID, the user, and the entry point's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Default: write the line to `stderr`. */
  readonly log?: (message: string) => void;
}

/** Both phases' options, for `runProject`. */
export type RunProjectOptions = PrepareProjectRunOptions & SubmitProjectRunOptions;

/**
 * Resolves the experiment (see `resolveExperimentId`; with `runId` and no experiment
 * chosen, the run's own) and submits a prepared run to its backend. `wait()` and `cancel()`
 * on the result also remove a temporary Git checkout once the run has ended; if submitting
 * fails, the checkout is removed at once. Rejects with the tracking server's error or the
 * backend's (see ProjectBackend.submit).
 */
export async function submitProjectRun(prepared: PreparedProjectRun, options: SubmitProjectRunOptions): Promise<SubmittedRun> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const log = options.log ?? ((message: string) => void stderr.write(`${message}\n`));
  const { tracking } = options;
  try {
    const chosen = options.experimentName !== undefined || options.experimentId !== undefined;
    const experimentId =
      options.runId !== undefined && !chosen
        ? (await tracking.getRun(options.runId)).info.experiment_id
        : await resolveExperimentId(tracking, {
            ...(options.experimentName === undefined ? {} : { experimentName: options.experimentName }),
            ...(options.experimentId === undefined ? {} : { experimentId: options.experimentId }),
            env,
          });
    const { backend, discard: _, ...spec } = prepared;
    const submitted = await backend.submit({
      ...spec,
      experimentId,
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      tracking,
      trackingUri: options.trackingUri,
      user: currentUser(env),
      env,
      stdout: options.stdout ?? process.stdout,
      stderr,
      log,
    });
    return withCleanup(submitted, prepared.discard);
  } catch (error) {
    await prepared.discard();
    throw error;
  }
}

/**
 * Runs an MLflow project the way `mlflow run` does: `prepareProjectRun` (everything that
 * can be validated is, before a run exists), then `submitProjectRun`. Throws or rejects as
 * those do.
 */
export async function runProject(options: RunProjectOptions): Promise<SubmittedRun> {
  const log = options.log ?? ((message: string) => void (options.stderr ?? process.stderr).write(`${message}\n`));
  return submitProjectRun(await prepareProjectRun({ ...options, log }), { ...options, log });
}

/** `run`, whose wait() and cancel() also run `cleanup` once the run has ended. */
function withCleanup(run: SubmittedRun, cleanup: () => Promise<void>): SubmittedRun {
  let cleaned: Promise<ProjectRunResult> | undefined;
  const afterEnd = (): Promise<ProjectRunResult> => {
    cleaned ??= run.wait().then(async (outcome) => {
      await cleanup().catch(() => {});
      return outcome;
    });
    return cleaned;
  };
  return {
    runId: run.runId,
    experimentId: run.experimentId,
    get status() {
      return run.status;
    },
    wait: afterEnd,
    cancel: (signal) => {
      void run.cancel(signal);
      return afterEnd();
    },
  };
}
