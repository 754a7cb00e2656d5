import type { FastifyInstance } from "fastify";
import { ArtifactService } from "../artifacts/artifact-service.js";
import type { ArtifactStoreRegistry } from "../artifacts/artifact-store-registry.js";
import { registerProxyRoutes } from "../artifacts/proxy-routes.js";
import { registerRunArtifactRoutes } from "../artifacts/run-artifact-routes.js";
import type { TrackingStore } from "../stores/tracking-store.js";

/** What the artifact routes need from the server. */
export interface ArtifactRoutesOptions {
  readonly tracking: TrackingStore;
  /** True when the server proxies artifacts (`--serve-artifacts`, MLflow's default). */
  readonly serveArtifacts: boolean;
  /** Where proxied artifacts live (`--artifacts-destination`), a path or URI. */
  readonly artifactsDestination: string;
  /**
   * `--default-artifact-root`. When it is a local folder, run artifacts stored under it can be
   * listed and downloaded through the server; local run locations outside it and outside the
   * artifacts destination are refused (INVALID_PARAMETER_VALUE).
   */
  readonly defaultArtifactRoot?: string;
  /** `--artifacts-only`: `artifacts/list` then answers 503 as MLflow's does. */
  readonly artifactsOnly?: boolean;
  /** Artifact store plugins to use instead of the built-ins (local, s3, mlflow-artifacts). */
  readonly artifactStores?: ArtifactStoreRegistry;
}

/**
 * Mounts `artifacts/list`, `/get-artifact`, `upload-artifact` and the `mlflow-artifacts` proxy
 * API (under `/api/2.0` and `/ajax-api/2.0`). The routes live in their own encapsulated scope
 * whose content-type parser accepts any type and leaves the body unread, so uploads stream
 * from the socket to the store with no size limit and no buffering. Errors go to the app's
 * error handler (`replyWithError`).
 */
export async function registerArtifactRoutes(app: FastifyInstance, opts: ArtifactRoutesOptions): Promise<void> {
  const service = new ArtifactService({
    tracking: opts.tracking,
    serveArtifacts: opts.serveArtifacts,
    artifactsDestination: opts.artifactsDestination,
    ...(opts.defaultArtifactRoot !== undefined ? { defaultArtifactRoot: opts.defaultArtifactRoot } : {}),
    ...(opts.artifactStores ? { registry: opts.artifactStores } : {}),
  });
  app.addHook("onClose", async () => {
    await service.close();
  });
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    registerProxyRoutes(scope, service, opts.serveArtifacts);
    registerRunArtifactRoutes(scope, service, opts.artifactsOnly ?? false);
  });
}
