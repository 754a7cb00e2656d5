import type { V1Job, V1Pod } from "@kubernetes/client-node";

/** How a Job ended, from its conditions; undefined while it runs. */
export function jobOutcome(job: V1Job | undefined): "Complete" | "Failed" | undefined {
  for (const condition of job?.status?.conditions ?? []) {
    if (condition.status !== "True") continue;
    if (condition.type === "Complete") return "Complete";
    if (condition.type === "Failed") return "Failed";
  }
  return undefined;
}

/** The message of the Job's Failed condition (e.g. "Job has reached the specified backoff limit"). */
export function jobFailureMessage(job: V1Job | undefined): string | undefined {
  const failed = job?.status?.conditions?.find((c) => c.type === "Failed" && c.status === "True");
  return failed ? [failed.reason, failed.message].filter(Boolean).join(": ") : undefined;
}

/** Where one pod of the Job stands, for the phase line and the run status. */
export interface PodProgress {
  /** Short, human text: "pulling image / starting (ContainerCreating)", "running", "failed (exit code 2)". */
  readonly text: string;
  readonly running: boolean;
  readonly terminated: boolean;
  readonly exitCode?: number;
}

const PULL_PROBLEMS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"]);

/** Reads a pod's phase and its project container's state (the container named `container`, else the first). */
export function podProgress(pod: V1Pod, container: string): PodProgress {
  const statuses = pod.status?.containerStatuses ?? [];
  const status = statuses.find((s) => s.name === container) ?? statuses[0];
  const terminated = status?.state?.terminated;
  if (terminated) {
    const ok = terminated.exitCode === 0;
    return {
      text: ok ? "succeeded" : `failed (exit code ${terminated.exitCode}${terminated.reason ? `, ${terminated.reason}` : ""})`,
      running: false,
      terminated: true,
      exitCode: terminated.exitCode,
    };
  }
  if (pod.status?.phase === "Succeeded") return { text: "succeeded", running: false, terminated: true, exitCode: 0 };
  if (pod.status?.phase === "Failed") return { text: `failed${pod.status.reason ? ` (${pod.status.reason})` : ""}`, running: false, terminated: true };
  if (status?.state?.running) return { text: "running", running: true, terminated: false };
  const waiting = status?.state?.waiting;
  if (waiting?.reason && PULL_PROBLEMS.has(waiting.reason)) {
    return { text: `cannot pull the image (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""})`, running: false, terminated: false };
  }
  if (waiting) return { text: `pulling image / starting (${waiting.reason ?? "waiting"})`, running: false, terminated: false };
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (unschedulable) return { text: `waiting for a node (${unschedulable.reason ?? ""}${unschedulable.message ? `: ${unschedulable.message}` : ""})`, running: false, terminated: false };
  return { text: `${(pod.status?.phase ?? "pending").toLowerCase()}`, running: false, terminated: false };
}

/** Elapsed time as `7s`, `1m05s` or `2h03m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
