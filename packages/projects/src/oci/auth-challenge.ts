/** One challenge of a `WWW-Authenticate` header: its scheme and parameters. */
export interface AuthChallenge {
  /** Lower-case scheme: `basic`, `bearer`, ... */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/**
 * Parses a `WWW-Authenticate` header (RFC 7235) into its challenges, e.g.
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"`.
 * Parameter names are lower-cased; quoted values are unescaped. Never throws: characters it
 * cannot read are skipped.
 */
export function parseAuthChallenges(header: string | null | undefined): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  if (!header) return challenges;
  let i = 0;
  const skipSpace = () => {
    while (i < header.length && /[\s,]/.test(header[i]!)) i += 1;
  };
  const readToken = () => {
    const start = i;
    while (i < header.length && TOKEN_CHAR.test(header[i]!)) i += 1;
    return header.slice(start, i);
  };
  while (i < header.length) {
    skipSpace();
    const token = readToken();
    if (token === "") {
      i += 1;
      continue;
    }
    let j = i;
    while (j < header.length && header[j] === " ") j += 1;
    if (header[j] !== "=") {
      challenges.push({ scheme: token.toLowerCase(), params: {} });
      continue;
    }
    i = j + 1;
    while (i < header.length && header[i] === " ") i += 1;
    let value = "";
    if (header[i] === '"') {
      i += 1;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === "\\" && i + 1 < header.length) i += 1;
        value += header[i];
        i += 1;
      }
      i += 1;
    } else {
      const start = i;
      while (i < header.length && header[i] !== "," && !/\s/.test(header[i]!)) i += 1;
      value = header.slice(start, i);
    }
    const current = challenges[challenges.length - 1];
    if (current) current.params[token.toLowerCase()] = value;
  }
  return challenges;
}
