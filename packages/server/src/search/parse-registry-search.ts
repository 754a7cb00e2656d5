import { parseFilter } from "./parse-filter.js";
import { parseOrderBy } from "./parse-order-by.js";
import type { SearchGrammar } from "./search-grammar.js";
import type { Comparator, FilterClause, OrderByClause } from "./search-types.js";

const STRING: readonly Comparator[] = ["=", "!=", "LIKE", "ILIKE"];
const NUMERIC: readonly Comparator[] = ["=", "!=", ">", ">=", "<", "<="];
const text = (key: string, comparators = STRING) => ({ key, kind: "string", comparators }) as const;

/**
 * search-registered-models, per MLflow's `SearchModelUtils`: `name` and `tags.<key>` with
 * = != LIKE ILIKE; order by `name`, `creation_timestamp`, `last_updated_timestamp`
 * (alias `timestamp`).
 */
export const REGISTERED_MODEL_SEARCH_GRAMMAR: SearchGrammar = {
  prefixes: { attribute: "attribute", attributes: "attribute", tag: "tag", tags: "tag" },
  barePrefix: "attribute",
  columnHint: "a column such as name or tags.<key>",
  filter: {
    attribute: { names: { name: text("name") } },
    tag: { anyKey: { kind: "string", comparators: STRING } },
  },
  orderBy: {
    attribute: {
      name: "name",
      creation_timestamp: "creation_timestamp",
      last_updated_timestamp: "last_updated_timestamp",
      timestamp: "last_updated_timestamp",
    },
  },
};

/**
 * search-model-versions, per MLflow's `SearchModelVersionUtils`: `name`, `source_path`,
 * `run_id` (also IN), `version_number` (numeric) and `tags.<key>`; order by `name`,
 * `version_number`, `creation_timestamp`, `last_updated_timestamp` (alias `timestamp`).
 */
export const MODEL_VERSION_SEARCH_GRAMMAR: SearchGrammar = {
  prefixes: { attribute: "attribute", attributes: "attribute", tag: "tag", tags: "tag" },
  barePrefix: "attribute",
  columnHint: "a column such as name, run_id, source_path, version_number or tags.<key>",
  filter: {
    attribute: {
      names: {
        name: text("name"),
        source_path: text("source_path"),
        run_id: text("run_id", [...STRING, "IN", "NOT IN"]),
        version_number: { key: "version_number", kind: "numeric", comparators: NUMERIC },
      },
    },
    tag: { anyKey: { kind: "string", comparators: STRING } },
  },
  orderBy: {
    attribute: {
      name: "name",
      version_number: "version_number",
      creation_timestamp: "creation_timestamp",
      last_updated_timestamp: "last_updated_timestamp",
      timestamp: "last_updated_timestamp",
    },
  },
};

/** Parses a search-registered-models filter. Throws INVALID_PARAMETER_VALUE naming the clause. */
export function parseRegisteredModelFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, REGISTERED_MODEL_SEARCH_GRAMMAR);
}

/** Parses search-registered-models order_by entries. Throws INVALID_PARAMETER_VALUE. */
export function parseRegisteredModelOrderBy(orderBy: readonly string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, REGISTERED_MODEL_SEARCH_GRAMMAR);
}

/** Parses a search-model-versions filter. Throws INVALID_PARAMETER_VALUE naming the clause. */
export function parseModelVersionFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, MODEL_VERSION_SEARCH_GRAMMAR);
}

/** Parses search-model-versions order_by entries. Throws INVALID_PARAMETER_VALUE. */
export function parseModelVersionOrderBy(orderBy: readonly string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, MODEL_VERSION_SEARCH_GRAMMAR);
}
