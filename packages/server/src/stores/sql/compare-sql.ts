import { MlflowError } from "@sextant/protocol";
import { type RawBuilder, sql } from "kysely";
import type { Comparator, FilterClause } from "../../search/search-types.js";
import { listValue } from "./list-param.js";
import type { SqlDialectName } from "./sql-session.js";

const NUMERIC_COMPARATORS: ReadonlySet<Comparator> = new Set(["=", "!=", ">", ">=", "<", "<="]);
const STRING_COMPARATORS: ReadonlySet<Comparator> = new Set(["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"]);

/**
 * A LIKE pattern as a GLOB pattern, so SQLite matches case-sensitively as PostgreSQL's LIKE
 * does: `%` -> `*`, `_` -> `?`, and GLOB's own `*`, `?`, `[` are made literal. No escape
 * character on either dialect (PostgreSQL gets `ESCAPE ''`).
 */
export function likeToGlob(pattern: string): string {
  let out = "";
  for (const ch of pattern) {
    if (ch === "%") out += "*";
    else if (ch === "_") out += "?";
    else if (ch === "*" || ch === "?" || ch === "[") out += `[${ch}]`;
    else out += ch;
  }
  return out;
}

function describe(clause: FilterClause): string {
  return `${clause.type} '${clause.key}'`;
}

/** The clause's value as a finite-or-infinite number; INVALID_PARAMETER_VALUE otherwise. */
export function numericValue(clause: FilterClause): number {
  const v = clause.value;
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  if (Number.isNaN(n)) {
    throw MlflowError.invalidParameter(`Expected a numeric value for ${describe(clause)}, got ${JSON.stringify(v)}`);
  }
  return n;
}

/**
 * SQL for `<column> <comparator> <value>` comparing numbers (metrics, times).
 * INVALID_PARAMETER_VALUE for a string-only comparator or a non-numeric value.
 */
export function compareNumber(column: RawBuilder<unknown>, clause: FilterClause): RawBuilder<boolean> {
  if (!NUMERIC_COMPARATORS.has(clause.comparator)) {
    throw MlflowError.invalidParameter(`Invalid comparator '${clause.comparator}' for numeric ${describe(clause)}`);
  }
  const value = numericValue(clause);
  const op = clause.comparator === "!=" ? "<>" : clause.comparator;
  return sql<boolean>`${column} ${sql.raw(op)} ${value}`;
}

/**
 * SQL for `<column> <comparator> <value>` comparing strings: = and != exact, LIKE
 * case-sensitive, ILIKE case-insensitive, IN / NOT IN against a list.
 * INVALID_PARAMETER_VALUE for a numeric-only comparator or a value of the wrong shape.
 */
export function compareString(
  dialect: SqlDialectName,
  column: RawBuilder<unknown>,
  clause: FilterClause,
): RawBuilder<boolean> {
  const { comparator, value } = clause;
  if (!STRING_COMPARATORS.has(comparator)) {
    throw MlflowError.invalidParameter(`Invalid comparator '${comparator}' for string ${describe(clause)}`);
  }
  if (comparator === "IN" || comparator === "NOT IN") {
    if (!Array.isArray(value)) {
      throw MlflowError.invalidParameter(`${comparator} on ${describe(clause)} needs a list of strings`);
    }
    const list = listValue(dialect, (value as readonly unknown[]).map(String));
    if (dialect === "sqlite") {
      return comparator === "IN"
        ? sql<boolean>`${column} IN (SELECT value FROM json_each(${list}))`
        : sql<boolean>`${column} NOT IN (SELECT value FROM json_each(${list}))`;
    }
    return comparator === "IN" ? sql<boolean>`${column} = ANY(${list})` : sql<boolean>`${column} <> ALL(${list})`;
  }
  if (Array.isArray(value)) {
    throw MlflowError.invalidParameter(`${comparator} on ${describe(clause)} needs a single string value`);
  }
  const text = String(value);
  switch (comparator) {
    case "=":
      return sql<boolean>`${column} = ${text}`;
    case "!=":
      return sql<boolean>`${column} <> ${text}`;
    case "LIKE":
      return dialect === "sqlite"
        ? sql<boolean>`${column} GLOB ${likeToGlob(text)}`
        : sql<boolean>`${column} LIKE ${text} ESCAPE ''`;
    default:
      return dialect === "sqlite"
        ? sql<boolean>`${column} LIKE ${text}`
        : sql<boolean>`${column} ILIKE ${text} ESCAPE ''`;
  }
}
