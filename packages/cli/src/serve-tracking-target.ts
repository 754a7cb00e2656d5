import { mkdir } from "node:fs/promises";
import type { TrackingTarget } from "@sextant/projects";
import type { RunningServer } from "@sextant/server";

/** Where a command's tracking calls go, and the in-process server behind them, if one was started. */
export interface ServedTracking {
  readonly trackingUri: string;
  /** Started for an embedded target: close it when done. */
  readonly server?: RunningServer;
}

/**
 * The tracking URI for `target`: a server target's own URI, or the URL of a server started in
 * this process on a loopback port over an embedded target's local store (its folder created if
 * missing). The server package is loaded only then: its dependencies are heavy for a
 * remote-tracking run. Throws MlflowError from `startServer` (INVALID_PARAMETER_VALUE for a bad
 * store URI, INTERNAL_ERROR when the database cannot be opened).
 */
export async function serveTrackingTarget(target: TrackingTarget): Promise<ServedTracking> {
  if (target.kind === "server") return { trackingUri: target.uri };
  await mkdir(target.folder, { recursive: true });
  const { startServer } = await import("@sextant/server");
  const server = await startServer({
    backendStoreUri: target.backendStoreUri,
    artifactsDestination: target.artifactsDestination,
    serveArtifacts: true,
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  return { trackingUri: server.url, server };
}
