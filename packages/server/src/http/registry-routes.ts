import { REGISTRY_ENDPOINTS } from "@sextant/protocol";
import type { FastifyInstance } from "fastify";
import { REGISTRY_RPCS } from "../services/registry-rpcs.js";
import type { RegistryService } from "../services/registry-service.js";
import { mountRpcRoutes } from "./mount-rpc-routes.js";

/**
 * Mounts every endpoint of protocol's `REGISTRY_ENDPOINTS` (registered models, versions,
 * tags, aliases, search) under `/api/2.0` and `/ajax-api/2.0`, each calling the registry
 * service. Errors reach the app's one error handler.
 */
export function registerRegistryRoutes(app: FastifyInstance, service: RegistryService, artifactsOnly: boolean): Promise<void> {
  return mountRpcRoutes(app, { endpoints: REGISTRY_ENDPOINTS, rpcs: REGISTRY_RPCS, service, artifactsOnly });
}
