import { parseFilter } from "./parse-filter.js";
import { parseOrderBy } from "./parse-order-by.js";
import { RUN_SEARCH_GRAMMAR } from "./search-grammar.js";
import type { OrderByClause, RunFilter } from "./search-types.js";

/**
 * Parses a search-runs `filter` such as `metrics.acc > 0.9 AND params.model = 'lr'` into
 * AND-ed clauses, validated as MLflow does: metrics take numbers with = != > >= < <=;
 * params and tags take quoted strings with = != LIKE ILIKE or IS [NOT] NULL; attributes
 * `run_id` (also IN / NOT IN lists), `run_name`, `user_id`, `status`, `artifact_uri` take
 * strings and `start_time`/`created`, `end_time` numbers; `datasets.name|digest|context`
 * take strings or IN lists. Empty or blank filter -> []. Throws INVALID_PARAMETER_VALUE.
 */
export function parseRunFilter(filter: string | undefined): RunFilter {
  return parseFilter(filter, RUN_SEARCH_GRAMMAR);
}

/**
 * Parses search-runs `order_by` entries such as ``metrics.`test acc` DESC``, `params.C ASC`
 * or `start_time`. Metrics, params and tags take any key; attributes are the searchable
 * ones plus `created`. Throws INVALID_PARAMETER_VALUE naming the bad token.
 */
export function parseRunOrderBy(orderBy: readonly string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, RUN_SEARCH_GRAMMAR);
}
