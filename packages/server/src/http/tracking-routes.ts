import { API_PREFIXES, LIMITS, MlflowError, TRACKING_ENDPOINTS } from "@sextant/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { TRACKING_RPCS } from "../services/tracking-rpcs.js";
import type { TrackingService } from "../services/tracking-service.js";
import { type BodyLimitConfig, sendMlflowError } from "./error-replies.js";
import { parseJsonBody } from "./parse-json-body.js";
import { toWireJson } from "./wire-json.js";

/** What the tracking routes need. */
export interface TrackingRoutesOptions {
  readonly service: TrackingService;
  /** `--artifacts-only`: every tracking route answers 503 TEMPORARILY_UNAVAILABLE. */
  readonly artifactsOnly: boolean;
}

/**
 * log-batch accepts MLflow's 1 MB request plus slack for JSON escaping of long values; other
 * requests may carry a dataset profile (16 MB) and schema (1 MB).
 */
export const LOG_BATCH_BODY_LIMIT = 2 * LIMITS.maxBatchBodyBytes;
export const API_BODY_LIMIT = 24 * 1024 * 1024;

const logBatchConfig: BodyLimitConfig = {
  bodyTooLarge: (limit, size) =>
    `Batched logging API requests must be at most ${limit} bytes, got a request of size ${size ?? "more than that"}.`,
};

function artifactsOnlyReply(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendMlflowError(
    reply,
    new MlflowError(
      "TEMPORARILY_UNAVAILABLE",
      `Endpoint: ${request.routeOptions.url} disabled due to the server running in \`--artifacts-only\` mode. ` +
        "To enable tracking server functionality, run `sextant server` without `--artifacts-only`",
    ),
  );
}

/**
 * Mounts every tracking endpoint of protocol's `TRACKING_ENDPOINTS` that has an rpc, under each
 * API prefix (`/api/2.0`, `/ajax-api/2.0`). A handler reads the query string (GET) or the body
 * (any content type, parsed as JSON), runs the rpc and writes protobuf JSON. Runs in its own
 * encapsulated context so its catch-all JSON body parser does not reach other routes.
 */
export async function registerTrackingRoutes(app: FastifyInstance, options: TrackingRoutesOptions): Promise<void> {
  await app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
      let parsed: unknown;
      try {
        parsed = parseJsonBody(body as string);
      } catch (error) {
        done(error as Error, undefined);
        return;
      }
      done(null, parsed);
    });

    const { service } = options;
    for (const endpoint of TRACKING_ENDPOINTS) {
      const call = TRACKING_RPCS[endpoint.name];
      if (call === undefined) continue;
      const fromQuery = endpoint.method === "GET";
      const handler = options.artifactsOnly
        ? artifactsOnlyReply
        : async (request: FastifyRequest, reply: FastifyReply) => {
            const result = await call(service, fromQuery ? request.query : request.body);
            return reply.header("content-type", "application/json").send(toWireJson(result));
          };
      const isLogBatch = endpoint.name === "logBatch";
      for (const prefix of API_PREFIXES) {
        api.route({
          method: endpoint.method,
          url: prefix + endpoint.path,
          bodyLimit: isLogBatch ? LOG_BATCH_BODY_LIMIT : API_BODY_LIMIT,
          config: isLogBatch ? logBatchConfig : {},
          handler,
        });
      }
    }
  });
}
