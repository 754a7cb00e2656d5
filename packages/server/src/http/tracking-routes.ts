import { LIMITS, TRACKING_ENDPOINTS } from "@sextant/protocol";
import type { FastifyInstance } from "fastify";
import { TRACKING_RPCS } from "../services/tracking-rpcs.js";
import type { TrackingService } from "../services/tracking-service.js";
import { mountRpcRoutes } from "./mount-rpc-routes.js";

/** What the tracking routes need. */
export interface TrackingRoutesOptions {
  readonly service: TrackingService;
  /** `--artifacts-only`: every tracking route answers 503 TEMPORARILY_UNAVAILABLE. */
  readonly artifactsOnly: boolean;
}

/** log-batch accepts MLflow's 1 MB request plus slack for JSON escaping of long values. */
export const LOG_BATCH_BODY_LIMIT = 2 * LIMITS.maxBatchBodyBytes;

/**
 * Mounts every tracking endpoint of protocol's `TRACKING_ENDPOINTS` that has an rpc, under each
 * API prefix (`/api/2.0`, `/ajax-api/2.0`): GET reads the query string, other methods the body
 * (any content type, parsed as JSON). log-batch has its own body limit and over-size message.
 */
export function registerTrackingRoutes(app: FastifyInstance, options: TrackingRoutesOptions): Promise<void> {
  return mountRpcRoutes(app, {
    endpoints: TRACKING_ENDPOINTS,
    rpcs: TRACKING_RPCS,
    service: options.service,
    artifactsOnly: options.artifactsOnly,
    limits: {
      logBatch: {
        bodyLimit: LOG_BATCH_BODY_LIMIT,
        config: {
          bodyTooLarge: (limit, size) =>
            `Batched logging API requests must be at most ${limit} bytes, got a request of size ${size ?? "more than that"}.`,
        },
      },
    },
  });
}
