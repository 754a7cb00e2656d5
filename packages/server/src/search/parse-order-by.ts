import { isKeyword, SearchCursor } from "./search-cursor.js";
import type { SearchGrammar } from "./search-grammar.js";
import { resolveSearchColumn } from "./resolve-search-column.js";
import type { OrderByClause } from "./search-types.js";
import { tokenizeSearch } from "./tokenize-search.js";

/**
 * Parses MLflow order_by entries (`<column> [ASC|DESC]`, direction case-insensitive,
 * ascending by default) and checks each column against `grammar.orderBy`; attribute
 * aliases come back canonical (`created` -> `start_time`).
 * Throws INVALID_PARAMETER_VALUE `Invalid order_by clause '<entry>': <reason>` naming the
 * bad token and its position (unknown column, bad direction, extra tokens, empty entry).
 */
export function parseOrderBy(orderBy: readonly string[] | undefined, grammar: SearchGrammar): OrderByClause[] {
  return (orderBy ?? []).map((entry) => parseOrderByEntry(entry, grammar));
}

function parseOrderByEntry(entry: string, grammar: SearchGrammar): OrderByClause {
  const context = `Invalid order_by clause '${entry}'`;
  const cursor = new SearchCursor(tokenizeSearch(entry, context), context);
  const fail = (reason: string): never => cursor.fail(reason);
  const identifier = cursor.readIdentifier(grammar.columnHint);
  let ascending = true;
  let token = cursor.next();
  if (token.kind === "word") {
    if (!isKeyword(token, "ASC") && !isKeyword(token, "DESC")) {
      fail(`invalid ordering '${token.text}' at position ${token.start}, expected ASC or DESC`);
    }
    ascending = isKeyword(token, "ASC");
    token = cursor.next();
  }
  if (token.kind !== "end") cursor.unexpected(token, "ASC, DESC or the end of the clause");

  const column = resolveSearchColumn(identifier, grammar, fail);
  const rule = grammar.orderBy[column.type];
  const orderable = Object.keys(grammar.orderBy).join(", ");
  if (rule === undefined) return fail(`cannot order by ${column.type} columns; order by one of: ${orderable}`);
  if (rule === "any") return { type: column.type, key: column.key, ascending };
  if (!Object.hasOwn(rule, column.key)) {
    const valid = [...new Set(Object.values(rule))].join(", ");
    return fail(`invalid ${column.type} key '${column.key}'; valid order_by keys are ${valid}`);
  }
  return { type: column.type, key: rule[column.key]!, ascending };
}
