import type { Writable } from "node:stream";
import { MlflowError, type RunStatus } from "@sextant/protocol";
import type { ProjectRunResult } from "../../project-backend.js";
import type { ProjectTrackingClient } from "../../project-tracking-client.js";
import { followKubernetesJob } from "./follow-kubernetes-job.js";
import { KubernetesJobs } from "./kubernetes-jobs.js";
import { KUBERNETES_RUN_TAGS, kubernetesJobOf } from "./kubernetes-run-tags.js";
import { loadKubeConfig } from "./load-kube-config.js";

/** Which run to attach to, and where its output goes. */
export interface AttachKubernetesRunOptions {
  readonly runId: string;
  readonly tracking: ProjectTrackingClient;
  /** Environment for KUBECONFIG and friends. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the context recorded on the run. */
  readonly kubeContext?: string;
  readonly stdout: Writable;
  readonly log: (line: string) => void;
  /** Aborting it deletes the Job and marks the run KILLED (when the caller wants Ctrl-C to cancel). */
  readonly cancel?: AbortSignal;
  readonly pollMs?: number;
  readonly storageDir?: string;
}

const EXIT_CODE_OF: Readonly<Record<RunStatus, number>> = { FINISHED: 0, FAILED: 1, KILLED: 130, RUNNING: 0, SCHEDULED: 0 };

/**
 * Attaches to a run the kubernetes backend started (e.g. with `--detach`), finding its Job
 * from the run's `sextant.kubernetes.*` tags: streams its pod log from the start, shows its
 * phases, and once the Job ends records the final status and the log exactly as the
 * original command would have (see `followKubernetesJob`); both may do so, the result is the
 * same. For a run that already ended, its Job's log and exit code are shown while the Job
 * exists (nothing is recorded again), else its status is reported. Reconciles a run left SCHEDULED or
 * RUNNING whose Job no longer exists by marking it FAILED. Throws RESOURCE_DOES_NOT_EXIST
 * for an unknown run, INVALID_PARAMETER_VALUE for a run not started by the kubernetes
 * backend or a kubeconfig problem, and the API server's errors.
 */
export async function attachKubernetesRun(options: AttachKubernetesRunOptions): Promise<ProjectRunResult> {
  const { runId, tracking, log } = options;
  const run = await tracking.getRun(runId);
  const where = kubernetesJobOf(run);
  if (!where) {
    throw MlflowError.invalidParameter(`Run ${runId} was not started by the kubernetes backend (it has no ${KUBERNETES_RUN_TAGS.jobName} tag)`);
  }
  const status = run.info.status;
  const ended = status === "FINISHED" || status === "FAILED" || status === "KILLED";
  const context = options.kubeContext ?? where.context;
  const jobs = new KubernetesJobs(loadKubeConfig({ ...(options.env ? { env: options.env } : {}), ...(context ? { context } : {}) }));
  const job = await jobs.readJob(where.namespace, where.jobName).catch((error: Error) => {
    if (!ended) throw error;
    return undefined;
  });
  if (ended) log(`Run ${runId} (Job ${where.namespace}/${where.jobName}) already ended: ${status}`);
  if (ended && !job) return { runId, status, exitCode: EXIT_CODE_OF[status] };
  if (!job) {
    log(`Job ${where.namespace}/${where.jobName} of run ${runId} no longer exists on ${jobs.server} (deleted, or removed by its ttlSecondsAfterFinished); marking the run FAILED`);
    await tracking.updateRun(runId, { status: "FAILED", endTime: Date.now() });
    return { runId, status: "FAILED", exitCode: 1 };
  }
  log(`Attached to run ${runId}: Job ${where.namespace}/${where.jobName} on ${jobs.server}`);
  return followKubernetesJob({
    jobs,
    namespace: where.namespace,
    jobName: where.jobName,
    containerName: where.container,
    runId,
    tracking,
    stdout: options.stdout,
    log,
    ...(options.cancel ? { cancel: options.cancel } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.storageDir ? { storageDir: options.storageDir } : {}),
    // An ended run keeps what was recorded; its Job's log and exit code are only shown.
    ...(ended ? { record: false } : {}),
  });
}
