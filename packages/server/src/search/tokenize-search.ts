import { MlflowError } from "@sextant/protocol";

export type SearchTokenKind =
  | "word"
  | "number"
  | "string"
  | "comparator"
  | "dot"
  | "lparen"
  | "rparen"
  | "comma"
  | "end";

export type QuoteChar = "'" | '"' | "`";

/** One lexeme of a search string. Positions are 0-based indexes into the input. */
export interface SearchToken {
  readonly kind: SearchTokenKind;
  /** The exact source text (with quotes for strings; empty for `end`). */
  readonly text: string;
  /** For strings: the content with quotes removed and escapes resolved; otherwise `text`. */
  readonly value: string;
  /** The quote character of a `string` token, else `undefined`. */
  readonly quote: QuoteChar | undefined;
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[\p{L}_]/u;
const WORD_CHAR = /[\p{L}\p{N}_$#]/u;
const DIGIT = /[0-9]/;
const NUMBER = /-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const COMPARATORS = ["!=", ">=", "<=", "=", ">", "<"] as const;
const PUNCTUATION: Readonly<Record<string, SearchTokenKind>> = { "(": "lparen", ")": "rparen", ",": "comma" };

/**
 * Splits a search filter or order_by string into tokens; the list always ends with an
 * `end` token. `context` names the input in errors, e.g. `Invalid filter 'x ~ 1'`.
 * Throws INVALID_PARAMETER_VALUE for an unexpected character or an unterminated string.
 */
export function tokenizeSearch(input: string, context: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  const fail = (reason: string): never => {
    throw MlflowError.invalidParameter(`${context}: ${reason}`);
  };
  const push = (kind: SearchTokenKind, start: number, end: number, value?: string, quote?: QuoteChar) => {
    const text = input.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, quote, start, end });
  };
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    const prev = tokens[tokens.length - 1];
    const afterDot = prev?.kind === "dot" && prev.end === i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      const { value, end } = readQuoted(input, i, ch, fail);
      push("string", i, end, value, ch);
      i = end;
    } else if (afterDot && WORD_CHAR.test(ch)) {
      // A key segment right after a dot may start with a digit: `metrics.5fold_auc`.
      const end = scanWord(input, i);
      push("word", i, end);
      i = end;
    } else if (ch === "." && !startsNumber(input, i, prev)) {
      push("dot", i, i + 1);
      i++;
    } else if (startsNumber(input, i, prev)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(input);
      const end = i + (match?.[0].length ?? 1);
      if (end < input.length && WORD_CHAR.test(input.charAt(end))) {
        fail(`unexpected character '${input.charAt(end)}' at position ${end} after number '${input.slice(i, end)}'`);
      }
      push("number", i, end);
      i = end;
    } else if (WORD_START.test(ch)) {
      const end = scanWord(input, i);
      push("word", i, end);
      i = end;
    } else if (PUNCTUATION[ch] !== undefined) {
      push(PUNCTUATION[ch], i, i + 1);
      i++;
    } else {
      const op = COMPARATORS.find((c) => input.startsWith(c, i));
      if (op === undefined) fail(`unexpected character '${ch}' at position ${i}`);
      else {
        push("comparator", i, i + op.length);
        i += op.length;
      }
    }
  }
  push("end", input.length, input.length);
  return tokens;
}

function scanWord(input: string, start: number): number {
  let end = start;
  while (end < input.length && WORD_CHAR.test(input.charAt(end))) end++;
  return end;
}

/** A number starts with a digit, `-digit`, `.digit` or `-.digit`; a `.` right after a name is a dot. */
function startsNumber(input: string, i: number, prev: SearchToken | undefined): boolean {
  let j = i;
  if (input.charAt(j) === "-") j++;
  if (input.charAt(j) === ".") {
    const followsName = prev !== undefined && prev.end === i && (prev.kind === "word" || prev.kind === "string");
    if (j === i && followsName) return false;
    j++;
  }
  return DIGIT.test(input.charAt(j));
}

/**
 * Reads a quoted string starting at `start`. Inside, a doubled quote character or a
 * backslash before the quote character stands for the quote character itself.
 */
function readQuoted(
  input: string,
  start: number,
  quote: QuoteChar,
  fail: (reason: string) => never,
): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === "\\" && input.charAt(i + 1) === quote) {
      value += quote;
      i += 2;
    } else if (ch === quote && input.charAt(i + 1) === quote) {
      value += quote;
      i += 2;
    } else if (ch === quote) {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i++;
    }
  }
  return fail(`unterminated string starting at position ${start}: add the closing ${quote}`);
}
