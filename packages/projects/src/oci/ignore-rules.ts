/** One line of an ignore file, compiled. */
interface IgnorePattern {
  readonly regex: RegExp;
  readonly negated: boolean;
  readonly directoryOnly: boolean;
}

/** How an ignore file's patterns are read. */
export type IgnoreSyntax = "gitignore" | "dockerignore";

/**
 * The patterns of one ignore file. `gitignore` syntax: a pattern without a slash (other
 * than a trailing one) matches at any depth, a trailing `/` matches only directories, `!`
 * re-includes, `**` spans folders. `dockerignore` syntax: every pattern is anchored at the
 * build context's root (as Docker reads it), `!` re-includes, `**` spans folders, and a
 * pattern matching a folder excludes everything in it.
 */
export class IgnoreRules {
  readonly #patterns: readonly IgnorePattern[];
  readonly syntax: IgnoreSyntax;

  private constructor(patterns: readonly IgnorePattern[], syntax: IgnoreSyntax) {
    this.#patterns = patterns;
    this.syntax = syntax;
  }

  /** Compiles the text of an ignore file. Never throws: a line it cannot compile is skipped. */
  static parse(text: string, syntax: IgnoreSyntax): IgnoreRules {
    const patterns: IgnorePattern[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const compiled = compileLine(raw, syntax);
      if (compiled) patterns.push(compiled);
    }
    return new IgnoreRules(patterns, syntax);
  }

  /** True when some pattern re-includes (`!`): then excluded folders must still be walked. */
  get hasNegations(): boolean {
    return this.#patterns.some((p) => p.negated);
  }

  /**
   * The verdict of the last matching pattern for `relativePath` (POSIX, relative to the
   * ignore file's folder): true = ignored, false = re-included, undefined = no pattern
   * matches. With `dockerignore` syntax a pattern matching a parent folder counts too.
   */
  verdict(relativePath: string, isDirectory: boolean): boolean | undefined {
    let result: boolean | undefined;
    const parents = this.syntax === "dockerignore" ? parentPaths(relativePath) : [];
    for (const pattern of this.#patterns) {
      const direct = (!pattern.directoryOnly || isDirectory) && pattern.regex.test(relativePath);
      const viaParent = !direct && parents.some((p) => pattern.regex.test(p));
      if (direct || viaParent) result = !pattern.negated;
    }
    return result;
  }
}

function parentPaths(path: string): string[] {
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < parts.length; i += 1) out.push(parts.slice(0, i).join("/"));
  return out;
}

function compileLine(raw: string, syntax: IgnoreSyntax): IgnorePattern | undefined {
  let line = raw;
  if (syntax === "gitignore") {
    // Trailing spaces are ignored unless escaped.
    line = line.replace(/(?<!\\)\s+$/, "");
  } else {
    line = line.trim();
  }
  if (line === "" || line.startsWith("#")) return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
    if (syntax === "dockerignore") line = line.trim();
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith("/") && !line.endsWith("\\/")) {
    directoryOnly = syntax === "gitignore";
    line = line.replace(/\/+$/, "");
  }
  if (syntax === "dockerignore") line = cleanDockerPath(line);
  if (line === "") return undefined;
  let anchored = syntax === "dockerignore" || line.includes("/");
  if (line.startsWith("/")) {
    line = line.replace(/^\/+/, "");
    anchored = true;
  }
  const body = globToRegex(line);
  const source = anchored ? `^${body}$` : `^(?:.*/)?${body}$`;
  try {
    return { regex: new RegExp(source), negated, directoryOnly };
  } catch {
    return undefined;
  }
}

/** Docker cleans patterns like Go's filepath.Clean: no `./`, no duplicate slashes, `..` resolved. */
function cleanDockerPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return (path.startsWith("/") ? "/" : "") + out.join("/");
}

/** Translates a glob (`*`, `?`, `[...]`, `**`, `\x`) into a regular-expression body. */
export function globToRegex(glob: string): string {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        let j = i + 2;
        while (glob[j] === "*") j += 1;
        const atEnd = j === glob.length || glob[j] === "/";
        if (atStart && atEnd) {
          if (j === glob.length) {
            out += ".*";
            i = j;
          } else {
            out += "(?:.*/)?";
            i = j + 1;
          }
          continue;
        }
        out += "[^/]*";
        i = j;
        continue;
      }
      out += "[^/]*";
      i += 1;
    } else if (ch === "?") {
      out += "[^/]";
      i += 1;
    } else if (ch === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        out += "\\[";
        i += 1;
        continue;
      }
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith("!") || cls.startsWith("^")) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, "\\\\")}]`;
      i = end + 1;
    } else if (ch === "\\" && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 2;
    } else {
      out += escapeRegex(ch);
      i += 1;
    }
  }
  return out;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
