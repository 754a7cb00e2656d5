import type { ArtifactStore, ArtifactStoreRegistry } from "@sextant/server";
import { artifactUriScheme, createArtifactStoreRegistry } from "@sextant/server";
import { HttpProxyArtifactStore } from "./http-proxy-artifact-store.js";
import type { TrackingConnection } from "../../tracking-connection.js";

/** Where a run's artifacts are, opened for this client. */
export interface RunArtifactLocation {
  readonly artifactUri: string;
  readonly store: ArtifactStore;
  close(): Promise<void>;
}

/** The run's artifact URI, from `runs/get`. RESOURCE_DOES_NOT_EXIST for an unknown run. */
export async function runArtifactUri(connection: TrackingConnection, runId: string): Promise<string> {
  const response = await connection.fetch(`/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`);
  const { run } = (await response.json()) as { run: { info: { artifact_uri: string } } };
  return run.info.artifact_uri;
}

/**
 * Opens an artifact location as MLflow's client does: proxied locations (`mlflow-artifacts:`,
 * `http(s)://.../mlflow-artifacts/artifacts/...`) through the server, anything else (`s3://`,
 * local paths, `file://`) directly with this machine's credentials and filesystem.
 */
export function openArtifactLocation(
  connection: TrackingConnection | undefined,
  artifactUri: string,
  env: NodeJS.ProcessEnv,
): RunArtifactLocation {
  const scheme = artifactUriScheme(artifactUri);
  if (scheme === "mlflow-artifacts" || ((scheme === "http" || scheme === "https") && artifactUri.includes("/mlflow-artifacts/artifacts"))) {
    if (!connection) throw new Error(`Reading ${artifactUri} needs a tracking server connection.`);
    return { artifactUri, store: new HttpProxyArtifactStore(artifactUri, connection), close: async () => {} };
  }
  const registry: ArtifactStoreRegistry = createArtifactStoreRegistry({ env });
  return { artifactUri, store: registry.open(artifactUri), close: () => registry.close() };
}
