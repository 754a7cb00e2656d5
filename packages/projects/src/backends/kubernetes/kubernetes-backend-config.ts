import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { parse as parseYaml } from "yaml";

/** The keys `--backend-config` takes for the kubernetes backend (MLflow's three first). */
export const KUBERNETES_CONFIG_KEYS = [
  "kube-job-template-path",
  "repository-uri",
  "kube-context",
  "insecure-registries",
  "platform",
  "build-image",
] as const;

/** A Job manifest as plain JSON. */
export type JobManifest = Record<string, unknown> & {
  readonly apiVersion: "batch/v1";
  readonly kind: "Job";
  readonly metadata: Record<string, unknown>;
  readonly spec: { readonly template: { readonly spec: { readonly containers: Record<string, unknown>[] } } };
};

/** `--backend-config` for the kubernetes backend, checked, with the Job template loaded. */
export interface KubernetesBackendConfig {
  /** Absolute path of the Job template file. */
  readonly jobTemplatePath: string;
  readonly jobTemplate: JobManifest;
  /** Namespace of the Job: the template's `metadata.namespace`, else "default". */
  readonly namespace: string;
  readonly repositoryUri: string;
  readonly kubeContext?: string;
  /** Registries reached over plain HTTP besides localhost and 127.0.0.0/8. */
  readonly insecureRegistries: readonly string[];
  /** Platform picked from multi-platform base images (default linux/amd64). */
  readonly platform?: string;
  /** `build-image`: false runs `docker_env.image` as it is. */
  readonly buildImage?: boolean;
}

/**
 * Checks the keys and value types of a kubernetes `--backend-config` without touching the
 * file system: `kube-job-template-path` and `repository-uri` are required strings,
 * `kube-context` and `platform` optional strings, `insecure-registries` a list of strings,
 * `build-image` a boolean. Throws INVALID_PARAMETER_VALUE naming the key and what it
 * needs, or listing the known keys for an unknown one.
 */
export function checkKubernetesBackendConfig(config: Readonly<Record<string, unknown>>): void {
  const unknown = Object.keys(config).filter((k) => !(KUBERNETES_CONFIG_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw MlflowError.invalidParameter(
      `Unknown kubernetes --backend-config key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")}; known keys: ${KUBERNETES_CONFIG_KEYS.join(", ")}`,
    );
  }
  for (const key of ["kube-job-template-path", "repository-uri"] as const) {
    if (config[key] === undefined) {
      throw MlflowError.invalidParameter(
        `The kubernetes backend needs '${key}' in --backend-config, e.g. {"kube-job-template-path": "kubernetes_job_template.yaml", "repository-uri": "registry.example.com/team/project"}`,
      );
    }
  }
  for (const key of ["kube-job-template-path", "repository-uri", "kube-context", "platform"] as const) {
    const value = config[key];
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
      throw MlflowError.invalidParameter(`--backend-config '${key}' must be a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
  const insecure = config["insecure-registries"];
  if (insecure !== undefined && (!Array.isArray(insecure) || insecure.some((v) => typeof v !== "string" || v === ""))) {
    throw MlflowError.invalidParameter(`--backend-config 'insecure-registries' must be a list of registry hosts such as ["registry.lan:5000"], got ${JSON.stringify(insecure)}`);
  }
  const build = config["build-image"];
  if (build !== undefined && typeof build !== "boolean") {
    throw MlflowError.invalidParameter(`--backend-config 'build-image' must be true or false, got ${JSON.stringify(build)}`);
  }
}

/**
 * Checks `config` (see `checkKubernetesBackendConfig`) and loads the Job template. A
 * relative template path is looked up in `cwd` (as MLflow does), then in the project
 * folder. Throws INVALID_PARAMETER_VALUE when the template cannot be found or read, is not
 * YAML, or is not a `batch/v1` Job with at least one container.
 */
export async function loadKubernetesBackendConfig(
  config: Readonly<Record<string, unknown>>,
  options: { readonly cwd: string; readonly projectDir: string },
): Promise<KubernetesBackendConfig> {
  checkKubernetesBackendConfig(config);
  const given = config["kube-job-template-path"] as string;
  const candidates = isAbsolute(given) ? [given] : [resolve(options.cwd, given), resolve(options.projectDir, given)];
  let text: string | undefined;
  let path = candidates[0]!;
  const problems: string[] = [];
  for (const candidate of candidates) {
    try {
      text = await readFile(candidate, "utf8");
      path = candidate;
      break;
    } catch (error) {
      problems.push(`${candidate}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (text === undefined) throw MlflowError.invalidParameter(`Cannot read 'kube-job-template-path' ${given} (tried ${problems.join("; ")})`);
  const jobTemplate = parseJobTemplate(text, path);
  const metadata = jobTemplate.metadata;
  const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default";
  return {
    jobTemplatePath: path,
    jobTemplate,
    namespace,
    repositoryUri: (config["repository-uri"] as string).trim(),
    ...(config["kube-context"] === undefined ? {} : { kubeContext: config["kube-context"] as string }),
    insecureRegistries: (config["insecure-registries"] as string[] | undefined) ?? [],
    ...(config.platform === undefined ? {} : { platform: config.platform as string }),
    ...(config["build-image"] === undefined ? {} : { buildImage: config["build-image"] as boolean }),
  };
}

/** Parses and checks a Job template (YAML). Throws INVALID_PARAMETER_VALUE naming `file`. */
export function parseJobTemplate(text: string, file: string): JobManifest {
  const fail = (problem: string) => MlflowError.invalidParameter(`Job template ${file} ${problem}`);
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw fail(`is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!isObject(parsed)) throw fail("must be a YAML mapping describing a Kubernetes Job");
  if (parsed.apiVersion !== "batch/v1" || parsed.kind !== "Job") {
    throw fail(`must be a batch/v1 Job, but it is apiVersion ${JSON.stringify(parsed.apiVersion)} kind ${JSON.stringify(parsed.kind)}`);
  }
  if (parsed.metadata !== undefined && !isObject(parsed.metadata)) throw fail("has a metadata that is not a mapping");
  const spec = parsed.spec;
  const podSpec = isObject(spec) && isObject(spec.template) ? spec.template.spec : undefined;
  if (!isObject(podSpec) || !Array.isArray(podSpec.containers) || podSpec.containers.length === 0 || !podSpec.containers.every(isObject)) {
    throw fail("needs spec.template.spec.containers with at least one container (the first one runs the project)");
  }
  return { ...parsed, metadata: (parsed.metadata as Record<string, unknown> | undefined) ?? {} } as JobManifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
