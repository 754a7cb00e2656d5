import { randomUUID } from "node:crypto";
import { LIMITS, type LoggedModel, MlflowError, type Tag } from "@sextant/protocol";
import { parseFilter } from "../search/parse-filter.js";
import type { SearchGrammar } from "../search/search-grammar.js";
import { LOGGED_MODEL_SEARCH_ATTRIBUTES, type LoggedModelOrder, type LoggedModelStore } from "../stores/logged-model-store.js";
import { appendUriPath } from "../stores/sql/artifact-uri.js";
import type { TrackingStore } from "../stores/tracking-store.js";
import { checkParam, checkRunTag } from "./entity-checks.js";
import { generateRunName } from "./generate-run-name.js";
import type * as Req from "./logged-model-requests.js";

/** Default page size of search-logged-models (MLflow's SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT). */
export const SEARCH_LOGGED_MODELS_DEFAULT = 100;
const BAD_NAME_CHARACTERS = ["/", ":", ".", "%", '"', "'"] as const;
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

const STRING: readonly ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"] = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];
const NUMERIC: readonly ["=", "!=", ">", ">=", "<", "<="] = ["=", "!=", ">", ">=", "<", "<="];

/** search-logged-models' filter grammar: attributes, `metrics.<key>`, `params.<key>`, `tags.<key>`. */
const LOGGED_MODEL_GRAMMAR: SearchGrammar = {
  prefixes: {
    attribute: "attribute",
    attributes: "attribute",
    metric: "metric",
    metrics: "metric",
    param: "parameter",
    params: "parameter",
    tag: "tag",
    tags: "tag",
  },
  barePrefix: "attribute",
  columnHint: "a column such as name, status, model_type, creation_timestamp, metrics.<key>, params.<key> or tags.<key>",
  filter: {
    attribute: {
      names: Object.fromEntries(
        LOGGED_MODEL_SEARCH_ATTRIBUTES.map((key) => [
          key,
          key.includes("timestamp") || key === "creation_time"
            ? { key, kind: "numeric", comparators: NUMERIC }
            : { key, kind: "string", comparators: STRING },
        ]),
      ),
    },
    metric: { anyKey: { kind: "numeric", comparators: NUMERIC } },
    parameter: { anyKey: { kind: "string", comparators: STRING } },
    tag: { anyKey: { kind: "string", comparators: STRING } },
  },
  orderBy: {},
};

/** MLflow's rule for logged model names. INVALID_PARAMETER_VALUE. */
function checkLoggedModelName(name: string): string {
  if (BAD_NAME_CHARACTERS.some((c) => name.includes(c))) {
    throw MlflowError.invalidParameter(
      `Invalid model name ('${name}') provided. Model name must be a non-empty string and cannot contain the following characters: ${BAD_NAME_CHARACTERS.join(" ")}`,
    );
  }
  return name;
}

const toTag = (t: { readonly key: string; readonly value?: string }): Tag => ({ key: t.key, value: t.value ?? "" });

export interface LoggedModelServiceOptions {
  readonly loggedModels: LoggedModelStore;
  readonly tracking: TrackingStore;
  /** Random source for generated model names (tests). */
  readonly random?: () => number;
}

/**
 * The logged-model API (MLflow 3.x) and runs/outputs: MLflow's validation (names, tag and
 * param limits, active experiment and run), ids `m-<32 hex>`, artifact locations
 * `<experiment artifact location>/models/<model_id>/artifacts`, then one store call per
 * operation. Throws MlflowError: INVALID_PARAMETER_VALUE for bad input, plus what the stores
 * report (RESOURCE_DOES_NOT_EXIST).
 */
export class LoggedModelService {
  readonly #store: LoggedModelStore;
  readonly #tracking: TrackingStore;
  readonly #random: () => number;

  constructor(options: LoggedModelServiceOptions) {
    this.#store = options.loggedModels;
    this.#tracking = options.tracking;
    this.#random = options.random ?? Math.random;
  }

  async createLoggedModel(req: Req.CreateLoggedModel): Promise<{ model: LoggedModel }> {
    const name = req.name ? checkLoggedModelName(req.name) : generateRunName(this.#random);
    const params = req.params.map(toTag);
    const tags = req.tags.map(toTag);
    for (const p of params) checkParam(p);
    for (const t of tags) checkRunTag(t);
    const experiment = await this.#tracking.getExperiment(req.experiment_id);
    if (experiment.lifecycle_stage !== "active") {
      throw MlflowError.invalidParameter(
        `The experiment ${experiment.experiment_id} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`,
      );
    }
    const modelId = `m-${randomUUID().replaceAll("-", "")}`;
    const model = await this.#store.createLoggedModel({
      modelId,
      experimentId: experiment.experiment_id,
      name,
      artifactLocation: appendUriPath(experiment.artifact_location, "models", modelId, "artifacts"),
      ...(req.model_type ? { modelType: req.model_type } : {}),
      ...(req.source_run_id ? { sourceRunId: req.source_run_id } : {}),
      params,
      tags,
    });
    return { model };
  }

  async getLoggedModel(req: Req.ModelIdOnly): Promise<{ model: LoggedModel }> {
    return { model: await this.#store.getLoggedModel(req.model_id) };
  }

  async finalizeLoggedModel(req: Req.FinalizeLoggedModel): Promise<{ model: LoggedModel }> {
    if (req.status === "LOGGED_MODEL_STATUS_UNSPECIFIED") {
      throw MlflowError.invalidParameter(
        "Invalid value for parameter 'status': use LOGGED_MODEL_READY, LOGGED_MODEL_UPLOAD_FAILED or LOGGED_MODEL_PENDING.",
      );
    }
    return { model: await this.#store.finalizeLoggedModel(req.model_id, req.status) };
  }

  async deleteLoggedModel(req: Req.ModelIdOnly): Promise<typeof EMPTY> {
    await this.#store.deleteLoggedModel(req.model_id);
    return EMPTY;
  }

  async setLoggedModelTags(req: Req.SetLoggedModelTags): Promise<typeof EMPTY> {
    const tags = req.tags.map(toTag);
    for (const t of tags) checkRunTag(t);
    await this.#store.setLoggedModelTags(req.model_id, tags);
    return EMPTY;
  }

  async deleteLoggedModelTag(req: Req.DeleteLoggedModelTag): Promise<typeof EMPTY> {
    await this.#store.deleteLoggedModelTag(req.model_id, req.tag_key);
    return EMPTY;
  }

  async logLoggedModelParams(req: Req.LogLoggedModelParams): Promise<typeof EMPTY> {
    const params = req.params.map(toTag);
    if (params.length > LIMITS.maxParamsPerBatch) {
      throw MlflowError.invalidParameter(
        `A batch logging request can contain at most ${LIMITS.maxParamsPerBatch} params. Got ${params.length} params.`,
      );
    }
    for (const p of params) checkParam(p);
    await this.#store.logLoggedModelParams(req.model_id, params);
    return EMPTY;
  }

  async searchLoggedModels(req: Req.SearchLoggedModels): Promise<{ models: readonly LoggedModel[]; next_page_token?: string }> {
    if (req.experiment_ids.length === 0) {
      throw MlflowError.invalidParameter("Missing value for required parameter 'experiment_ids'.");
    }
    if (req.datasets.some((d) => !d.dataset_name)) {
      throw MlflowError.invalidParameter("`dataset_name` in the `datasets` clause must be specified.");
    }
    const maxResults = req.max_results ?? SEARCH_LOGGED_MODELS_DEFAULT;
    if (maxResults < 1 || maxResults > LIMITS.searchMaxResultsMax) {
      throw MlflowError.invalidParameter(
        `Invalid value ${maxResults} for parameter 'max_results': it must be between 1 and ${LIMITS.searchMaxResultsMax}.`,
      );
    }
    const orderBy: LoggedModelOrder[] = req.order_by.map((o) => {
      const dot = o.field_name.indexOf(".");
      if (dot >= 0) {
        if (o.field_name.slice(0, dot) !== "metrics" || dot === o.field_name.length - 1) {
          throw MlflowError.invalidParameter(`Invalid order by field name: ${o.field_name}. Only metrics are supported.`);
        }
        return {
          column: o.field_name,
          ascending: o.ascending ?? true,
          metricKey: o.field_name.slice(dot + 1),
          ...(o.dataset_name ? { datasetName: o.dataset_name } : {}),
          ...(o.dataset_digest ? { datasetDigest: o.dataset_digest } : {}),
        };
      }
      if (!(LOGGED_MODEL_SEARCH_ATTRIBUTES as readonly string[]).includes(o.field_name)) {
        throw MlflowError.invalidParameter(
          `Invalid order by field name: ${o.field_name}. Order by one of ${LOGGED_MODEL_SEARCH_ATTRIBUTES.join(", ")}.`,
        );
      }
      return { column: o.field_name, ascending: o.ascending ?? true };
    });
    const page = await this.#store.searchLoggedModels({
      experimentIds: req.experiment_ids,
      filter: parseFilter(req.filter, LOGGED_MODEL_GRAMMAR),
      orderBy,
      ...(req.datasets.length > 0
        ? { datasets: req.datasets.map((d) => ({ name: d.dataset_name!, ...(d.dataset_digest ? { digest: d.dataset_digest } : {}) })) }
        : {}),
      maxResults,
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { models: page.items, next_page_token: page.nextPageToken };
  }

  async logOutputs(req: Req.LogOutputs): Promise<typeof EMPTY> {
    const info = await this.#tracking.getRunInfo(req.run_id);
    if (info.lifecycle_stage !== "active") {
      throw MlflowError.invalidParameter(`The run ${info.run_id} must be in the 'active' state. Current state is ${info.lifecycle_stage}.`);
    }
    await this.#store.logOutputs(
      req.run_id,
      req.models.map((m) => ({ model_id: m.model_id, step: m.step ?? 0 })),
    );
    return EMPTY;
  }

  /** The model's artifact location (for the artifact routes). RESOURCE_DOES_NOT_EXIST. */
  async artifactLocation(modelId: string): Promise<string> {
    return (await this.#store.getLoggedModel(modelId)).info.artifact_uri;
  }
}
