/** Parsed forms of MLflow's search grammar, shared by the parser and the SQL compilers. */

export type Comparator =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "LIKE"
  | "ILIKE"
  | "IN"
  | "NOT IN"
  /** Key absent (runs: tags and params; experiments: tags). `value` is `null`. */
  | "IS NULL"
  /** Key present (runs: tags and params; experiments: tags). `value` is `null`. */
  | "IS NOT NULL";

/** What a clause's key refers to. `attribute` keys are canonical (e.g. `run_name`, `start_time`). */
export type EntityType = "metric" | "parameter" | "tag" | "attribute" | "dataset";

export interface FilterClause {
  readonly type: EntityType;
  readonly key: string;
  readonly comparator: Comparator;
  /**
   * A number for numeric comparisons, a string, a list for IN / NOT IN,
   * or `null` for IS NULL / IS NOT NULL.
   */
  readonly value: number | string | readonly string[] | null;
}

/** Conjunction of clauses (MLflow's grammar only has AND). */
export type RunFilter = readonly FilterClause[];
export type ExperimentFilter = readonly FilterClause[];

export interface OrderByClause {
  readonly type: EntityType;
  readonly key: string;
  readonly ascending: boolean;
}
