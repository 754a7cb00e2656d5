import type { LoggedModel, LoggedModelStatus, ModelVersion, RegisteredModel } from "@sextant/protocol";
import type { Page } from "../page.js";
import { isRestError } from "../rest-error.js";
import type { JsonObject, OtherEndpointName } from "../tracking-messages.js";

/** The one thing the registry client needs from MlflowClient: its generic endpoint call. */
export interface EndpointCaller {
  call(name: OtherEndpointName, body?: JsonObject): Promise<JsonObject>;
}

type Tags = Readonly<Record<string, string>>;
const tagList = (tags: Tags | undefined) => Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
const str = (version: string | number): string => String(version);

function page<T>(items: unknown, token: unknown): Page<T> {
  return { items: (items as T[] | undefined) ?? [], ...(typeof token === "string" && token ? { nextPageToken: token } : {}) };
}

/**
 * Typed calls of the model registry and logged-model endpoints (MLflow's names, camelCased),
 * each one request through the client's transport. Errors are the client's: RestError with
 * MLflow's `errorCode` (RESOURCE_DOES_NOT_EXIST, RESOURCE_ALREADY_EXISTS, INVALID_PARAMETER_VALUE).
 */
export class ModelRegistryClient {
  constructor(private readonly client: EndpointCaller) {}

  // ---- registered models -------------------------------------------------------------------

  async createRegisteredModel(name: string, options: { readonly description?: string; readonly tags?: Tags } = {}): Promise<RegisteredModel> {
    const body = { name, tags: tagList(options.tags), ...(options.description ? { description: options.description } : {}) };
    return (await this.client.call("createRegisteredModel", body)).registered_model as RegisteredModel;
  }

  /** Creates the model unless it exists (RESOURCE_ALREADY_EXISTS is tolerated, as MLflow's clients do). */
  async ensureRegisteredModel(name: string): Promise<void> {
    try {
      await this.createRegisteredModel(name);
    } catch (error) {
      if (!(isRestError(error) && error.errorCode === "RESOURCE_ALREADY_EXISTS")) throw error;
    }
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return (await this.client.call("getRegisteredModel", { name })).registered_model as RegisteredModel;
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return (await this.client.call("renameRegisteredModel", { name, new_name: newName })).registered_model as RegisteredModel;
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return (await this.client.call("updateRegisteredModel", { name, description })).registered_model as RegisteredModel;
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.client.call("deleteRegisteredModel", { name });
  }

  async searchRegisteredModels(
    options: { readonly filter?: string; readonly maxResults?: number; readonly orderBy?: readonly string[]; readonly pageToken?: string } = {},
  ): Promise<Page<RegisteredModel>> {
    const answer = await this.client.call("searchRegisteredModels", {
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.orderBy ? { order_by: options.orderBy } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
    });
    return page(answer.registered_models, answer.next_page_token);
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.client.call("setRegisteredModelTag", { name, key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.client.call("deleteRegisteredModelTag", { name, key });
  }

  async getLatestVersions(name: string, stages: readonly string[] = []): Promise<readonly ModelVersion[]> {
    return ((await this.client.call("getLatestVersions", { name, stages })).model_versions as ModelVersion[] | undefined) ?? [];
  }

  // ---- aliases -----------------------------------------------------------------------------

  async setRegisteredModelAlias(name: string, alias: string, version: string | number): Promise<void> {
    await this.client.call("setRegisteredModelAlias", { name, alias, version: str(version) });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.client.call("deleteRegisteredModelAlias", { name, alias });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return (await this.client.call("getModelVersionByAlias", { name, alias })).model_version as ModelVersion;
  }

  // ---- model versions ----------------------------------------------------------------------

  async createModelVersion(
    name: string,
    source: string,
    options: { readonly runId?: string; readonly modelId?: string; readonly description?: string; readonly tags?: Tags; readonly runLink?: string } = {},
  ): Promise<ModelVersion> {
    const answer = await this.client.call("createModelVersion", {
      name,
      source,
      tags: tagList(options.tags),
      ...(options.runId ? { run_id: options.runId } : {}),
      ...(options.modelId ? { model_id: options.modelId } : {}),
      ...(options.description ? { description: options.description } : {}),
      ...(options.runLink ? { run_link: options.runLink } : {}),
    });
    return answer.model_version as ModelVersion;
  }

  async getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    return (await this.client.call("getModelVersion", { name, version: str(version) })).model_version as ModelVersion;
  }

  async updateModelVersion(name: string, version: string | number, description: string): Promise<ModelVersion> {
    return (await this.client.call("updateModelVersion", { name, version: str(version), description })).model_version as ModelVersion;
  }

  async transitionModelVersionStage(name: string, version: string | number, stage: string, archiveExistingVersions = false): Promise<ModelVersion> {
    const answer = await this.client.call("transitionModelVersionStage", {
      name,
      version: str(version),
      stage,
      archive_existing_versions: archiveExistingVersions,
    });
    return answer.model_version as ModelVersion;
  }

  async deleteModelVersion(name: string, version: string | number): Promise<void> {
    await this.client.call("deleteModelVersion", { name, version: str(version) });
  }

  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    return (await this.client.call("getModelVersionDownloadUri", { name, version: str(version) })).artifact_uri as string;
  }

  async searchModelVersions(
    options: { readonly filter?: string; readonly maxResults?: number; readonly orderBy?: readonly string[]; readonly pageToken?: string } = {},
  ): Promise<Page<ModelVersion>> {
    const answer = await this.client.call("searchModelVersions", {
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.orderBy ? { order_by: options.orderBy } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
    });
    return page(answer.model_versions, answer.next_page_token);
  }

  async setModelVersionTag(name: string, version: string | number, key: string, value: string): Promise<void> {
    await this.client.call("setModelVersionTag", { name, version: str(version), key, value });
  }

  async deleteModelVersionTag(name: string, version: string | number, key: string): Promise<void> {
    await this.client.call("deleteModelVersionTag", { name, version: str(version), key });
  }

  // ---- logged models (MLflow 3.x) ----------------------------------------------------------

  async createLoggedModel(
    experimentId: string,
    options: { readonly name?: string; readonly sourceRunId?: string; readonly modelType?: string; readonly params?: Tags; readonly tags?: Tags } = {},
  ): Promise<LoggedModel> {
    const answer = await this.client.call("createLoggedModel", {
      experiment_id: experimentId,
      ...(options.name ? { name: options.name } : {}),
      ...(options.sourceRunId ? { source_run_id: options.sourceRunId } : {}),
      ...(options.modelType ? { model_type: options.modelType } : {}),
      params: tagList(options.params),
      tags: tagList(options.tags),
    });
    return answer.model as LoggedModel;
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return (await this.client.call("getLoggedModel", { model_id: modelId })).model as LoggedModel;
  }

  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus = "LOGGED_MODEL_READY"): Promise<LoggedModel> {
    return (await this.client.call("finalizeLoggedModel", { model_id: modelId, status })).model as LoggedModel;
  }

  async setLoggedModelTags(modelId: string, tags: Tags): Promise<void> {
    await this.client.call("setLoggedModelTags", { model_id: modelId, tags: tagList(tags) });
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    await this.client.call("deleteLoggedModel", { model_id: modelId });
  }

  async searchLoggedModels(
    experimentIds: readonly string[],
    options: { readonly filter?: string; readonly maxResults?: number; readonly pageToken?: string } = {},
  ): Promise<Page<LoggedModel>> {
    const answer = await this.client.call("searchLoggedModels", {
      experiment_ids: experimentIds,
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.maxResults !== undefined ? { max_results: options.maxResults } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
    });
    return page(answer.models, answer.next_page_token);
  }
}
