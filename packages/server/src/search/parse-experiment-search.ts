import { parseFilter } from "./parse-filter.js";
import { parseOrderBy } from "./parse-order-by.js";
import { EXPERIMENT_SEARCH_GRAMMAR } from "./search-grammar.js";
import type { ExperimentFilter, OrderByClause } from "./search-types.js";

/**
 * Parses a search-experiments `filter` such as `name LIKE 'prod-%' AND tags.team = 'ml'`:
 * prefixes `attribute.`, `tag.`, `tags.` or none; `name` takes strings with = != LIKE ILIKE,
 * `creation_time` and `last_update_time` numbers with = != > >= < <=, tags strings or
 * IS [NOT] NULL. Empty or blank filter -> []. Throws INVALID_PARAMETER_VALUE.
 */
export function parseExperimentFilter(filter: string | undefined): ExperimentFilter {
  return parseFilter(filter, EXPERIMENT_SEARCH_GRAMMAR);
}

/**
 * Parses search-experiments `order_by` entries over `name`, `experiment_id`,
 * `creation_time` and `last_update_time` (bare or `attribute.`), with optional ASC/DESC.
 * Throws INVALID_PARAMETER_VALUE naming the bad token.
 */
export function parseExperimentOrderBy(orderBy: readonly string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, EXPERIMENT_SEARCH_GRAMMAR);
}
