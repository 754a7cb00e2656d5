import type { FastifyInstance } from "fastify";
import type { ArtifactService } from "../artifacts/artifact-service.js";
import { LoggedModelService } from "../services/logged-model-service.js";
import { RegistryService } from "../services/registry-service.js";
import type { ModelStores } from "../stores/model-stores.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import { registerLoggedModelRoutes } from "./logged-model-routes.js";
import { registerModelArtifactRoutes } from "./model-artifact-routes.js";
import { registerRegistryRoutes } from "./registry-routes.js";

/** What the model side of the app is built from. */
export interface ModelRoutesOptions {
  readonly tracking: TrackingStore;
  /** Registry and logged-model stores; default: the tracking store's own (`modelStores()`). */
  readonly models?: ModelStores;
  /** The app's artifact service, which model artifacts are read through. */
  readonly artifacts: ArtifactService;
  readonly artifactsDestination: string;
  readonly defaultArtifactRoot?: string;
  readonly artifactsOnly: boolean;
  /** Random source for generated logged-model names (tests). */
  readonly random?: () => number;
}

/**
 * Mounts the model registry, logged models (with runs/outputs) and the model artifact reads.
 * A tracking backend without model stores gets none of these routes (clients then see
 * ENDPOINT_NOT_FOUND, which MLflow clients report as "registry unavailable").
 */
export async function registerModelRoutes(app: FastifyInstance, options: ModelRoutesOptions): Promise<void> {
  const models = options.models ?? options.tracking.modelStores?.();
  if (!models) return;
  const artifactRoots = [options.defaultArtifactRoot, options.artifactsDestination].filter((r): r is string => r !== undefined);
  const registry = new RegistryService({
    registry: models.registry,
    tracking: options.tracking,
    loggedModels: models.loggedModels,
    artifactRoots,
  });
  const loggedModels = new LoggedModelService({
    loggedModels: models.loggedModels,
    tracking: options.tracking,
    ...(options.random ? { random: options.random } : {}),
  });
  await registerRegistryRoutes(app, registry, options.artifactsOnly);
  await registerLoggedModelRoutes(app, loggedModels, options.artifactsOnly);
  registerModelArtifactRoutes(app, { registry, loggedModels, artifacts: options.artifacts });
}
