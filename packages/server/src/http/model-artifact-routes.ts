import { API_PREFIXES, MlflowError } from "@sextant/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { queryValue, sendArtifact } from "../artifacts/artifact-http.js";
import { normalizeArtifactPath } from "../artifacts/artifact-path.js";
import type { ArtifactService } from "../artifacts/artifact-service.js";
import type { LoggedModelService } from "../services/logged-model-service.js";
import type { RegistryService } from "../services/registry-service.js";

/** What the model artifact routes need. */
export interface ModelArtifactRoutesOptions {
  /** The app's artifact service (its owner closes it). */
  readonly artifacts: ArtifactService;
  readonly loggedModels?: LoggedModelService;
  readonly registry: RegistryService;
}

function required(request: FastifyRequest, name: string, code: "BAD_REQUEST" | "INVALID_PARAMETER_VALUE"): string {
  const value = queryValue(request, name);
  if (!value) throw new MlflowError(code, `Request must include the "${name}" query parameter.`);
  return value;
}

/**
 * Artifact reads of models, all resolved through the artifact store plugins and refused
 * outside the server's roots: `GET <prefix>/mlflow/logged-models/{model_id}/artifacts/directories`
 * (`artifact_directory_path`, answers `{root_uri, files}`), `.../artifacts/files`
 * (`artifact_file_path`, streams the file) and the UI's
 * `GET /model-versions/get-artifact?name=&version=&path=`.
 */
export function registerModelArtifactRoutes(app: FastifyInstance, options: ModelArtifactRoutesOptions): void {
  const { artifacts } = options;
  const loggedModels = options.loggedModels;
  if (loggedModels) {
    for (const prefix of API_PREFIXES) {
      app.get(`${prefix}/mlflow/logged-models/:model_id/artifacts/directories`, async (request, reply) => {
        const { model_id } = request.params as { model_id: string };
        const raw = queryValue(request, "artifact_directory_path");
        const path = raw === undefined ? "" : normalizeArtifactPath(raw, "artifact_directory_path");
        const root = await loggedModels.artifactLocation(model_id);
        const files = await artifacts.registry.open(root).list(path);
        return reply.type("application/json").send(files.length > 0 ? { root_uri: root, files } : { root_uri: root });
      });
      app.get(`${prefix}/mlflow/logged-models/:model_id/artifacts/files`, async (request, reply) => {
        const { model_id } = request.params as { model_id: string };
        const path = normalizeArtifactPath(required(request, "artifact_file_path", "BAD_REQUEST"), "artifact_file_path");
        const root = await loggedModels.artifactLocation(model_id);
        return sendArtifact(reply, path, await artifacts.registry.open(root).read(path));
      });
    }
  }
  app.get("/model-versions/get-artifact", async (request, reply) => {
    const name = required(request, "name", "INVALID_PARAMETER_VALUE");
    const version = required(request, "version", "INVALID_PARAMETER_VALUE");
    const path = normalizeArtifactPath(required(request, "path", "INVALID_PARAMETER_VALUE"), "path");
    const root = await options.registry.downloadUri(name, version);
    return sendArtifact(reply, path, await artifacts.registry.open(root).read(path));
  });
}
