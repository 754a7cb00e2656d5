import { MLFLOW_COMPATIBLE_VERSION, SEXTANT_VERSION } from "@sextant/protocol";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { ArtifactService } from "../artifacts/artifact-service.js";
import { TrackingService, type TrackingServiceOptions } from "../services/tracking-service.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import type { ModelStores } from "../stores/model-stores.js";
import { registerArtifactRoutes } from "./artifact-routes.js";
import { registerModelRoutes } from "./model-routes.js";
import { replyNotFound, replyWithError } from "./error-replies.js";
import { registerTrackingRoutes } from "./tracking-routes.js";
import { defaultUiStaticDir, registerUiRoutes } from "./ui-routes.js";

/** How long a closing server waits before closing idle keep-alive connections. */
const CLOSE_GRACE_MS = 100;

/** Where the server's log lines go and from which level; `false` silences it. */
export type AppLogger =
  | boolean
  | { readonly level?: "fatal" | "error" | "warn" | "info" | "debug"; readonly stream?: { write(line: string): void } };

/** Everything an app is built from; nothing is read from globals or the environment. */
export interface AppDeps {
  readonly tracking: TrackingStore;
  /** Registry and logged-model stores (default: the tracking store's own, when it has them). */
  readonly models?: ModelStores;
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
 * Graceful close. Requests in flight finish; requests that reach the server while it closes are
 * still served, with `Connection: close` so keep-alive clients move on. Node's `server.close()`
 * destroys connections it sees as idle, including ones whose request bytes are still unread
 * because the loop was busy, so the server first waits a short grace period (only when it has
 * connections) for those to be read; afterwards connections left idle are closed as they idle,
 * so close never waits for the keep-alive timeout.
 */
function drainConnectionsOnClose(app: FastifyInstance): void {
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook("preClose", async () => {
    const server = app.server;
    server.prependListener("request", (_request, response) => {
      if (!response.headersSent) response.setHeader("connection", "close");
    });
    const open = await new Promise<number>((resolve) => server.getConnections((_e, count) => resolve(count ?? 0)));
    if (open > 0) {
      await new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Swept from setImmediate, after the loop's I/O phase has read what is waiting on sockets.
    sweeper = setInterval(() => setImmediate(() => server.closeIdleConnections()), 25);
  });
  app.addHook("onClose", (_instance, done) => {
    clearInterval(sweeper);
    done();
  });
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
    return503OnClosing: false,
    forceCloseConnections: false,
  });
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler(replyNotFound);
  drainConnectionsOnClose(app);

  app.get("/health", (_request, reply) => reply.type("text/plain; charset=utf-8").send("OK"));
  app.get("/version", (_request, reply) =>
    reply.type("text/plain; charset=utf-8").header("x-sextant-version", SEXTANT_VERSION).send(MLFLOW_COMPATIBLE_VERSION),
  );

  const artifactsOnly = deps.artifactsOnly ?? false;
  const serveArtifacts = deps.serveArtifacts ?? true;
  const defaultArtifactRoot = deps.defaultArtifactRoot !== undefined ? { defaultArtifactRoot: deps.defaultArtifactRoot } : {};
  const artifacts = new ArtifactService({
    tracking: deps.tracking,
    serveArtifacts,
    artifactsDestination: deps.artifactsDestination,
    ...defaultArtifactRoot,
  });
  app.addHook("onClose", async () => {
    await artifacts.close();
  });

  await registerTrackingRoutes(app, { service: new TrackingService(deps.tracking, deps.service), artifactsOnly });
  await registerArtifactRoutes(app, { service: artifacts, serveArtifacts, artifactsOnly });
  await registerModelRoutes(app, {
    tracking: deps.tracking,
    ...(deps.models ? { models: deps.models } : {}),
    artifacts,
    artifactsDestination: deps.artifactsDestination,
    ...defaultArtifactRoot,
    artifactsOnly,
  });
  await registerUiRoutes(app, { staticDir: deps.uiStaticDir ?? defaultUiStaticDir() });
  return app;
}
