import type { FastifyInstance } from "fastify";
import { API_PREFIXES } from "@sextant/protocol";
import { declaredLength, queryValue, rawPathAfter, readJsonBody, sendArtifact, sendDisabled } from "./artifact-http.js";
import { normalizeArtifactPath } from "./artifact-path.js";
import type { ArtifactService } from "./artifact-service.js";
import { parseAbortMultipart, parseCompleteMultipart, parseCreateMultipart } from "./multipart-request.js";

const ARTIFACTS_MARKER = "/mlflow-artifacts/artifacts/";

/**
 * The `mlflow-artifacts` proxy (mlflow_artifacts.proto) under every API prefix:
 * `GET|PUT|DELETE .../artifacts/<path>`, `GET .../artifacts?path=` and
 * `POST .../mpu/{create,complete,abort}/<path>`. With proxying off each answers 503 as MLflow's
 * `--no-serve-artifacts` does. Must be registered in a scope whose content-type parser leaves
 * bodies unread (see registerArtifactRoutes), so uploads stream straight to the store.
 */
export function registerProxyRoutes(scope: FastifyInstance, service: ArtifactService, serveArtifacts: boolean): void {
  for (const prefix of API_PREFIXES) {
    const base = `${prefix}/mlflow-artifacts`;
    const fileRoute = `${base}/artifacts/<path:artifact_path>`;

    scope.get(`${base}/artifacts`, async (request, reply) => {
      if (!serveArtifacts) return sendDisabled(reply, `${base}/artifacts`, "no-serve-artifacts");
      const files = await service.listProxied(queryValue(request, "path"));
      return reply.type("application/json").send(files.length > 0 ? { files } : {});
    });

    scope.get(`${base}/artifacts/*`, async (request, reply) => {
      if (!serveArtifacts) return sendDisabled(reply, fileRoute, "no-serve-artifacts");
      const path = normalizeArtifactPath(rawPathAfter(request, ARTIFACTS_MARKER), "artifact_path");
      return sendArtifact(reply, path, await service.readProxied(path));
    });

    scope.put(`${base}/artifacts/*`, async (request, reply) => {
      if (!serveArtifacts) return sendDisabled(reply, fileRoute, "no-serve-artifacts");
      const path = rawPathAfter(request, ARTIFACTS_MARKER);
      await service.writeProxied(path, request.raw, { size: declaredLength(request) });
      return reply.type("application/json").send({});
    });

    scope.delete(`${base}/artifacts/*`, async (request, reply) => {
      if (!serveArtifacts) return sendDisabled(reply, fileRoute, "no-serve-artifacts");
      await service.deleteProxied(rawPathAfter(request, ARTIFACTS_MARKER));
      return reply.type("application/json").send({});
    });

    for (const action of ["create", "complete", "abort"] as const) {
      const marker = `/mlflow-artifacts/mpu/${action}/`;
      const handler = async (request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
        if (!serveArtifacts) return sendDisabled(reply, `${base}/mpu/${action}/<path:artifact_path>`, "no-serve-artifacts");
        const folder = normalizeArtifactPath(rawPathAfter(request, marker), "artifact_path");
        const body = await readJsonBody(request);
        if (action === "create") {
          const { path, numParts } = parseCreateMultipart(body);
          return reply.type("application/json").send(await service.createMultipartUpload(folder, path, numParts));
        }
        if (action === "complete") {
          const { path, uploadId, parts } = parseCompleteMultipart(body);
          await service.completeMultipartUpload(folder, path, uploadId, parts);
        } else {
          const { path, uploadId } = parseAbortMultipart(body);
          await service.abortMultipartUpload(folder, path, uploadId);
        }
        return reply.type("application/json").send({});
      };
      scope.post(`${base}/mpu/${action}`, handler);
      scope.post(`${base}/mpu/${action}/*`, handler);
    }
  }
}
