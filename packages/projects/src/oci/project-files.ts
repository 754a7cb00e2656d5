import type { Dirent } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { IgnoreRules } from "./ignore-rules.js";

/** A file, folder or symbolic link to put into an image layer. */
export interface LayerFile {
  /** Path inside the layer, POSIX, relative to the layer's root folder. */
  readonly path: string;
  readonly kind: "file" | "directory" | "symlink";
  /** Where the content is read from (files only). */
  readonly source?: string;
  readonly mode: number;
  readonly size: number;
  readonly linkTarget?: string;
}

/** What to leave out of, or force into, the list of a project's files. */
export interface ProjectFilesOptions {
  /** Top-level names never listed (e.g. `node_modules` when dependencies get their own layer). */
  readonly exclude?: readonly string[];
  /** Relative folders listed even when an ignore file excludes them (e.g. a build's `dist`). */
  readonly forceInclude?: readonly string[];
  /** Apply `.dockerignore`/`.gitignore` (default true). */
  readonly useIgnoreFiles?: boolean;
}

/**
 * Lists every file, folder and symbolic link under `root`, tracked by Git or not, minus what
 * the project's ignore file excludes: `.dockerignore` at the root when there is one (Docker's
 * syntax), else every `.gitignore` inside the project (Git's syntax, deeper files first).
 * `.git` is never listed; ignore files outside `root` do not apply (the project folder is the
 * build context, as for `docker build`). Sorted by path. Sockets and devices are skipped.
 * Throws RESOURCE_DOES_NOT_EXIST when `root` or a forced folder does not exist.
 */
export async function listProjectFiles(root: string, options: ProjectFilesOptions = {}): Promise<LayerFile[]> {
  const rootInfo = await lstat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw MlflowError.notFound(`Project folder ${root} does not exist`);
  const exclude = new Set([".git", ...(options.exclude ?? [])]);
  const out = new Map<string, LayerFile>();
  const useIgnoreFiles = options.useIgnoreFiles ?? true;
  const dockerignore = useIgnoreFiles ? await readFile(join(root, ".dockerignore"), "utf8").catch(() => undefined) : undefined;
  if (!useIgnoreFiles) {
    await walk(root, "", exclude, out, undefined, false, undefined);
  } else if (dockerignore !== undefined) {
    const rules = IgnoreRules.parse(dockerignore, "dockerignore");
    await walk(root, "", exclude, out, (rel, isDir) => rules.verdict(rel, isDir) === true, rules.hasNegations, undefined);
  } else {
    await walk(root, "", exclude, out, undefined, false, []);
  }
  for (const forced of options.forceInclude ?? []) {
    const clean = forced.replace(/^\.\/+/, "").replace(/\/+$/, "");
    const info = await lstat(join(root, clean)).catch(() => undefined);
    if (!info) throw MlflowError.notFound(`${join(root, clean)} does not exist`);
    const parts = clean.split("/");
    for (let i = 1; i <= parts.length; i += 1) {
      const rel = parts.slice(0, i).join("/");
      if (!out.has(rel)) out.set(rel, await describe(join(root, rel), rel));
    }
    if (info.isDirectory()) await walk(join(root, clean), clean, new Set([".git"]), out, undefined, false, undefined);
  }
  return [...out.values()].sort((a, b) => compareBytes(a.path, b.path));
}

type GitignoreStack = { readonly base: string; readonly rules: IgnoreRules }[];

async function walk(
  dir: string,
  rel: string,
  exclude: ReadonlySet<string>,
  out: Map<string, LayerFile>,
  isIgnored: ((rel: string, isDir: boolean) => boolean) | undefined,
  descendIntoIgnored: boolean,
  gitignores: GitignoreStack | undefined,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MlflowError("IO_ERROR", `Cannot read folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  let stack = gitignores;
  if (stack) {
    const text = await readFile(join(dir, ".gitignore"), "utf8").catch(() => undefined);
    if (text !== undefined) stack = [...stack, { base: rel, rules: IgnoreRules.parse(text, "gitignore") }];
  }
  for (const entry of entries) {
    const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (rel === "" ? exclude.has(entry.name) : entry.name === ".git") continue;
    const isDir = entry.isDirectory();
    if (!isDir && !entry.isFile() && !entry.isSymbolicLink()) continue;
    const ignored = isIgnored ? isIgnored(childRel, isDir) : stack ? gitignored(stack, childRel, isDir) : false;
    if (ignored && !(isDir && descendIntoIgnored)) continue;
    const absolute = join(dir, entry.name);
    if (!ignored) out.set(childRel, await describe(absolute, childRel));
    if (isDir) await walk(absolute, childRel, exclude, out, isIgnored, descendIntoIgnored, stack);
  }
}

function gitignored(stack: GitignoreStack, rel: string, isDir: boolean): boolean {
  for (let i = stack.length - 1; i >= 0; i -= 1) {
    const { base, rules } = stack[i]!;
    const local = base === "" ? rel : rel.slice(base.length + 1);
    const verdict = rules.verdict(local, isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

/** Describes one path of the file system as a layer entry at `path`. */
export async function describe(absolute: string, path: string): Promise<LayerFile> {
  const info = await lstat(absolute);
  if (info.isSymbolicLink()) return { path, kind: "symlink", mode: 0o777, size: 0, linkTarget: await readlink(absolute) };
  if (info.isDirectory()) return { path, kind: "directory", mode: 0o755, size: 0 };
  // Normalise permissions as Git does: executable or not.
  return { path, kind: "file", source: absolute, mode: info.mode & 0o111 ? 0o755 : 0o644, size: info.size };
}

/** Orders strings by their UTF-8 bytes (the order tar tools and Git use). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
