import { constants } from "node:os";
import type { Writable } from "node:stream";
import type { V1Job, V1Pod } from "@kubernetes/client-node";
import type { RunStatus } from "@sextant/protocol";
import { OutputLog } from "../../output-log.js";
import type { ProjectRunResult } from "../../project-backend.js";
import type { ProjectTrackingClient } from "../../project-tracking-client.js";
import { formatElapsed, jobFailureMessage, jobOutcome, type PodProgress, podProgress } from "./job-progress.js";
import type { KubernetesJobs } from "./kubernetes-jobs.js";
import { PodLogFollower } from "./pod-log-follower.js";

/** Which Job to follow, and where its progress and log go. */
export interface FollowJobOptions {
  readonly jobs: KubernetesJobs;
  readonly namespace: string;
  readonly jobName: string;
  readonly containerName: string;
  readonly runId: string;
  readonly tracking: ProjectTrackingClient;
  /** The pod log is echoed here (and saved as the run artifact logs/stdout.txt). */
  readonly stdout: Writable;
  /** Phase lines (`[12s] pod x: running`) and notices. */
  readonly log: (line: string) => void;
  /** Aborting it deletes the Job and marks the run KILLED (Ctrl-C). */
  readonly cancel?: AbortSignal;
  /** Polling interval for pods (and the Job, besides the watch). Default 1 s. */
  readonly pollMs?: number;
  /** Parent folder of the temporary log file. */
  readonly storageDir?: string;
  /** Time the elapsed counter starts from. Default: the Job's creation time. */
  readonly startedAt?: number;
  /** Record the outcome (statuses and the log artifact). Default true; false only shows it. */
  readonly record?: boolean;
}

const TERMINAL: readonly RunStatus[] = ["FINISHED", "FAILED", "KILLED"];
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * Follows a project run's Job to its end: watches the Job (re-watching when the server ends
 * the watch, reading it every 5 s as a safety net), finds its pods by label, prints each
 * change of phase with the elapsed time, streams the pods' logs (see `PodLogFollower`),
 * sets the run RUNNING once a container runs, then FINISHED or FAILED as the Job's
 * conditions say (unless the run was already ended, e.g. by the training code), saves the
 * log as the artifact `logs/stdout.txt`, and returns the exit code of the project's
 * container. When `cancel` aborts, it deletes the Job (pods too) and marks the run KILLED
 * (exit code 128 + the signal's number given as the abort reason, 130 for SIGINT). A Job deleted by someone else ends the run FAILED. Never rejects for
 * tracking or log upload failures (they are reported through `log`); rejects with the
 * API's MlflowError when the cluster cannot be reached at all.
 */
export async function followKubernetesJob(options: FollowJobOptions): Promise<ProjectRunResult> {
  const { jobs, namespace, jobName, runId, tracking, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const output = await OutputLog.create(options.storageDir);
  const stop = new AbortController();
  let job: V1Job | undefined = await jobs.readJob(namespace, jobName);
  const startedAt = options.startedAt ?? (job?.metadata?.creationTimestamp ? new Date(job.metadata.creationTimestamp).getTime() : Date.now());
  const say = (text: string) => log(`[${formatElapsed(Date.now() - startedAt)}] ${text}`);
  let gone = job === undefined;
  let stopWatch: (() => void) | undefined;
  const watchAgain = async (): Promise<void> => {
    if (stop.signal.aborted) return;
    try {
      stopWatch = await jobs.watchJob(
        namespace,
        jobName,
        (event) => {
          if (event.type === "DELETED") gone = true;
          else if (event.job?.metadata?.name === jobName) job = event.job;
        },
        () => {
          if (!stop.signal.aborted) setTimeout(() => void watchAgain(), pollMs).unref();
        },
      );
    } catch {
      if (!stop.signal.aborted) setTimeout(() => void watchAgain(), 5 * pollMs).unref();
    }
  };
  if (!gone) await watchAgain();

  const followers = new PodLogFollower({
    jobs,
    namespace,
    container: options.containerName,
    write: (text) => {
      options.stdout.write(text);
      output.write(text);
    },
    retryMs: pollMs,
  });
  const progress = new Map<string, PodProgress>();
  const followed = new Set<string>();
  let logs: Promise<void> = Promise.resolve();
  let markedRunning = false;
  let finished = false;
  let lastPods: V1Pod[] = [];
  let lastJobRead = Date.now();
  if (!gone) say(`Job ${namespace}/${jobName} is on ${jobs.server}; waiting for its pod`);

  try {
    while (!options.cancel?.aborted) {
      if (Date.now() - lastJobRead >= 5 * pollMs) {
        lastJobRead = Date.now();
        const read = await jobs.readJob(namespace, jobName).catch(() => job);
        if (read === undefined) gone = true;
        else job = read;
      }
      const pods = gone ? [] : await jobs.listPods(namespace, jobName).catch(() => lastPods);
      lastPods = pods;
      for (const pod of pods) {
        const name = pod.metadata?.name ?? "";
        const now = podProgress(pod, options.containerName);
        if (progress.get(name)?.text !== now.text) say(`pod ${name}: ${now.text}`);
        progress.set(name, now);
        if ((now.running || now.terminated) && !markedRunning && options.record !== false) {
          markedRunning = true;
          await setStatusIf(tracking, runId, ["SCHEDULED"], "RUNNING", log);
        }
        if (!followed.has(name)) {
          followed.add(name);
          const attempt = followed.size;
          const done = () => finished || Boolean(progress.get(name)?.terminated) || gone || !lastPods.some((p) => p.metadata?.name === name);
          logs = logs.then(async () => {
            if (attempt > 1) {
              const header = `--- pod ${name} (attempt ${attempt}) ---\n`;
              options.stdout.write(header);
              output.write(header);
            }
            await followers.follow(name, done, stop.signal).catch((error: Error) => say(`cannot read the log of pod ${name}: ${error.message}`));
          });
        }
      }
      if (gone || jobOutcome(job)) break;
      await sleep(pollMs, options.cancel);
    }
  } finally {
    finished = true;
    stopWatch?.();
  }

  let status: RunStatus;
  let exitCode: number;
  const lastProgress = [...progress.values()].at(-1);
  if (options.cancel?.aborted) {
    say(`cancelling: deleting Job ${namespace}/${jobName} and its pods`);
    await jobs.deleteJob(namespace, jobName).catch((error: Error) => say(`could not delete the Job: ${error.message}`));
    status = "KILLED";
    const reason = options.cancel.reason as string | undefined;
    exitCode = 128 + ((reason && (constants.signals as Record<string, number>)[reason]) || constants.signals.SIGINT);
  } else if (gone) {
    say(`Job ${namespace}/${jobName} was deleted before it finished`);
    status = "FAILED";
    exitCode = lastProgress?.exitCode || 1;
  } else if (jobOutcome(job) === "Complete") {
    say(`Job ${jobName} succeeded`);
    status = "FINISHED";
    exitCode = 0;
  } else {
    say(`Job ${jobName} failed${jobFailureMessage(job) ? `: ${jobFailureMessage(job)}` : ""}`);
    status = "FAILED";
    exitCode = lastProgress?.exitCode || 1;
  }
  // Let the log streams drain (they end once their container has terminated), then save.
  if (options.cancel?.aborted) stop.abort();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([logs, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
  clearTimeout(timer);
  stop.abort();
  if (options.record === false) await output.remove();
  else {
    await saveLog(tracking, runId, output, log);
    await setStatusIf(tracking, runId, ["SCHEDULED", "RUNNING"], status, log);
  }
  return { runId, status, exitCode };
}

/** Sets the run's status when it is currently one of `from` (never overriding an ended run). */
async function setStatusIf(tracking: ProjectTrackingClient, runId: string, from: readonly RunStatus[], to: RunStatus, log: (line: string) => void): Promise<void> {
  try {
    const current = (await tracking.getRun(runId)).info.status;
    if (!from.includes(current) || TERMINAL.includes(current)) return;
    await tracking.updateRun(runId, { status: to, ...(TERMINAL.includes(to) ? { endTime: Date.now() } : {}) });
  } catch (error) {
    log(`Could not set run ${runId} ${to}: ${(error as Error).message}`);
  }
}

async function saveLog(tracking: ProjectTrackingClient, runId: string, output: OutputLog, log: (line: string) => void): Promise<void> {
  try {
    await output.close();
    await tracking.logArtifact(runId, output.path, "logs");
  } catch (error) {
    log(`Could not save the pod log as logs/stdout.txt: ${(error as Error).message}`);
  } finally {
    await output.remove();
  }
}
