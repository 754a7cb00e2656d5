import type { Run } from "@sextant/protocol";

/**
 * Run tags the kubernetes backend sets: MLflow's image tags, and what `sextant runs wait`
 * needs to find the run's Job again (Sextant's own `sextant.kubernetes.*`).
 */
export const KUBERNETES_RUN_TAGS = {
  imageUri: "mlflow.docker.image.uri",
  imageId: "mlflow.docker.image.id",
  jobName: "sextant.kubernetes.job.name",
  namespace: "sextant.kubernetes.job.namespace",
  container: "sextant.kubernetes.job.container",
  context: "sextant.kubernetes.context",
  server: "sextant.kubernetes.server",
} as const;

/** Where a run's Job is, as read back from its tags. */
export interface KubernetesJobLocation {
  readonly jobName: string;
  readonly namespace: string;
  readonly container: string;
  readonly context?: string;
  readonly server?: string;
}

/** The Job of a run started by the kubernetes backend, or undefined when the run has no such tags. */
export function kubernetesJobOf(run: Run): KubernetesJobLocation | undefined {
  const tags = new Map((run.data?.tags ?? []).map((t) => [t.key, t.value] as const));
  const jobName = tags.get(KUBERNETES_RUN_TAGS.jobName);
  const namespace = tags.get(KUBERNETES_RUN_TAGS.namespace);
  if (!jobName || !namespace) return undefined;
  const context = tags.get(KUBERNETES_RUN_TAGS.context);
  const server = tags.get(KUBERNETES_RUN_TAGS.server);
  return {
    jobName,
    namespace,
    container: tags.get(KUBERNETES_RUN_TAGS.container) ?? jobName,
    ...(context ? { context } : {}),
    ...(server ? { server } : {}),
  };
}
