import type { Comparator, EntityType } from "./search-types.js";

/** How a field's values compare: the value type it takes and the comparators it allows. */
export interface FieldRule {
  readonly kind: "numeric" | "string";
  readonly comparators: readonly Comparator[];
}

/** A field with a fixed name; `key` is its canonical name (aliases point at it). */
export interface NamedField extends FieldRule {
  readonly key: string;
}

/** Either any key is allowed (metrics, params, tags) or only the listed names (attributes, datasets). */
export type EntityRule =
  | { readonly anyKey: FieldRule }
  | { readonly names: Readonly<Record<string, NamedField>> };

/** Keys allowed in order_by: any key, or a map from accepted name to canonical name. */
export type OrderRule = "any" | Readonly<Record<string, string>>;

/** The validation table of one search endpoint, as data. */
export interface SearchGrammar {
  /** Accepted prefixes before the first dot (`metrics.`, `params.`, ...) and the entity each means. */
  readonly prefixes: Readonly<Record<string, EntityType>>;
  /** Entity assumed for a bare name without a prefix (`start_time`, `name`). */
  readonly barePrefix: EntityType;
  /** What a column looks like, for "expected ..." messages. */
  readonly columnHint: string;
  readonly filter: Readonly<Partial<Record<EntityType, EntityRule>>>;
  readonly orderBy: Readonly<Partial<Record<EntityType, OrderRule>>>;
}

const NUMERIC: readonly Comparator[] = ["=", "!=", ">", ">=", "<", "<="];
const STRING: readonly Comparator[] = ["=", "!=", "LIKE", "ILIKE"];
const STRING_OR_LIST: readonly Comparator[] = [...STRING, "IN", "NOT IN"];
const STRING_OR_NULL: readonly Comparator[] = [...STRING, "IS NULL", "IS NOT NULL"];

const numeric = (key: string): NamedField => ({ key, kind: "numeric", comparators: NUMERIC });
const text = (key: string, comparators = STRING): NamedField => ({ key, kind: "string", comparators });

/**
 * search-runs, per MLflow's `SearchUtils`: searchable run attributes are RunInfo's
 * `run_id, run_name, user_id, status, start_time, end_time, artifact_uri` plus the
 * aliases `created`/`Created` (start_time) and `run name`/`Run name`/`Run Name` (run_name).
 * Only `run_id` (and dataset fields) take IN lists; IS NULL is for params and tags.
 */
export const RUN_SEARCH_GRAMMAR: SearchGrammar = {
  prefixes: {
    metric: "metric",
    metrics: "metric",
    parameter: "parameter",
    parameters: "parameter",
    param: "parameter",
    params: "parameter",
    tag: "tag",
    tags: "tag",
    attribute: "attribute",
    attributes: "attribute",
    attr: "attribute",
    run: "attribute",
    dataset: "dataset",
    datasets: "dataset",
  },
  barePrefix: "attribute",
  columnHint: "a column such as metrics.<key>, params.<key>, tags.<key>, attributes.<name> or datasets.<field>",
  filter: {
    metric: { anyKey: { kind: "numeric", comparators: NUMERIC } },
    parameter: { anyKey: { kind: "string", comparators: STRING_OR_NULL } },
    tag: { anyKey: { kind: "string", comparators: STRING_OR_NULL } },
    attribute: {
      names: {
        run_id: text("run_id", STRING_OR_LIST),
        run_name: text("run_name"),
        "run name": text("run_name"),
        "Run name": text("run_name"),
        "Run Name": text("run_name"),
        user_id: text("user_id"),
        status: text("status"),
        artifact_uri: text("artifact_uri"),
        start_time: numeric("start_time"),
        created: numeric("start_time"),
        Created: numeric("start_time"),
        end_time: numeric("end_time"),
      },
    },
    dataset: {
      names: {
        name: text("name", STRING_OR_LIST),
        digest: text("digest", STRING_OR_LIST),
        context: text("context", STRING_OR_LIST),
      },
    },
  },
  orderBy: {
    metric: "any",
    parameter: "any",
    tag: "any",
    attribute: {
      run_id: "run_id",
      run_name: "run_name",
      user_id: "user_id",
      status: "status",
      artifact_uri: "artifact_uri",
      start_time: "start_time",
      created: "start_time",
      Created: "start_time",
      end_time: "end_time",
    },
  },
};

/**
 * search-experiments, per MLflow's `SearchExperimentsUtils`: prefixes `attribute`, `tag`,
 * `tags` only; filter on `name`, `creation_time`, `last_update_time` and tags (IS NULL
 * allowed on tags); order by `name`, `experiment_id`, `creation_time`, `last_update_time`.
 */
export const EXPERIMENT_SEARCH_GRAMMAR: SearchGrammar = {
  prefixes: { attribute: "attribute", tag: "tag", tags: "tag" },
  barePrefix: "attribute",
  columnHint: "a column such as name, creation_time, last_update_time or tags.<key>",
  filter: {
    attribute: {
      names: {
        name: text("name"),
        creation_time: numeric("creation_time"),
        last_update_time: numeric("last_update_time"),
      },
    },
    tag: { anyKey: { kind: "string", comparators: STRING_OR_NULL } },
  },
  orderBy: {
    attribute: {
      name: "name",
      experiment_id: "experiment_id",
      creation_time: "creation_time",
      last_update_time: "last_update_time",
    },
  },
};
