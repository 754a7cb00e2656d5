import { LOGGED_MODEL_ENDPOINTS, TRACKING_ENDPOINTS } from "@sextant/protocol";
import type { FastifyInstance } from "fastify";
import { LOGGED_MODEL_RPCS } from "../services/logged-model-rpcs.js";
import type { LoggedModelService } from "../services/logged-model-service.js";
import { mountRpcRoutes } from "./mount-rpc-routes.js";

/**
 * Mounts the logged-model endpoints of `LOGGED_MODEL_ENDPOINTS` (`{model_id}` and `{tag_key}`
 * as path parameters) and the tracking table's `runs/outputs`, under `/api/2.0` and
 * `/ajax-api/2.0`. The artifact listing is mounted by the model artifact routes.
 */
export function registerLoggedModelRoutes(app: FastifyInstance, service: LoggedModelService, artifactsOnly: boolean): Promise<void> {
  return mountRpcRoutes(app, {
    endpoints: [...LOGGED_MODEL_ENDPOINTS, ...TRACKING_ENDPOINTS.filter((e) => e.name === "logOutputs")],
    rpcs: LOGGED_MODEL_RPCS,
    service,
    artifactsOnly,
  });
}
