import type { FastifyInstance, FastifyRequest } from "fastify";
import { API_PREFIXES, MlflowError } from "@sextant/protocol";
import { declaredLength, queryValue, sendArtifact, sendDisabled } from "./artifact-http.js";
import { normalizeArtifactPath } from "./artifact-path.js";
import type { ArtifactService } from "./artifact-service.js";

/** MLflow's cap on the UI's `upload-artifact` body. */
const MAX_UI_UPLOAD_BYTES = 10 * 1024 * 1024;

function runIdOf(request: FastifyRequest): string {
  const runId = queryValue(request, "run_id") || queryValue(request, "run_uuid");
  if (!runId) throw MlflowError.invalidParameter("Missing value for required parameter 'run_id'.");
  return runId;
}

function requiredQuery(request: FastifyRequest, name: string): string {
  const value = queryValue(request, name);
  if (!value) throw MlflowError.invalidParameter(`Missing value for required parameter '${name}'.`);
  return value;
}

/**
 * Run artifact routes: `GET <prefix>/mlflow/artifacts/list?run_id=&path=&page_token=` under
 * every API prefix (503 with `--artifacts-only`, as MLflow), the UI's
 * `GET /get-artifact?run_uuid=&path=` download, and its small-file
 * `POST /ajax-api/2.0/mlflow/upload-artifact?run_uuid=&path=` (at most 10 MB).
 */
export function registerRunArtifactRoutes(scope: FastifyInstance, service: ArtifactService, artifactsOnly: boolean): void {
  for (const prefix of API_PREFIXES) {
    const route = `${prefix}/mlflow/artifacts/list`;
    scope.get(route, async (request, reply) => {
      if (artifactsOnly) return sendDisabled(reply, route, "artifacts-only");
      const pageToken = queryValue(request, "page_token");
      if (pageToken !== undefined && typeof pageToken !== "string") {
        throw MlflowError.invalidParameter("Invalid value for parameter 'page_token': expected a string.");
      }
      // Like MLflow's server, one page holds the whole folder: page_token is accepted and no next token is sent.
      const listing = await service.listRunArtifacts(runIdOf(request), queryValue(request, "path"));
      return reply
        .type("application/json")
        .send(listing.files.length > 0 ? listing : { root_uri: listing.root_uri });
    });
  }

  scope.get("/get-artifact", async (request, reply) => {
    const path = normalizeArtifactPath(requiredQuery(request, "path"), "path");
    return sendArtifact(reply, path, await service.readRunArtifact(runIdOf(request), path));
  });

  scope.post("/ajax-api/2.0/mlflow/upload-artifact", async (request, reply) => {
    const runId = queryValue(request, "run_uuid");
    if (!runId) throw MlflowError.invalidParameter("Request must specify run_uuid.");
    const path = requiredQuery(request, "path");
    const size = declaredLength(request);
    if (size !== undefined && size > MAX_UI_UPLOAD_BYTES) {
      throw MlflowError.invalidParameter("Artifact size is too large. Max size is 10MB.");
    }
    if (size === undefined) throw MlflowError.invalidParameter("Request must carry a Content-Length (at most 10MB).");
    if (size === 0) throw MlflowError.invalidParameter("Request must specify data.");
    await service.writeRunArtifact(runId, path, request.raw, { size });
    return reply.type("application/json").send({});
  });
}
