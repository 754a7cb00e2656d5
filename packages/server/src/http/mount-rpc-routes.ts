import { API_PREFIXES, type Endpoint, MlflowError } from "@sextant/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Rpc } from "../services/rpc.js";
import { type BodyLimitConfig, sendMlflowError } from "./error-replies.js";
import { parseJsonBody } from "./parse-json-body.js";
import { toWireJson } from "./wire-json.js";

/** Largest request body by default: room for a dataset profile (16 MB) and schema (1 MB). */
export const API_BODY_LIMIT = 24 * 1024 * 1024;

/** A route's own body limit, with the config that words its over-size message. */
export interface RpcRouteLimit {
  readonly bodyLimit: number;
  readonly config: BodyLimitConfig;
}

/** What `mountRpcRoutes` mounts: endpoints of a protocol table and the rpc serving each. */
export interface RpcRouteTable<Service> {
  readonly endpoints: readonly Endpoint[];
  /** The rpc of each endpoint name; endpoints without one are not mounted. */
  readonly rpcs: Readonly<Partial<Record<string, Rpc<Service>>>>;
  readonly service: Service;
  /** `--artifacts-only`: every route answers 503 TEMPORARILY_UNAVAILABLE. */
  readonly artifactsOnly: boolean;
  /** Endpoints (by name) with another body limit than API_BODY_LIMIT. */
  readonly limits?: Readonly<Partial<Record<string, RpcRouteLimit>>>;
}

/** `{model_id}` -> `:model_id` (Fastify's path parameter syntax). */
function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/**
 * The request message: GET reads the query string; other methods read the JSON body, with the
 * query string's fields as fallback. Path parameters win. A body without query or path fields
 * goes as it is (the rpc's decoder checks it is an object).
 */
function requestMessage(request: FastifyRequest, method: string, pathParams: boolean): unknown {
  const query = request.query as Record<string, unknown>;
  const params = pathParams ? (request.params as Record<string, unknown>) : undefined;
  if (method === "GET") return params ? { ...query, ...params } : query;
  const body = request.body;
  if (params === undefined && isEmpty(query)) return body;
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
    throw MlflowError.invalidParameter("The request body must be a JSON object.");
  }
  return { ...query, ...(body as Record<string, unknown> | undefined), ...params };
}

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
 * Mounts the endpoints of a protocol table that have an rpc under every API prefix (`/api/2.0`,
 * `/ajax-api/2.0`), with `{param}` path segments as path parameters. Runs in its own
 * encapsulated context whose body parser reads any content type as JSON (as MLflow's server
 * does). Handlers hold no logic: take the request message, run the rpc, write protobuf JSON.
 * Errors go to the app's error handler.
 */
export async function mountRpcRoutes<Service>(app: FastifyInstance, table: RpcRouteTable<Service>): Promise<void> {
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
    const { service } = table;
    for (const endpoint of table.endpoints) {
      const rpc = table.rpcs[endpoint.name];
      if (rpc === undefined) continue;
      const pathParams = endpoint.path.includes("{");
      const handler = table.artifactsOnly
        ? artifactsOnlyReply
        : async (request: FastifyRequest, reply: FastifyReply) => {
            const result = await rpc(service, requestMessage(request, endpoint.method, pathParams));
            return reply.header("content-type", "application/json").send(toWireJson(result));
          };
      const limit = table.limits?.[endpoint.name];
      for (const prefix of API_PREFIXES) {
        api.route({
          method: endpoint.method,
          url: prefix + fastifyPath(endpoint.path),
          bodyLimit: limit?.bodyLimit ?? API_BODY_LIMIT,
          config: limit?.config ?? {},
          handler,
        });
      }
    }
  });
}
