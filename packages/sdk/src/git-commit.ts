import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").then(
    (text) => text.trim(),
    () => undefined,
  );
}

async function gitDirFrom(start: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, ".git");
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
    if (info?.isFile()) {
      const pointer = (await readText(candidate))?.match(/^gitdir:\s*(.+)$/m)?.[1];
      if (pointer) return isAbsolute(pointer) ? pointer : resolve(dir, pointer);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

async function resolveRef(gitDir: string, ref: string): Promise<string | undefined> {
  const common = await readText(join(gitDir, "commondir"));
  const dirs = common ? [gitDir, resolve(gitDir, common)] : [gitDir];
  for (const dir of dirs) {
    const loose = await readText(join(dir, ref));
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
    const packed = await readText(join(dir, "packed-refs"));
    const line = packed?.split("\n").find((l) => l.endsWith(` ${ref}`));
    if (line) return line.split(" ")[0];
  }
  return undefined;
}

/**
 * The commit checked out in the git repository containing `dir`, read from `.git` files
 * (no git binary needed), or undefined outside a repository. Never throws.
 */
export async function gitCommitOf(dir: string): Promise<string | undefined> {
  try {
    const gitDir = await gitDirFrom(dir);
    if (!gitDir) return undefined;
    const head = await readText(join(gitDir, "HEAD"));
    if (!head) return undefined;
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    return ref ? await resolveRef(gitDir, ref) : /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  } catch {
    return undefined;
  }
}
