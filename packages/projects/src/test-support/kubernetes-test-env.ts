import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MlflowClient } from "@sextant/sdk";
import { type RunningServer, startServer } from "@sextant/server";
import { type FakeKubernetesApi, startFakeKubernetesApi } from "./fake-kubernetes-api.js";
import { pushTestBaseImage } from "./test-base-image.js";
import { startTestRegistry, type TestRegistry } from "./test-registry.js";

/** Everything a kubernetes backend test needs: registry, fake cluster, tracking server. */
export interface KubernetesTestEnv {
  readonly tmp: string;
  readonly registry: TestRegistry;
  readonly fake: FakeKubernetesApi;
  readonly server: RunningServer;
  readonly client: MlflowClient;
  readonly kubeconfig: string;
  /** `127.0.0.1:<port>/team/base:1`, a small image with a shell entrypoint. */
  readonly baseImage: string;
  /** Environment for runs: KUBECONFIG, an empty DOCKER_CONFIG, PATH, HOME. */
  readonly env: Record<string, string>;
  /**
   * fetch that sends Docker Hub (`registry-1.docker.io`) and `registry.example.com` to the
   * local registry over plain HTTP: there is no internet here, and this lets the example
   * project's own `node:20-slim` and `repository-uri` be used unchanged.
   */
  readonly registryFetch: typeof fetch;
  close(): Promise<void>;
}

/** Starts the registry (with `team/base:1` and `library/node:20-slim` pushed), the fake API server and a SQLite tracking server. */
export async function startKubernetesTestEnv(): Promise<KubernetesTestEnv> {
  const tmp = await mkdtemp(join(tmpdir(), "sextant-k8s-test-"));
  const registry = await startTestRegistry();
  await pushTestBaseImage(registry.url, "team/base", { tag: "1" });
  await pushTestBaseImage(registry.url, "library/node", { tag: "20-slim" });
  const fake = await startFakeKubernetesApi();
  const kubeconfig = join(tmp, "kubeconfig");
  await fake.writeKubeconfig(kubeconfig);
  await mkdir(join(tmp, "mlruns"));
  const server = await startServer({
    backendStoreUri: `sqlite:///${join(tmp, "mlruns", "mlflow.db")}`,
    artifactsDestination: join(tmp, "mlruns", "artifacts"),
    serveArtifacts: true,
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  const dockerConfig = join(tmp, "docker");
  await mkdir(dockerConfig);
  await writeFile(join(dockerConfig, "config.json"), "{}");
  const local = new URL(registry.url);
  const registryFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === "registry-1.docker.io" || url.hostname === "registry.example.com") {
      url.protocol = "http:";
      url.host = local.host;
    }
    return fetch(url, init);
  };
  return {
    tmp,
    registry,
    fake,
    server,
    client: new MlflowClient({ trackingUri: server.url }),
    kubeconfig,
    baseImage: `${registry.host}/team/base:1`,
    env: { KUBECONFIG: kubeconfig, DOCKER_CONFIG: dockerConfig, PATH: process.env.PATH ?? "", HOME: tmp },
    registryFetch,
    async close() {
      await fake.close();
      await server.close();
      await registry.stop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
