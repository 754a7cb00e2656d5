import { API_PREFIXES, type Endpoint, MlflowError } from "@sextant/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendMlflowError } from "./error-replies.js";
import { parseJsonBody } from "./parse-json-body.js";
import { toWireJson } from "./wire-json.js";

/** Performs one decoded-by-itself rpc: the request object in, the wire response out. */
export type RpcCall = (raw: unknown) => Promise<object>;

/** What `mountRpcRoutes` mounts: endpoints of a protocol table and the call serving each. */
export interface RpcRouteTable {
  readonly endpoints: readonly Endpoint[];
  /** The call for an endpoint name; endpoints without one are not mounted. */
  callFor(name: string): RpcCall | undefined;
  /** `--artifacts-only`: every route answers 503 TEMPORARILY_UNAVAILABLE. */
  readonly artifactsOnly: boolean;
}

const BODY_LIMIT = 24 * 1024 * 1024;

/** `{model_id}` -> `:model_id` (Fastify's path parameter syntax). */
function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

/** GET reads the query string; other methods read the JSON body with the query as fallback. Path parameters win. */
function requestMessage(request: FastifyRequest, method: string): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const params = (request.params ?? {}) as Record<string, unknown>;
  if (method === "GET") return { ...query, ...params };
  const body = request.body;
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
    throw MlflowError.invalidParameter("The request body must be a JSON object.");
  }
  return { ...query, ...(body as Record<string, unknown> | undefined), ...params };
}

/**
 * Mounts rpc endpoints of a protocol table under every API prefix (`/api/2.0`,
 * `/ajax-api/2.0`), with `{param}` path segments as path parameters. Runs in its own
 * encapsulated context whose body parser reads any content type as JSON (as MLflow's server
 * does). Handlers hold no logic: decode, call, serialise as protobuf JSON.
 */
export async function mountRpcRoutes(app: FastifyInstance, table: RpcRouteTable): Promise<void> {
  await app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    for (const endpoint of table.endpoints) {
      const call = table.callFor(endpoint.name);
      if (call === undefined) continue;
      const handler = table.artifactsOnly
        ? (request: FastifyRequest, reply: FastifyReply) =>
            sendMlflowError(
              reply,
              new MlflowError(
                "TEMPORARILY_UNAVAILABLE",
                `Endpoint: ${request.routeOptions.url} disabled due to the server running in \`--artifacts-only\` mode.`,
              ),
            )
        : async (request: FastifyRequest, reply: FastifyReply) => {
            const result = await call(requestMessage(request, endpoint.method));
            return reply.header("content-type", "application/json").send(toWireJson(result));
          };
      for (const prefix of API_PREFIXES) {
        api.route({ method: endpoint.method, url: prefix + fastifyPath(endpoint.path), bodyLimit: BODY_LIMIT, handler });
      }
    }
  });
}
