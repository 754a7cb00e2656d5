import { MlflowError } from "@sextant/protocol";
import { isKeyword, SearchCursor, type SearchIdentifier } from "./search-cursor.js";
import type { FieldRule, SearchGrammar } from "./search-grammar.js";
import { describeColumn, resolveSearchColumn, type SearchColumn } from "./resolve-search-column.js";
import type { Comparator, FilterClause } from "./search-types.js";
import { type SearchToken, tokenizeSearch } from "./tokenize-search.js";

type RawValue =
  | { readonly kind: "none" }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "token"; readonly token: SearchToken };

/** A clause as written, before it is checked against the grammar. */
interface RawClause {
  readonly identifier: SearchIdentifier;
  readonly comparator: Comparator;
  readonly value: RawValue;
  readonly start: number;
  readonly end: number;
}

const COMPARATOR_HINT = "a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL)";
const VALUE_HINT = "a number or a quoted string";

/**
 * Parses an MLflow search filter (`<column> <comparator> <value> [AND ...]`) and checks
 * every clause against `grammar`, reporting the first problem in reading order. Keywords are case-insensitive; comparators come back
 * upper-case and attribute keys canonical. An empty or blank filter gives `[]`.
 * Throws INVALID_PARAMETER_VALUE: syntax errors read `Invalid filter '<filter>': unexpected
 * token '<t>' at position <n>, expected ...`; type and name errors read
 * `Invalid clause '<clause>': <reason>`.
 */
export function parseFilter(filter: string | undefined, grammar: SearchGrammar): FilterClause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const context = `Invalid filter '${filter}'`;
  const cursor = new SearchCursor(tokenizeSearch(filter, context), context);
  const clauses: FilterClause[] = [];
  for (;;) {
    clauses.push(checkClause(readClause(cursor, grammar.columnHint), filter, grammar));
    const next = cursor.next();
    if (next.kind === "end") break;
    if (isKeyword(next, "OR")) {
      cursor.fail(`OR at position ${next.start} is not supported; MLflow's search grammar only joins clauses with AND`);
    }
    if (!isKeyword(next, "AND")) cursor.unexpected(next, "AND or the end of the filter");
  }
  return clauses;
}

function readClause(cursor: SearchCursor, columnHint: string): RawClause {
  const identifier = cursor.readIdentifier(columnHint);
  const { comparator, end } = readComparator(cursor);
  if (comparator === "IS NULL" || comparator === "IS NOT NULL") {
    return { identifier, comparator, value: { kind: "none" }, start: identifier.start, end };
  }
  if (comparator === "IN" || comparator === "NOT IN") {
    const list = readList(cursor, comparator);
    return { identifier, comparator, value: list, start: identifier.start, end: list.end };
  }
  const token = cursor.next();
  if (token.kind === "lparen") cursor.unexpected(token, `${VALUE_HINT} (a list of values needs IN or NOT IN)`);
  if (token.kind !== "number" && token.kind !== "string" && token.kind !== "word") cursor.unexpected(token, VALUE_HINT);
  return { identifier, comparator, value: { kind: "token", token }, start: identifier.start, end: token.end };
}

function readComparator(cursor: SearchCursor): { comparator: Comparator; end: number } {
  const token = cursor.next();
  if (token.kind === "comparator") return { comparator: token.text as Comparator, end: token.end };
  const word = token.kind === "word" ? token.text.toUpperCase() : "";
  if (word === "LIKE" || word === "ILIKE" || word === "IN") return { comparator: word, end: token.end };
  if (word === "NOT") {
    const inToken = cursor.next();
    if (!isKeyword(inToken, "IN")) cursor.unexpected(inToken, "IN after NOT");
    return { comparator: "NOT IN", end: inToken.end };
  }
  if (word === "IS") {
    let nullToken = cursor.next();
    const negated = isKeyword(nullToken, "NOT");
    if (negated) nullToken = cursor.next();
    if (!isKeyword(nullToken, "NULL")) cursor.unexpected(nullToken, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
    return { comparator: negated ? "IS NOT NULL" : "IS NULL", end: nullToken.end };
  }
  return cursor.unexpected(token, COMPARATOR_HINT);
}

/** Reads `('a', "b", ...)`: quoted strings only, at least one, a trailing comma allowed. */
function readList(cursor: SearchCursor, comparator: Comparator): RawValue & { readonly end: number } {
  const open = cursor.next();
  if (open.kind !== "lparen") cursor.unexpected(open, `'(' to start the list of values after ${comparator}`);
  const items: string[] = [];
  for (;;) {
    const token = cursor.next();
    if (token.kind === "rparen") {
      if (items.length === 0) cursor.fail(`empty list at position ${open.start}; ${comparator} needs at least one quoted value`);
      return { kind: "list", items, end: token.end };
    }
    if (token.kind !== "string" || token.quote === "`") cursor.unexpected(token, "a quoted string in the list");
    items.push(token.value);
    const separator = cursor.next();
    if (separator.kind === "rparen") return { kind: "list", items, end: separator.end };
    if (separator.kind !== "comma") cursor.unexpected(separator, "',' or ')' in the list");
  }
}

function checkClause(clause: RawClause, filter: string, grammar: SearchGrammar): FilterClause {
  const fail = (reason: string): never => {
    throw MlflowError.invalidParameter(`Invalid clause '${filter.slice(clause.start, clause.end)}': ${reason}`);
  };
  const column = resolveSearchColumn(clause.identifier, grammar, fail);
  const { key, rule } = filterRule(column, grammar, fail);
  const canonical: SearchColumn = { type: column.type, key };
  const label = describeColumn(canonical);
  const { comparator, value } = clause;
  if (!rule.comparators.includes(comparator)) {
    fail(`comparator '${comparator}' is not supported for ${label}; use one of ${rule.comparators.join(", ")}`);
  }
  if (value.kind === "none") return { ...canonical, comparator, value: null };
  if (value.kind === "list") return { ...canonical, comparator, value: value.items };
  const { token } = value;
  if (rule.kind === "numeric") {
    const number = Number(token.text);
    if (token.kind !== "number") fail(`expected a numeric value for ${label}, found ${token.text}`);
    if (!Number.isFinite(number)) fail(`number ${token.text} is out of range for ${label}`);
    return { ...canonical, comparator, value: number };
  }
  if (token.kind !== "string" || token.quote === "`") {
    fail(`expected a quoted string value for ${label} (e.g. 'my-value'), found ${token.text}`);
  }
  return { ...canonical, comparator, value: token.value };
}

/** The rule for a column and its canonical key (attribute aliases resolved). */
function filterRule(
  column: SearchColumn,
  grammar: SearchGrammar,
  fail: (reason: string) => never,
): { key: string; rule: FieldRule } {
  const entity = grammar.filter[column.type];
  if (entity === undefined) return fail(`${column.type} columns cannot be used in this filter`);
  if ("anyKey" in entity) return { key: column.key, rule: entity.anyKey };
  if (!Object.hasOwn(entity.names, column.key)) {
    const valid = [...new Set(Object.values(entity.names).map((field) => field.key))].join(", ");
    return fail(`invalid ${column.type} key '${column.key}'; valid keys are ${valid}`);
  }
  const field = entity.names[column.key]!;
  return { key: field.key, rule: field };
}
