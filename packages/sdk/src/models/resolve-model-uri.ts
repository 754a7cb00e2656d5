import { MlflowError, parseModelUri } from "@sextant/protocol";
import type { MlflowClient } from "../mlflow-client.js";
import { ModelRegistryClient } from "./model-registry-client.js";

/** Where a model's folder lives and what the URI pointed at. */
export interface ResolvedModel {
  /** The folder's artifact location (`mlflow-artifacts:/...`, a local path, ...). */
  readonly artifactUri: string;
  readonly registeredModel?: { readonly name: string; readonly version: string };
  readonly modelId?: string;
  readonly runId?: string;
}

/** True for URIs that name a model through the tracking server (models:/ or runs:/). */
export function isServerModelUri(uri: string): boolean {
  return /^(models|runs):/.test(uri);
}

/**
 * Resolves a model URI to the location of its folder through the tracking server:
 * `models:/<name>/<version>`, `models:/<name>/<stage>` (also `latest`), `models:/<name>@<alias>`,
 * `models:/<model_id>` and `runs:/<run_id>/<path>`. Any other URI is returned as is (a local
 * folder or an artifact location). Throws INVALID_PARAMETER_VALUE for a malformed URI,
 * RESOURCE_DOES_NOT_EXIST when no version matches a stage, RestError from the server.
 */
export async function resolveModelUri(uri: string, client: MlflowClient): Promise<ResolvedModel> {
  if (!isServerModelUri(uri)) return { artifactUri: uri };
  const parsed = parseModelUri(uri);
  const registry = new ModelRegistryClient(client);
  switch (parsed.kind) {
    case "run": {
      const run = await client.getRun(parsed.runId);
      const root = run.info.artifact_uri.replace(/\/+$/, "");
      return { artifactUri: parsed.path ? `${root}/${parsed.path}` : root, runId: parsed.runId };
    }
    case "model_id": {
      const model = await registry.getLoggedModel(parsed.modelId);
      return { artifactUri: model.info.artifact_uri, modelId: parsed.modelId };
    }
    case "alias": {
      const mv = await registry.getModelVersionByAlias(parsed.name, parsed.alias);
      return byVersion(registry, parsed.name, mv.version);
    }
    case "version":
      return byVersion(registry, parsed.name, parsed.version);
    case "stage": {
      const latest = parsed.stage.toLowerCase() === "latest";
      const versions = await registry.getLatestVersions(parsed.name, latest ? [] : [parsed.stage]);
      const best = versions.reduce<string | undefined>((max, v) => (max === undefined || Number(v.version) > Number(max) ? v.version : max), undefined);
      if (best === undefined) {
        throw MlflowError.notFound(`No versions of registered model '${parsed.name}' ${latest ? "exist" : `are in stage '${parsed.stage}'`}.`);
      }
      return byVersion(registry, parsed.name, best);
    }
  }
}

async function byVersion(registry: ModelRegistryClient, name: string, version: string): Promise<ResolvedModel> {
  const mv = await registry.getModelVersion(name, version);
  return {
    artifactUri: await registry.getModelVersionDownloadUri(name, version),
    registeredModel: { name, version: mv.version },
    ...(mv.model_id ? { modelId: mv.model_id } : {}),
    ...(mv.run_id ? { runId: mv.run_id } : {}),
  };
}
