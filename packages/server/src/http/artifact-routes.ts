import type { FastifyInstance } from "fastify";
import type { ArtifactService } from "../artifacts/artifact-service.js";
import { registerProxyRoutes } from "../artifacts/proxy-routes.js";
import { registerRunArtifactRoutes } from "../artifacts/run-artifact-routes.js";

/** What the artifact routes need from the server. */
export interface ArtifactRoutesOptions {
  /** The app's artifact service (its owner closes it). */
  readonly service: ArtifactService;
  /** True when the server proxies artifacts (`--serve-artifacts`, MLflow's default). */
  readonly serveArtifacts: boolean;
  /** `--artifacts-only`: `artifacts/list` then answers 503 as MLflow's does. */
  readonly artifactsOnly?: boolean;
}

/**
 * Mounts `artifacts/list`, `/get-artifact`, `upload-artifact` and the `mlflow-artifacts` proxy
 * API (under `/api/2.0` and `/ajax-api/2.0`). The routes live in their own encapsulated scope
 * whose content-type parser accepts any type and leaves the body unread, so uploads stream
 * from the socket to the store with no size limit and no buffering. Errors go to the app's
 * error handler (`replyWithError`).
 */
export async function registerArtifactRoutes(app: FastifyInstance, opts: ArtifactRoutesOptions): Promise<void> {
  const { service } = opts;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    registerProxyRoutes(scope, service, opts.serveArtifacts);
    registerRunArtifactRoutes(scope, service, opts.artifactsOnly ?? false);
  });
}
