import type { AddressInfo } from "node:net";
import { MlflowError } from "@sextant/protocol";
import type { FastifyInstance } from "fastify";
import { createApp } from "../http/create-app.js";
import { openTrackingStore } from "../stores/open-tracking-store.js";
import { resolveServerConfig, type ServerOptions } from "./resolve-server-config.js";

/** `startServer`'s options: MLflow's `mlflow server` settings plus whether to log. */
export interface StartServerOptions extends ServerOptions {
  /** Warnings and errors to stdout (default true); request logging is always off. */
  readonly logger?: boolean;
}

/** A listening server. `close()` lets in-flight requests finish, then closes the database. */
export interface RunningServer {
  /** `http://<host>:<port>` with the port actually bound (useful with port 0). */
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") {
    return new MlflowError(
      "RESOURCE_CONFLICT",
      `Port ${port} on ${host} is already in use: stop the process using it or choose another port with --port.`,
      { cause: error },
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EACCES") {
    return MlflowError.invalidParameter(
      `Cannot listen on ${host}:${port} (${code}): check --host (an address of this machine, e.g. 127.0.0.1 or 0.0.0.0) and --port.`,
    );
  }
  return error;
}

/**
 * Starts a tracking server as `mlflow server` does: resolves MLflow's defaults (see
 * `resolveServerConfig`), opens (and migrates) the backend store, builds the app and listens
 * (port 0 picks a free port). Used by the CLI, the SDK's tests and `sextant run`'s embedded
 * server. Throws INVALID_PARAMETER_VALUE for bad options or an unknown store URI,
 * RESOURCE_CONFLICT when the port is taken, INTERNAL_ERROR when the database cannot be opened.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const config = resolveServerConfig(options);
  const tracking = await openTrackingStore(config.backendStoreUri, { defaultArtifactRoot: config.defaultArtifactRoot });
  let app: FastifyInstance | undefined;
  try {
    app = await createApp({
      tracking,
      serveArtifacts: config.serveArtifacts,
      artifactsDestination: config.artifactsDestination,
      defaultArtifactRoot: config.defaultArtifactRoot,
      artifactsOnly: config.artifactsOnly,
      logger: options.logger ?? true,
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app?.close().catch(() => {});
    await tracking.close().catch(() => {});
    throw listenError(error, config.host, config.port);
  }
  const listening = app;
  const { port } = listening.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(config.host)}:${port}`,
    app: listening,
    close() {
      closing ??= (async () => {
        try {
          await listening.close();
        } finally {
          await tracking.close();
        }
      })();
      return closing;
    },
  };
}
