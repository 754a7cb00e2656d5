import type { ModelVersion, ModelVersionStatus, RegisteredModel, Tag } from "@sextant/protocol";
import type { FilterClause, OrderByClause } from "../search/search-types.js";
import type { Page } from "./tracking-store.js";

export interface CreateRegisteredModelInput {
  readonly name: string;
  readonly description?: string;
  readonly userId?: string;
  readonly tags: readonly Tag[];
}

export interface CreateModelVersionInput {
  readonly name: string;
  readonly source: string;
  /** Where the files really are when `source` is indirect (`models:/<id>`, `runs:/...`). */
  readonly storageLocation?: string;
  readonly runId?: string;
  readonly runLink?: string;
  readonly modelId?: string;
  readonly description?: string;
  readonly userId?: string;
  readonly status: ModelVersionStatus;
  readonly tags: readonly Tag[];
}

/** A search over registered models or model versions, already parsed and checked. */
export interface RegistrySearchQuery {
  readonly filter: readonly FilterClause[];
  readonly orderBy: readonly OrderByClause[];
  readonly maxResults: number;
  readonly pageToken?: string;
}

/**
 * The model registry (MLflow's model_registry store). Stores never validate input; they
 * report RESOURCE_DOES_NOT_EXIST for a missing model, version or alias and
 * RESOURCE_ALREADY_EXISTS for a taken name. Versions are numbered 1, 2, 3... per model and a
 * deleted version's number is never reused.
 */
export interface RegistryStore {
  createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel>;
  /** With tags, aliases and the latest version of each stage. */
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  /** `undefined` clears the description. */
  updateRegisteredModel(name: string, description: string | undefined): Promise<RegisteredModel>;
  /** Deletes the model with its versions, tags and aliases. */
  deleteRegisteredModel(name: string): Promise<void>;
  searchRegisteredModels(query: RegistrySearchQuery): Promise<Page<RegisteredModel>>;
  setRegisteredModelTag(name: string, tag: Tag): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;

  /** Allocates the next version number of `name` and stores the version. */
  createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion>;
  getModelVersion(name: string, version: number): Promise<ModelVersion>;
  updateModelVersion(name: string, version: number, description: string | undefined): Promise<ModelVersion>;
  /** Moves a version to `stage`; with `archiveExisting`, other versions in that stage go to Archived. */
  transitionModelVersionStage(name: string, version: number, stage: string, archiveExisting: boolean): Promise<ModelVersion>;
  /** Soft delete: the number stays taken, the source and run are redacted, its aliases go. */
  deleteModelVersion(name: string, version: number): Promise<void>;
  /** The highest version per stage, restricted to `stages` when not empty (canonical names). */
  getLatestVersions(name: string, stages: readonly string[]): Promise<readonly ModelVersion[]>;
  /** Where the version's files are: its storage location, or its source. */
  getModelVersionDownloadUri(name: string, version: number): Promise<string>;
  searchModelVersions(query: RegistrySearchQuery): Promise<Page<ModelVersion>>;
  setModelVersionTag(name: string, version: number, tag: Tag): Promise<void>;
  deleteModelVersionTag(name: string, version: number, key: string): Promise<void>;

  /** Points `alias` at `version` (moving it if it pointed elsewhere). */
  setRegisteredModelAlias(name: string, alias: string, version: number): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
}
