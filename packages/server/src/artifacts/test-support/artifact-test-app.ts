import Fastify from "fastify";
import { MlflowError, type Run } from "@sextant/protocol";
import { registerArtifactRoutes } from "../../http/artifact-routes.js";
import { ArtifactService } from "../artifact-service.js";
import { replyWithError } from "../../http/error-replies.js";
import type { TrackingStore } from "../../stores/tracking-store.js";

export interface ArtifactTestApp {
  readonly url: string;
  /** Adds a run whose artifacts live at `artifactUri`; returns its id. */
  addRun(artifactUri: string): string;
  close(): Promise<void>;
}

/**
 * A Fastify app with only the artifact routes and the app's error handler, on a loopback port, backed by an in-memory
 * run table (the tracking stores are tested on their own; these tests are about artifacts).
 */
export async function startArtifactTestApp(options: {
  readonly serveArtifacts?: boolean;
  readonly artifactsDestination: string;
  readonly defaultArtifactRoot?: string;
  readonly artifactsOnly?: boolean;
}): Promise<ArtifactTestApp> {
  const runs = new Map<string, Run>();
  const tracking = {
    async getRun(runId: string): Promise<Run> {
      const run = runs.get(runId);
      if (!run) throw MlflowError.notFound(`Run with id=${runId} not found`);
      return run;
    },
  } as unknown as TrackingStore;
  const app = Fastify();
  app.setErrorHandler(replyWithError);
  const serveArtifacts = options.serveArtifacts ?? true;
  const service = new ArtifactService({
    tracking,
    serveArtifacts,
    artifactsDestination: options.artifactsDestination,
    ...(options.defaultArtifactRoot ? { defaultArtifactRoot: options.defaultArtifactRoot } : {}),
  });
  app.addHook("onClose", async () => {
    await service.close();
  });
  await registerArtifactRoutes(app, { service, serveArtifacts, ...(options.artifactsOnly ? { artifactsOnly: true } : {}) });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url: address,
    addRun(artifactUri: string) {
      const runId = `run${runs.size + 1}`.padEnd(32, "0");
      runs.set(runId, {
        info: {
          run_id: runId,
          run_uuid: runId,
          run_name: "test",
          experiment_id: "1",
          user_id: "tester",
          status: "RUNNING",
          start_time: 0,
          artifact_uri: artifactUri,
          lifecycle_stage: "active",
        },
        data: {},
      });
      return runId;
    },
    close: () => app.close(),
  };
}
