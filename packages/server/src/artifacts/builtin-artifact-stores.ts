import { S3Client } from "@aws-sdk/client-s3";
import { MlflowError } from "@sextant/protocol";
import type { ArtifactStore } from "./artifact-store.js";
import { normalizeArtifactPath } from "./artifact-path.js";
import { ArtifactStoreRegistry } from "./artifact-store-registry.js";
import { isLocalPathWithin, localArtifactPath, realLocalPath } from "./local-artifact-path.js";
import { LocalArtifactStore } from "./local-artifact-store.js";
import { S3ArtifactStore, type S3ArtifactStoreOptions } from "./s3-artifact-store.js";
import { s3ClientConfigFromEnv } from "./s3-client-config.js";
import { parseS3Uri } from "./s3-location.js";
import { ScopedArtifactStore } from "./scoped-artifact-store.js";

/** The route prefix an `http(s)://` proxied artifact location carries before its path. */
const PROXY_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts";

export interface ArtifactStoreRegistryOptions {
  /**
   * When set, a local location is only opened if it lies (symbolic links resolved) inside one
   * of these folders; anything else is INVALID_PARAMETER_VALUE. The server passes its default
   * artifact root and artifacts destination, so a run whose location says `/etc` lists nothing.
   */
  readonly allowedLocalRoots?: readonly string[];
  /**
   * The store behind `mlflow-artifacts:` (and `http(s)://.../api/2.0/mlflow-artifacts/artifacts/...`)
   * locations: the server's artifacts destination. Without it those schemes are not registered.
   */
  readonly mlflowArtifactsDestination?: () => ArtifactStore;
  /** Environment for S3 settings (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  readonly s3?: S3ArtifactStoreOptions;
}

/**
 * A registry with the built-in plugins: plain local paths and `file:`, `s3:`, and (given a
 * destination) `mlflow-artifacts:`/`http:`/`https:` proxied locations. One S3 client is shared
 * by the registry's S3 stores and released by `registry.close()`.
 */
export function createArtifactStoreRegistry(options: ArtifactStoreRegistryOptions = {}): ArtifactStoreRegistry {
  const registry = new ArtifactStoreRegistry();
  const allowed = options.allowedLocalRoots?.map((root) => realLocalPath(localArtifactPath(root)));

  const openLocal = (uri: string) => {
    const folder = localArtifactPath(uri);
    if (allowed && !allowed.some((root) => isLocalPathWithin(root, realLocalPath(folder)))) {
      throw MlflowError.invalidParameter(
        `Artifact location '${uri}' is outside this server's artifact roots; it will not be read or written.`,
      );
    }
    return new LocalArtifactStore(uri, folder);
  };
  registry.register("", openLocal).register("file", openLocal);

  let s3Client: S3Client | undefined;
  registry.register("s3", (uri) => {
    s3Client ??= new S3Client(s3ClientConfigFromEnv(options.env));
    return new S3ArtifactStore(uri, s3Client, parseS3Uri(uri), options.s3);
  });
  registry.onClose(() => s3Client?.destroy());

  const destination = options.mlflowArtifactsDestination;
  if (destination) {
    registry.register("mlflow-artifacts", (uri) => {
      const path = uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?/i, "");
      return new ScopedArtifactStore(destination(), normalizeArtifactPath(path.replace(/^\/+/, ""), "artifact location"), uri);
    });
    const openHttp = (uri: string) => {
      const at = uri.indexOf(PROXY_ANCHOR);
      if (at < 0) {
        throw MlflowError.invalidParameter(`Artifact location '${uri}' is not an mlflow-artifacts proxy URL.`);
      }
      const path = uri.slice(at + PROXY_ANCHOR.length).replace(/^\/+/, "");
      return new ScopedArtifactStore(destination(), normalizeArtifactPath(path, "artifact location"), uri);
    };
    registry.register("http", openHttp).register("https", openHttp);
  }
  return registry;
}
