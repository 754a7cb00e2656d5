import type { SearchIdentifier } from "./search-cursor.js";
import type { SearchGrammar } from "./search-grammar.js";
import type { EntityType } from "./search-types.js";

/** A column split into its entity and its (still uncanonicalised) key. */
export interface SearchColumn {
  readonly type: EntityType;
  readonly key: string;
}

/**
 * Splits an identifier at its first dot into prefix and key, as MLflow does: the prefix
 * (bare or backticked) must be one of `grammar.prefixes`; a name without a prefix is
 * `grammar.barePrefix`; the key is the rest joined by dots (`tags.mlflow.runName`) or
 * one quoted piece (`tags."mlflow.runName"`, `metrics.\`test acc\``).
 * Calls `fail` (which throws INVALID_PARAMETER_VALUE) for an unknown prefix or a bad key.
 */
export function resolveSearchColumn(
  identifier: SearchIdentifier,
  grammar: SearchGrammar,
  fail: (reason: string) => never,
): SearchColumn {
  const [head, ...rest] = identifier.parts;
  if (head === undefined) return fail("missing column");
  if (rest.length === 0) return { type: grammar.barePrefix, key: nonEmpty(head.text, head.start, fail) };

  const prefix = head.quote === undefined || head.quote === "`" ? head.text : `${head.quote}${head.text}${head.quote}`;
  if (!Object.hasOwn(grammar.prefixes, prefix)) {
    fail(`invalid entity type '${prefix}' at position ${head.start}; valid prefixes are ${Object.keys(grammar.prefixes).join(", ")}`);
  }
  const type = grammar.prefixes[prefix]!;
  const [only] = rest;
  if (rest.length === 1 && only !== undefined) return { type, key: nonEmpty(only.text, only.start, fail) };
  const quoted = rest.find((part) => part.quote !== undefined);
  if (quoted !== undefined) {
    fail(`the quoted part at position ${quoted.start} must be the whole key; quote the full key, e.g. tags."a.b"`);
  }
  return { type, key: rest.map((part) => part.text).join(".") };
}

function nonEmpty(key: string, position: number, fail: (reason: string) => never): string {
  return key === "" ? fail(`empty key at position ${position}`) : key;
}

/** Human label of a column for messages: `metric 'acc'`. */
export function describeColumn(column: SearchColumn): string {
  return `${column.type} '${column.key}'`;
}
