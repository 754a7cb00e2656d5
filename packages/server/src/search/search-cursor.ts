import { MlflowError } from "@sextant/protocol";
import type { QuoteChar, SearchToken } from "./tokenize-search.js";

/** One dot-separated piece of a column name, unquoted; `quote` says how it was written. */
export interface IdentifierPart {
  readonly text: string;
  readonly quote: QuoteChar | undefined;
  readonly start: number;
}

/** A column reference such as `metrics.acc`, `tags."mlflow.runName"` or `start_time`. */
export interface SearchIdentifier {
  readonly parts: readonly IdentifierPart[];
  readonly start: number;
  readonly end: number;
}

/**
 * Walks a token list for the filter and order_by parsers. Every error it raises is an
 * INVALID_PARAMETER_VALUE whose message starts with `context` (e.g. `Invalid filter '...'`)
 * and names the offending token and its 0-based position.
 */
export class SearchCursor {
  private index = 0;

  constructor(
    private readonly tokens: readonly SearchToken[],
    private readonly context: string,
  ) {}

  /** The next token without consuming it (the final `end` token repeats forever). */
  peek(): SearchToken {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  next(): SearchToken {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** Throws INVALID_PARAMETER_VALUE: `<context>: <reason>`. */
  fail(reason: string): never {
    throw MlflowError.invalidParameter(`${this.context}: ${reason}`);
  }

  /** Throws INVALID_PARAMETER_VALUE naming `token`, its position and what was expected there. */
  unexpected(token: SearchToken, expected: string): never {
    if (token.kind === "end") return this.fail(`unexpected end at position ${token.start}, expected ${expected}`);
    return this.fail(`unexpected token '${token.text}' at position ${token.start}, expected ${expected}`);
  }

  /**
   * Reads a column: a bare or backticked/double-quoted name, then `.part` pieces written
   * without spaces around the dot, each a bare name or a quoted string.
   */
  readIdentifier(columnHint: string): SearchIdentifier {
    const first = this.next();
    if (first.kind !== "word" && !(first.kind === "string" && first.quote !== "'")) {
      this.unexpected(first, columnHint);
    }
    const parts: IdentifierPart[] = [toPart(first)];
    let last = first;
    while (this.peek().kind === "dot" && this.peek().start === last.end) {
      const dot = this.next();
      const part = this.next();
      if ((part.kind !== "word" && part.kind !== "string") || part.start !== dot.end) {
        this.fail(`expected a key right after '.' at position ${dot.start}; quote keys with spaces or symbols, e.g. metrics.\`test acc\``);
      }
      parts.push(toPart(part));
      last = part;
    }
    return { parts, start: first.start, end: last.end };
  }
}

/** True when `token` is the bare word `keyword`, in any letter case. */
export function isKeyword(token: SearchToken, keyword: string): boolean {
  return token.kind === "word" && token.text.toUpperCase() === keyword;
}

function toPart(token: SearchToken): IdentifierPart {
  return { text: token.value, quote: token.quote, start: token.start };
}
