import { MlflowError, type ModelVersion, type RegisteredModel, type Tag } from "@sextant/protocol";
import {
  parseModelVersionFilter,
  parseModelVersionOrderBy,
  parseRegisteredModelFilter,
  parseRegisteredModelOrderBy,
} from "../search/parse-registry-search.js";
import type { LoggedModelStore } from "../stores/logged-model-store.js";
import type { RegistryStore } from "../stores/registry-store.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import { verifyModelVersionSource } from "./model-version-source.js";
import {
  canonicalStage,
  checkAlias,
  checkModelName,
  checkModelVersionTag,
  checkRegisteredModelTag,
  parseVersion,
} from "./registry-checks.js";
import type * as Req from "./registry-requests.js";

/** MLflow's search limits of the registry (mlflow/store/model_registry/__init__.py, handlers.py). */
export const REGISTRY_SEARCH_LIMITS = {
  registeredModels: { default: 100, max: 1000 },
  modelVersions: { default: 10_000, max: 200_000 },
} as const;

/** The logged-model tag listing the registered versions made from it (MLflow 3.x). */
export const MODEL_VERSIONS_TAG = "mlflow.modelVersions";

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});
const ACTIVE_STAGES: readonly string[] = ["Staging", "Production"];

export interface RegistryServiceOptions {
  readonly registry: RegistryStore;
  readonly tracking: TrackingStore;
  readonly loggedModels?: LoggedModelStore;
  /** Locations the server manages; a local or object-store source must lie inside one. */
  readonly artifactRoots: readonly string[];
}

function maxResults(value: number | undefined, limits: { readonly default: number; readonly max: number }): number {
  const n = value ?? limits.default;
  if (n < 1 || n > limits.max) {
    throw MlflowError.invalidParameter(
      `Invalid value for request parameter max_results. It must be at most ${limits.max} and at least 1, but got value ${n}`,
    );
  }
  return n;
}

const toTag = (t: { readonly key: string; readonly value?: string }): Tag => ({ key: t.key, value: t.value ?? "" });

/**
 * The model registry API's behaviour: MLflow's validation (names, tag limits, aliases,
 * stages, versions, search limits, verified sources), then one store call per operation.
 * Takes decoded requests, returns wire responses. Throws MlflowError: INVALID_PARAMETER_VALUE
 * for bad input or a refused source, plus what the stores report (RESOURCE_DOES_NOT_EXIST,
 * RESOURCE_ALREADY_EXISTS).
 */
export class RegistryService {
  readonly #registry: RegistryStore;
  readonly #options: RegistryServiceOptions;

  constructor(options: RegistryServiceOptions) {
    this.#registry = options.registry;
    this.#options = options;
  }

  async createRegisteredModel(req: Req.CreateRegisteredModel): Promise<{ registered_model: RegisteredModel }> {
    const tags = req.tags.map(toTag);
    for (const tag of tags) checkRegisteredModelTag(tag);
    const registered_model = await this.#registry.createRegisteredModel({
      name: checkModelName(req.name),
      ...(req.description ? { description: req.description } : {}),
      tags,
    });
    return { registered_model };
  }

  async getRegisteredModel(req: Req.NameOnly): Promise<{ registered_model: RegisteredModel }> {
    return { registered_model: await this.#registry.getRegisteredModel(req.name) };
  }

  async renameRegisteredModel(req: Req.RenameRegisteredModel): Promise<{ registered_model: RegisteredModel }> {
    return { registered_model: await this.#registry.renameRegisteredModel(req.name, checkModelName(req.new_name)) };
  }

  async updateRegisteredModel(req: Req.UpdateRegisteredModel): Promise<{ registered_model: RegisteredModel }> {
    return { registered_model: await this.#registry.updateRegisteredModel(req.name, req.description) };
  }

  async deleteRegisteredModel(req: Req.NameOnly): Promise<typeof EMPTY> {
    await this.#registry.deleteRegisteredModel(req.name);
    return EMPTY;
  }

  async searchRegisteredModels(req: Req.Search): Promise<{ registered_models: readonly RegisteredModel[]; next_page_token?: string }> {
    const page = await this.#registry.searchRegisteredModels({
      filter: parseRegisteredModelFilter(req.filter),
      orderBy: parseRegisteredModelOrderBy(req.order_by),
      maxResults: maxResults(req.max_results, REGISTRY_SEARCH_LIMITS.registeredModels),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { registered_models: page.items, next_page_token: page.nextPageToken };
  }

  async getLatestVersions(req: Req.GetLatestVersions): Promise<{ model_versions: readonly ModelVersion[] }> {
    const stages = req.stages.map(canonicalStage);
    return { model_versions: await this.#registry.getLatestVersions(req.name, stages) };
  }

  async setRegisteredModelTag(req: Req.SetRegisteredModelTag): Promise<typeof EMPTY> {
    const tag = toTag(req);
    checkRegisteredModelTag(tag);
    await this.#registry.setRegisteredModelTag(req.name, tag);
    return EMPTY;
  }

  async deleteRegisteredModelTag(req: Req.DeleteRegisteredModelTag): Promise<typeof EMPTY> {
    await this.#registry.deleteRegisteredModelTag(req.name, req.key);
    return EMPTY;
  }

  async createModelVersion(req: Req.CreateModelVersion): Promise<{ model_version: ModelVersion }> {
    const tags = req.tags.map(toTag);
    for (const tag of tags) checkModelVersionTag(tag);
    const verified = await verifyModelVersionSource(
      req.source,
      { ...(req.run_id ? { runId: req.run_id } : {}), ...(req.model_id ? { modelId: req.model_id } : {}) },
      {
        tracking: this.#options.tracking,
        registry: this.#registry,
        artifactRoots: this.#options.artifactRoots,
        ...(this.#options.loggedModels ? { loggedModels: this.#options.loggedModels } : {}),
      },
    );
    const model_version = await this.#registry.createModelVersion({
      name: req.name,
      source: req.source,
      ...(verified.storageLocation ? { storageLocation: verified.storageLocation } : {}),
      ...(req.run_id ? { runId: req.run_id } : {}),
      ...(req.run_link ? { runLink: req.run_link } : {}),
      ...(req.model_id ? { modelId: req.model_id } : {}),
      ...(req.description ? { description: req.description } : {}),
      status: "READY",
      tags,
    });
    if (req.model_id && this.#options.loggedModels) await this.#recordRegistration(req.model_id, model_version);
    return { model_version };
  }

  async getModelVersion(req: Req.Version): Promise<{ model_version: ModelVersion }> {
    return { model_version: await this.#registry.getModelVersion(req.name, parseVersion(req.version)) };
  }

  async updateModelVersion(req: Req.UpdateModelVersion): Promise<{ model_version: ModelVersion }> {
    return { model_version: await this.#registry.updateModelVersion(req.name, parseVersion(req.version), req.description) };
  }

  async transitionModelVersionStage(req: Req.TransitionStage): Promise<{ model_version: ModelVersion }> {
    const stage = canonicalStage(req.stage);
    const archive = req.archive_existing_versions ?? false;
    if (archive && !ACTIVE_STAGES.includes(stage)) {
      throw MlflowError.invalidParameter(
        `Model version transition cannot archive existing model versions because '${req.stage}' is not an Active stage. ` +
          `Valid stages are ${ACTIVE_STAGES.join(", ")}`,
      );
    }
    const version = parseVersion(req.version);
    return { model_version: await this.#registry.transitionModelVersionStage(req.name, version, stage, archive) };
  }

  async deleteModelVersion(req: Req.Version): Promise<typeof EMPTY> {
    await this.#registry.deleteModelVersion(req.name, parseVersion(req.version));
    return EMPTY;
  }

  async searchModelVersions(req: Req.Search): Promise<{ model_versions: readonly ModelVersion[]; next_page_token?: string }> {
    const page = await this.#registry.searchModelVersions({
      filter: parseModelVersionFilter(req.filter),
      orderBy: parseModelVersionOrderBy(req.order_by),
      maxResults: maxResults(req.max_results, REGISTRY_SEARCH_LIMITS.modelVersions),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { model_versions: page.items, next_page_token: page.nextPageToken };
  }

  async getModelVersionDownloadUri(req: Req.Version): Promise<{ artifact_uri: string }> {
    return { artifact_uri: await this.#registry.getModelVersionDownloadUri(req.name, parseVersion(req.version)) };
  }

  async setModelVersionTag(req: Req.SetModelVersionTag): Promise<typeof EMPTY> {
    const tag = toTag(req);
    checkModelVersionTag(tag);
    await this.#registry.setModelVersionTag(req.name, parseVersion(req.version), tag);
    return EMPTY;
  }

  async deleteModelVersionTag(req: Req.DeleteModelVersionTag): Promise<typeof EMPTY> {
    await this.#registry.deleteModelVersionTag(req.name, parseVersion(req.version), req.key);
    return EMPTY;
  }

  async setRegisteredModelAlias(req: Req.SetAlias): Promise<typeof EMPTY> {
    await this.#registry.setRegisteredModelAlias(req.name, checkAlias(req.alias), parseVersion(req.version));
    return EMPTY;
  }

  async deleteRegisteredModelAlias(req: Req.Alias): Promise<typeof EMPTY> {
    await this.#registry.deleteRegisteredModelAlias(req.name, checkAlias(req.alias));
    return EMPTY;
  }

  async getModelVersionByAlias(req: Req.Alias): Promise<{ model_version: ModelVersion }> {
    return { model_version: await this.#registry.getModelVersionByAlias(req.name, req.alias) };
  }

  /** The files of a version: the URI its download resolves to (for `/model-versions/get-artifact`). */
  downloadUri(name: string, version: string): Promise<string> {
    return this.#registry.getModelVersionDownloadUri(name, parseVersion(version));
  }

  /** Appends `{name, version}` to the logged model's `mlflow.modelVersions` tag, as MLflow does. */
  async #recordRegistration(modelId: string, mv: ModelVersion): Promise<void> {
    const store = this.#options.loggedModels!;
    const model = await store.getLoggedModel(modelId);
    let list: unknown[] = [];
    try {
      const parsed: unknown = JSON.parse(model.info.tags?.find((t) => t.key === MODEL_VERSIONS_TAG)?.value ?? "[]");
      if (Array.isArray(parsed)) list = parsed;
    } catch {
      // a corrupt tag is replaced
    }
    list.push({ name: mv.name, version: mv.version });
    await store.setLoggedModelTags(modelId, [{ key: MODEL_VERSIONS_TAG, value: JSON.stringify(list) }]);
  }
}
