import type { SqlDialectName, SqlValue } from "./sql-session.js";

/**
 * `<column> IN <list>` bound as ONE parameter, so lists of any length (a page of 50,000 runs)
 * never hit a bind-variable limit: SQLite reads a JSON array through json_each, PostgreSQL
 * binds an array to `= ANY(?)`.
 */
export function inList(dialect: SqlDialectName, column: string): string {
  return dialect === "sqlite" ? `${column} IN (SELECT value FROM json_each(?))` : `${column} = ANY(?)`;
}

/** The parameter value for `inList`. */
export function listValue(dialect: SqlDialectName, values: readonly (string | number)[]): SqlValue {
  return dialect === "sqlite" ? JSON.stringify(values) : values;
}
