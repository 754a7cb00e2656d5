import {
  API_PREFIXES,
  type Endpoint,
  LOGGED_MODEL_ENDPOINTS,
  MlflowError,
  REGISTRY_ENDPOINTS,
  TRACKING_ENDPOINTS,
} from "@sextant/protocol";
import { toQueryString } from "./query-string.js";
import type { EndpointName, JsonObject } from "./tracking-messages.js";

/** A request ready for the transport: method, path with query string, optional JSON body. */
export interface EndpointRequest {
  readonly method: Endpoint["method"];
  readonly path: string;
  readonly body?: JsonObject;
}

const ALL_ENDPOINTS: readonly Endpoint[] = [...TRACKING_ENDPOINTS, ...LOGGED_MODEL_ENDPOINTS, ...REGISTRY_ENDPOINTS];

/**
 * The endpoint a name refers to in protocol's tables. Where a name has two routes (e.g.
 * searchExperiments POST and GET) the first listed wins. ENDPOINT_NOT_FOUND for an unknown name.
 */
export function endpointNamed(name: EndpointName): Endpoint {
  const endpoint = ALL_ENDPOINTS.find((candidate) => candidate.name === name);
  if (!endpoint) throw new MlflowError("ENDPOINT_NOT_FOUND", `No endpoint named '${name}' in the endpoint table`);
  return endpoint;
}

/**
 * Builds the HTTP request for calling `endpoint` with `fields`: `{name}` path segments are
 * filled (and removed from the fields), GET sends the rest as a query string, every other
 * method as a JSON body (as MLflow's clients do). INVALID_PARAMETER_VALUE when a path
 * parameter is missing.
 */
export function endpointRequest(endpoint: Endpoint, fields: JsonObject = {}): EndpointRequest {
  const rest: Record<string, unknown> = { ...fields };
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = rest[key];
    if (value === undefined || value === null || value === "") {
      throw MlflowError.invalidParameter(`Missing value for path parameter '${key}' of ${endpoint.name}`);
    }
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  const fullPath = `${API_PREFIXES[0]}${path}`;
  if (endpoint.method === "GET") return { method: "GET", path: fullPath + toQueryString(rest) };
  return { method: endpoint.method, path: fullPath, body: rest };
}
