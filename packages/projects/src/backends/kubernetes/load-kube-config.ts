import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { MlflowError } from "@sextant/protocol";

/** Where the service account of a pod is mounted. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Where to look for cluster credentials. */
export interface KubeConfigOptions {
  /** Context to use instead of the kubeconfig's current-context. */
  readonly context?: string;
  /** Default `process.env` (KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default the user's home folder (for ~/.kube/config). */
  readonly home?: string;
  /** Default SERVICE_ACCOUNT_DIR (tests point it elsewhere). */
  readonly serviceAccountDir?: string;
}

/**
 * Loads cluster credentials as kubectl does: every file of `KUBECONFIG` (separated by
 * `:`; the first file's current-context wins, later files add clusters, users and
 * contexts), else `~/.kube/config`, else the pod's service account (in-cluster, when
 * KUBERNETES_SERVICE_HOST is set and a token is mounted). `context` switches context.
 * Throws INVALID_PARAMETER_VALUE when a kubeconfig file cannot be read or parsed, when
 * `context` is not in it (listing the contexts there are), or when there is no
 * configuration at all (saying where it looked).
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const files = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  const fallback = join(options.home ?? homedir(), ".kube", "config");
  const found = files.length > 0 ? files : existsSync(fallback) ? [fallback] : [];
  if (found.length > 0) {
    found.forEach((file, i) => {
      const next = i === 0 ? kc : new KubeConfig();
      try {
        next.loadFromFile(file);
      } catch (error) {
        throw MlflowError.invalidParameter(`Cannot load kubeconfig ${file}${files.length > 0 ? " (from KUBECONFIG)" : ""}: ${(error as Error).message}`);
      }
      if (next !== kc) kc.mergeConfig(next, true);
    });
  } else {
    const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? "443";
    if (!host || !existsSync(join(dir, "token"))) {
      throw MlflowError.invalidParameter(
        `No Kubernetes configuration: KUBECONFIG is not set, ${fallback} does not exist, and this is not a pod with a service account; point KUBECONFIG at your cluster's kubeconfig`,
      );
    }
    const namespaceFile = join(dir, "namespace");
    const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, "utf8").trim() : undefined;
    const server = `${["80", "8080", "8001"].includes(port) ? "http" : "https"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
    kc.loadFromOptions({
      clusters: [{ name: "in-cluster", server, caFile: join(dir, "ca.crt"), skipTLSVerify: false }],
      users: [{ name: "in-cluster", authProvider: { name: "tokenFile", config: { tokenFile: join(dir, "token") } } }],
      contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "in-cluster", ...(namespace ? { namespace } : {}) }],
      currentContext: "in-cluster",
    });
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw MlflowError.invalidParameter(`Kubernetes context '${options.context}' is not in the kubeconfig (contexts: ${known.join(", ") || "none"})`);
    }
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    throw MlflowError.invalidParameter(`The kubeconfig has no usable current context ('${kc.getCurrentContext()}'); pass kube-context in --backend-config`);
  }
  return kc;
}
