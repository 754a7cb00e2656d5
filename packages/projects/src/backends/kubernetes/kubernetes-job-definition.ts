import { MlflowError } from "@sextant/protocol";
import type { DockerEnvVariable } from "../../project-spec.js";
import type { JobManifest } from "./kubernetes-backend-config.js";

/** One entry of a container's `env`: a value, or a reference (`valueFrom`) kept as written. */
export type EnvVar = { readonly name: string; readonly value?: string; readonly valueFrom?: unknown };

/** What goes into the Job template. */
export interface JobDefinitionInput {
  readonly jobName: string;
  readonly containerName: string;
  /** `repository:tag@sha256:...`. */
  readonly image: string;
  readonly command: readonly string[];
  /** MLproject `docker_env.environment`: set values, or names copied from `hostEnv`. */
  readonly dockerEnvironment: readonly DockerEnvVariable[];
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly runId: string;
  readonly experimentId: string;
  /** MLFLOW_TRACKING_URI for the pod; `KUBE_MLFLOW_TRACKING_URI` in `hostEnv` wins, as in MLflow. */
  readonly trackingUri: string;
}

/**
 * Fills a Job template as MLflow does, on a deep copy: `metadata.name` = the Job name, and
 * for the first container `name`, `image` (`repo:tag@digest`), `command` (argv) and `env`:
 * the template's own entries (secretKeyRef and such) first, then the MLproject's
 * `docker_env.environment` (which MLflow drops), then MLFLOW_RUN_ID, MLFLOW_TRACKING_URI
 * and MLFLOW_EXPERIMENT_ID; a later entry replaces an earlier one of the same name. Every
 * other field of the template is kept as written. `generateName` is dropped (the name is
 * set). Returns the Job and the names of copied variables that were not set on this machine.
 * Throws INVALID_PARAMETER_VALUE when the template's container `env` is not a list.
 */
export function kubernetesJobDefinition(template: JobManifest, input: JobDefinitionInput): { job: JobManifest; missingCopies: string[] } {
  const job = structuredClone(template) as JobManifest;
  const metadata = job.metadata as Record<string, unknown>;
  metadata.name = input.jobName;
  delete metadata.generateName;
  const container = job.spec.template.spec.containers[0]!;
  container.name = input.containerName;
  container.image = input.image;
  container.command = [...input.command];
  if (container.env !== undefined && !Array.isArray(container.env)) {
    throw MlflowError.invalidParameter("The Job template's first container has an env that is not a list of {name, value} entries");
  }
  let env: EnvVar[] = [...((container.env as EnvVar[] | undefined) ?? [])];
  const set = (name: string, value: string) => {
    env = env.filter((e) => e.name !== name);
    env.push({ name, value });
  };
  const missingCopies: string[] = [];
  for (const variable of input.dockerEnvironment) {
    if ("copy" in variable) {
      const value = input.hostEnv[variable.copy];
      if (value === undefined) missingCopies.push(variable.copy);
      else set(variable.copy, value);
    } else {
      set(variable.name, variable.value);
    }
  }
  set("MLFLOW_RUN_ID", input.runId);
  set("MLFLOW_TRACKING_URI", input.hostEnv.KUBE_MLFLOW_TRACKING_URI || input.trackingUri);
  set("MLFLOW_EXPERIMENT_ID", input.experimentId);
  container.env = env;
  return { job, missingCopies };
}
