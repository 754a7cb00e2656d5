import type { Writable } from "node:stream";
import { BatchV1Api, CoreV1Api, type KubeConfig, Log, type V1Job, type V1Pod, Watch } from "@kubernetes/client-node";
import { type ErrorCode, MlflowError } from "@sextant/protocol";
import type { JobManifest } from "./kubernetes-backend-config.js";

/** A watch event on a Job. */
export type JobEvent = { readonly type: string; readonly job: V1Job };

/**
 * The Kubernetes calls the backend makes, through @kubernetes/client-node: create a Job
 * (a plain POST), read and watch it, list its pods by the `job-name` label, stream a pod's
 * log, delete the Job with its pods. Every failure is an MlflowError: the API server's
 * 401 -> UNAUTHENTICATED, 403 -> PERMISSION_DENIED, 404 -> RESOURCE_DOES_NOT_EXIST,
 * 409 -> RESOURCE_ALREADY_EXISTS, 400/422 -> INVALID_PARAMETER_VALUE (with the server's
 * message), unreachable -> TEMPORARILY_UNAVAILABLE; `status` keeps the HTTP status.
 */
export class KubernetesJobs {
  readonly config: KubeConfig;
  readonly #batch: BatchV1Api;
  readonly #core: CoreV1Api;

  constructor(config: KubeConfig) {
    this.config = config;
    this.#batch = config.makeApiClient(BatchV1Api);
    this.#core = config.makeApiClient(CoreV1Api);
  }

  /** The API server's URL of the current context. */
  get server(): string {
    return this.config.getCurrentCluster()?.server ?? "(no cluster)";
  }

  async createJob(namespace: string, job: JobManifest): Promise<V1Job> {
    return this.#call(`create Job in namespace ${namespace}`, () => this.#batch.createNamespacedJob({ namespace, body: job as unknown as V1Job }));
  }

  /** The Job, or undefined when it does not exist (any more). */
  async readJob(namespace: string, name: string): Promise<V1Job | undefined> {
    try {
      return await this.#call(`read Job ${namespace}/${name}`, () => this.#batch.readNamespacedJob({ name, namespace }));
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Pods of the Job (label `job-name`), oldest first. */
  async listPods(namespace: string, jobName: string): Promise<V1Pod[]> {
    const list = await this.#call(`list pods of Job ${namespace}/${jobName}`, () =>
      this.#core.listNamespacedPod({ namespace, labelSelector: `job-name=${jobName}` }),
    );
    return [...list.items].sort((a, b) => time(a.metadata?.creationTimestamp) - time(b.metadata?.creationTimestamp));
  }

  /** Deletes the Job and, in the background, its pods. False when it was already gone. */
  async deleteJob(namespace: string, name: string): Promise<boolean> {
    try {
      await this.#call(`delete Job ${namespace}/${name}`, () => this.#batch.deleteNamespacedJob({ name, namespace, propagationPolicy: "Background" }));
      return true;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * Watches one Job; `onEvent` hears ADDED/MODIFIED/DELETED, `onEnd` the end of the watch
   * (the server closes watches after a while: watch again). Returns a stop function.
   */
  async watchJob(namespace: string, name: string, onEvent: (event: JobEvent) => void, onEnd: (error?: unknown) => void): Promise<() => void> {
    const watch = new Watch(this.config);
    const controller = await watch.watch(
      `/apis/batch/v1/namespaces/${namespace}/jobs`,
      { fieldSelector: `metadata.name=${name}` },
      (type, object) => onEvent({ type, job: object as V1Job }),
      (error) => onEnd(error ?? undefined),
    );
    return () => controller.abort();
  }

  /**
   * Streams a container's log into `out` (with RFC 3339 timestamps when asked), following it
   * while the container runs. Resolves with a stop function once the stream has started;
   * rejects with KubernetesApiError status 400 while the container is not running yet.
   */
  async streamLog(
    namespace: string,
    pod: string,
    container: string,
    out: Writable,
    options: { readonly follow: boolean; readonly timestamps: boolean; readonly sinceTime?: string },
  ): Promise<() => void> {
    const log = new Log(this.config);
    const controller = await this.#call(`stream the log of pod ${namespace}/${pod}`, () =>
      log.log(namespace, pod, container, out, {
        follow: options.follow,
        timestamps: options.timestamps,
        ...(options.sinceTime ? { sinceTime: options.sinceTime } : {}),
      }),
    );
    return () => controller.abort();
  }

  async #call<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw KubernetesApiError.from(error, what, this.server);
    }
  }
}

function time(value: Date | string | undefined): number {
  return value ? new Date(value).getTime() : 0;
}

/** An API server error (or an unreachable server), carrying the HTTP status when there was one. */
export class KubernetesApiError extends MlflowError {
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, status: number | undefined, cause: unknown) {
    super(code, message, { cause });
    this.status = status;
  }

  /** Wraps what @kubernetes/client-node threw. */
  static from(error: unknown, what: string, server: string): KubernetesApiError {
    const status = typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code as number) : undefined;
    if (status === undefined) {
      const reason = error instanceof Error ? error.message : String(error);
      return new KubernetesApiError("TEMPORARILY_UNAVAILABLE", `Kubernetes API ${server}: cannot ${what}: ${reason}`, undefined, error);
    }
    let detail = "";
    const body = (error as { body?: unknown }).body;
    const parsed = typeof body === "string" ? safeJson(body) : body;
    if (parsed && typeof parsed === "object" && typeof (parsed as { message?: unknown }).message === "string") detail = (parsed as { message: string }).message;
    else if (typeof body === "string") detail = body.slice(0, 300);
    const code: ErrorCode =
      status === 401
        ? "UNAUTHENTICATED"
        : status === 403
          ? "PERMISSION_DENIED"
          : status === 404
            ? "RESOURCE_DOES_NOT_EXIST"
            : status === 409
              ? "RESOURCE_ALREADY_EXISTS"
              : status === 400 || status === 422
                ? "INVALID_PARAMETER_VALUE"
                : status >= 500
                  ? "TEMPORARILY_UNAVAILABLE"
                  : "INTERNAL_ERROR";
    const hint = status === 401 ? " (check the kubeconfig's user credentials)" : status === 403 ? " (the kubeconfig's user lacks RBAC permission for this)" : "";
    return new KubernetesApiError(code, `Kubernetes API ${server}: cannot ${what}: HTTP ${status}${detail ? ` ${detail}` : ""}${hint}`, status, error);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
