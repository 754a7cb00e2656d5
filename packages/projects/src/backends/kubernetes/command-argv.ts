import { MlflowError } from "@sextant/protocol";

/**
 * Turns an entry point's shell command into the container's `command` argv. Words are
 * split as a POSIX shell does (single quotes, double quotes with `\` escapes, backslashes),
 * so `node dist/train.js --C 0.5 --penalty 'l 2'` gives five words with the quotes removed
 * (MLflow passes them re-quoted, which reaches the program with literal quotes). A command
 * that needs a shell (pipes, `&&`, `;`, redirections, `$VAR`, backticks, globs) runs as
 * `/bin/sh -c <command>`. Throws INVALID_PARAMETER_VALUE for an empty command or an
 * unterminated quote.
 */
export function commandArgv(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let needsShell = false;
  let i = 0;
  while (i < command.length) {
    const ch = command[i]!;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw MlflowError.invalidParameter(`The entry point command has an unterminated ' quote: ${command}`);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i += 1;
      inWord = true;
      for (;;) {
        if (i >= command.length) throw MlflowError.invalidParameter(`The entry point command has an unterminated " quote: ${command}`);
        const c = command[i]!;
        if (c === '"') break;
        if (c === "$" || c === "`") needsShell = true;
        if (c === "\\" && i + 1 < command.length && '$`"\\\n'.includes(command[i + 1]!)) {
          word += command[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i += 1;
      }
      i += 1;
    } else if (ch === "\\") {
      if (i + 1 < command.length && command[i + 1] !== "\n") {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (ch === " " || ch === "\t" || ch === "\n") {
      if (ch === "\n") needsShell = true;
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i += 1;
    } else {
      if ("|&;<>()$`*?[~".includes(ch) || (ch === "#" && !inWord)) needsShell = true;
      word += ch;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw MlflowError.invalidParameter("The entry point command is empty");
  // A leading NAME=value assignment is shell syntax too.
  if (needsShell || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) return ["/bin/sh", "-c", command];
  return words;
}
