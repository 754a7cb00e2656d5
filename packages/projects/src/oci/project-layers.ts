import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { join, normalize, relative, sep } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { nodeDependencyFiles, resolveNodeDependencies } from "./node-dependencies.js";
import { type LayerFile, listProjectFiles } from "./project-files.js";

/** The folder of the image that holds the project, as MLflow lays it out. */
export const PROJECT_WORKDIR = "/mlflow/projects/code";

/** One layer to build: a name for progress lines, its history line, and its files. */
export interface LayerPlan {
  readonly name: string;
  readonly createdBy: string;
  /** Paths relative to `PROJECT_WORKDIR`. */
  readonly files: readonly LayerFile[];
}

/**
 * Plans the layers that put a project at `/mlflow/projects/code`:
 * 1. for a Node project (a package.json), its production dependency tree as an installed
 *    `node_modules` (see `resolveNodeDependencies`), in a layer of its own so it is reused
 *    while only the code changes;
 * 2. the project's files (see `listProjectFiles`), plus the TypeScript build output named
 *    by `compilerOptions.outDir` in its tsconfig.json even when an ignore file excludes it
 *    (the entry point runs the built JavaScript).
 * Throws INVALID_PARAMETER_VALUE when the project (or a workspace dependency) is not built
 * or a dependency is not installed.
 */
export async function planProjectLayers(projectDir: string, notice: (message: string) => void = () => {}): Promise<LayerPlan[]> {
  const plans: LayerPlan[] = [];
  const isNode = Boolean(await lstat(join(projectDir, "package.json")).catch(() => undefined));
  if (isNode) {
    const packages = await resolveNodeDependencies(projectDir);
    if (packages.length > 0) {
      plans.push({
        name: "dependencies",
        createdBy: `COPY ${packages.length} production node packages ${PROJECT_WORKDIR}/node_modules`,
        files: await nodeDependencyFiles(packages),
      });
    }
  }
  const outDir = await typescriptOutDir(projectDir);
  if (outDir !== undefined) {
    const [built, sources] = await Promise.all([newest(join(projectDir, outDir)), newest(projectDir, (p) => p.endsWith(".ts") && !p.endsWith(".d.ts"), outDir)]);
    if (sources > built) notice(`${outDir}/ is older than the project's TypeScript sources: the image gets the old build unless you rebuild (e.g. npm run build)`);
  }
  const files = await listProjectFiles(projectDir, {
    exclude: isNode ? ["node_modules"] : [],
    forceInclude: outDir === undefined ? [] : [outDir],
  });
  plans.push({ name: "project", createdBy: `COPY project files ${PROJECT_WORKDIR}`, files });
  return plans;
}

/** Newest modification time (ms) of the files under `dir` that `keep` accepts, skipping node_modules, .git and `skip`. */
async function newest(dir: string, keep: (path: string) => boolean = () => true, skip?: string): Promise<number> {
  let latest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const rel = relative(dir, path);
    if (rel.split(sep).some((part) => part === "node_modules" || part === ".git") || (skip && (rel === skip || rel.startsWith(`${skip}${sep}`)))) continue;
    if (!keep(rel)) continue;
    latest = Math.max(latest, (await stat(path)).mtimeMs);
  }
  return latest;
}

/** The relative `outDir` of the project's tsconfig.json, checked to exist; undefined when none. */
async function typescriptOutDir(projectDir: string): Promise<string | undefined> {
  const file = join(projectDir, "tsconfig.json");
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let config: { compilerOptions?: { outDir?: unknown } };
  try {
    config = JSON.parse(withoutJsonComments(text)) as typeof config;
  } catch (error) {
    throw MlflowError.invalidParameter(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const outDir = config.compilerOptions?.outDir;
  if (typeof outDir !== "string" || outDir === "") return undefined;
  const relative = normalize(outDir).replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  if (relative.startsWith("..") || relative.startsWith("/")) return undefined;
  const info = await lstat(join(projectDir, relative)).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw MlflowError.invalidParameter(
      `The project compiles TypeScript into ${relative}/ (outDir in ${file}), which does not exist: build it first (e.g. npx tsc -p ${projectDir})`,
    );
  }
  return relative;
}

/** JSON with `//` and `/* *\/` comments and trailing commas (tsconfig's dialect) made plain JSON. */
function withoutJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i += 1;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i += 1;
      out += "\n";
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += ch;
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}
