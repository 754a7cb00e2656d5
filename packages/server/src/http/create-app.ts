import { MLFLOW_COMPATIBLE_VERSION, SEXTANT_VERSION } from "@sextant/protocol";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { TrackingService, type TrackingServiceOptions } from "../services/tracking-service.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import { registerArtifactRoutes } from "./artifact-routes.js";
import { replyNotFound, replyWithError } from "./error-replies.js";
import { registerTrackingRoutes } from "./tracking-routes.js";
import { defaultUiStaticDir, registerUiRoutes } from "./ui-routes.js";

/** Where the server's log lines go and from which level; `false` silences it. */
export type AppLogger =
  | boolean
  | { readonly level?: "fatal" | "error" | "warn" | "info" | "debug"; readonly stream?: { write(line: string): void } };

/** Everything an app is built from; nothing is read from globals or the environment. */
export interface AppDeps {
  readonly tracking: TrackingStore;
  /** Proxy artifact uploads/downloads (`--serve-artifacts`). Default true, as in MLflow. */
  readonly serveArtifacts?: boolean;
  /** Where proxied artifacts are stored (`--artifacts-destination`), a path or URI. */
  readonly artifactsDestination: string;
  /** Experiments' default artifact root (`--default-artifact-root`), as the store was opened with. */
  readonly defaultArtifactRoot?: string;
  /** Serve only the artifact proxy; tracking routes answer 503. Default false. */
  readonly artifactsOnly?: boolean;
  /** Default: warnings and errors to stdout (request logging stays off on the hot path). */
  readonly logger?: AppLogger;
  /** Clock and randomness of the tracking service (tests). */
  readonly service?: TrackingServiceOptions;
  /** The built web UI served at `/` (default: `packages/ui/dist` beside the server package). */
  readonly uiStaticDir?: string;
}

function loggerOption(logger: AppLogger | undefined): boolean | object {
  if (logger === false) return false;
  if (logger === undefined || logger === true) return { level: "warn" };
  return { level: logger.level ?? "warn", ...(logger.stream ? { stream: logger.stream } : {}) };
}

/**
 * Builds the HTTP app (not yet listening): tracking routes under `/api/2.0` and
 * `/ajax-api/2.0`, the artifact routes, `GET /health` and `GET /version`, one error handler and
 * a JSON 404. Holds no module state, so tests may build as many apps as they like. `/version`
 * answers the MLflow version whose protocol is spoken (clients compare it against MLflow
 * releases); Sextant's own version is in the `X-Sextant-Version` header.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOption(deps.logger),
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler(replyNotFound);

  app.get("/health", (_request, reply) => reply.type("text/plain; charset=utf-8").send("OK"));
  app.get("/version", (_request, reply) =>
    reply.type("text/plain; charset=utf-8").header("x-sextant-version", SEXTANT_VERSION).send(MLFLOW_COMPATIBLE_VERSION),
  );

  await registerTrackingRoutes(app, {
    service: new TrackingService(deps.tracking, deps.service),
    artifactsOnly: deps.artifactsOnly ?? false,
  });
  await registerArtifactRoutes(app, {
    tracking: deps.tracking,
    serveArtifacts: deps.serveArtifacts ?? true,
    artifactsDestination: deps.artifactsDestination,
    artifactsOnly: deps.artifactsOnly ?? false,
    ...(deps.defaultArtifactRoot !== undefined ? { defaultArtifactRoot: deps.defaultArtifactRoot } : {}),
  });
  await registerUiRoutes(app, { staticDir: deps.uiStaticDir ?? defaultUiStaticDir() });
  return app;
}
