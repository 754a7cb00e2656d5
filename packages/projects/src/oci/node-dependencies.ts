import { lstat, readFile, realpath } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { globToRegex, IgnoreRules } from "./ignore-rules.js";
import { compareBytes, describe, type LayerFile, listProjectFiles } from "./project-files.js";

/** One installed package of a project's production dependency tree. */
export interface NodePackage {
  readonly name: string;
  readonly version: string;
  /** Real folder on this machine (workspace links resolved). */
  readonly source: string;
  /** Where it goes in the image, relative to the project folder: `node_modules/<name>` or nested. */
  readonly installPath: string;
}

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly main?: string;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  const file = join(dir, "package.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as PackageJson;
  } catch (error) {
    throw MlflowError.invalidParameter(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Finds `name` the way Node does from `fromDir`: `node_modules/<name>` in it and each parent. */
async function locate(name: string, fromDir: string): Promise<string | undefined> {
  let dir = fromDir;
  for (;;) {
    if (!dir.endsWith(`${sep}node_modules`)) {
      const candidate = join(dir, "node_modules", name);
      const info = await lstat(join(candidate, "package.json")).catch(() => undefined);
      if (info) return realpath(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Resolves the production dependency tree of the Node package in `projectDir`
 * (`dependencies`, `optionalDependencies` and installed peers, recursively) from the
 * `node_modules` folders Node would search, following workspace links, and lays it out as
 * an installed `node_modules` tree: each package at the top level unless another version
 * already sits there, then nested under the package that needs it. Returns [] when the
 * folder has no package.json. Throws INVALID_PARAMETER_VALUE when a required dependency is
 * not installed (run `npm install`) or a package.json cannot be read.
 */
export async function resolveNodeDependencies(projectDir: string): Promise<NodePackage[]> {
  const hasManifest = await lstat(join(projectDir, "package.json")).catch(() => undefined);
  if (!hasManifest) return [];
  const placed = new Map<string, NodePackage>();
  const queue: { readonly fromReal: string; readonly fromInstall: string; readonly manifest: PackageJson; readonly who: string }[] = [];
  const root = await readPackageJson(projectDir);
  queue.push({ fromReal: await realpath(projectDir), fromInstall: "", manifest: root, who: root.name ?? projectDir });
  while (queue.length > 0) {
    const { fromReal, fromInstall, manifest, who } = queue.shift()!;
    const wanted: [string, boolean][] = [
      ...Object.keys(manifest.dependencies ?? {}).map((n) => [n, true] as [string, boolean]),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((n) => [n, false] as [string, boolean]),
      ...Object.keys(manifest.peerDependencies ?? {}).map((n) => [n, false] as [string, boolean]),
    ];
    for (const [name, required] of wanted) {
      const real = await locate(name, fromReal);
      if (!real) {
        if (required) throw MlflowError.invalidParameter(`${who} depends on ${name}, which is not installed near ${fromReal}: run npm install first`);
        continue;
      }
      const seen = virtualLookup(placed, fromInstall, name);
      if (seen?.source === real) continue;
      const top = `node_modules/${name}`;
      const installPath = !seen && !placed.has(top) ? top : `${fromInstall === "" ? "" : `${fromInstall}/`}node_modules/${name}`;
      if (placed.has(installPath)) continue;
      const manifestOfDep = await readPackageJson(real);
      placed.set(installPath, { name, version: manifestOfDep.version ?? "0.0.0", source: real, installPath });
      queue.push({ fromReal: real, fromInstall: installPath, manifest: manifestOfDep, who: name });
    }
  }
  return [...placed.values()].sort((a, b) => compareBytes(a.installPath, b.installPath));
}

/** What Node would find for `name` from a package installed at `installPath` in the tree built so far. */
function virtualLookup(placed: ReadonlyMap<string, NodePackage>, installPath: string, name: string): NodePackage | undefined {
  const parts = installPath === "" ? [] : installPath.split("/");
  for (let i = parts.length; i >= 0; i -= 1) {
    const dir = parts.slice(0, i);
    if (dir[dir.length - 1] === "node_modules") continue;
    const candidate = [...dir, "node_modules", name].join("/");
    const found = placed.get(candidate);
    if (found) return found;
  }
  return undefined;
}

/**
 * The files of the packages in `packages`, placed at their install paths. A package from a
 * registry (inside some `node_modules`) contributes all its files except its own
 * `node_modules`; a workspace package (linked from elsewhere) contributes what `npm pack`
 * would: package.json, README/LICENSE and its `files` list, or every file its ignore files
 * leave when it has no `files` list. Throws INVALID_PARAMETER_VALUE when a workspace package
 * is not built (its `main` or a `files` entry is missing).
 */
export async function nodeDependencyFiles(packages: readonly NodePackage[]): Promise<LayerFile[]> {
  const out = new Map<string, LayerFile>();
  for (const pkg of packages) {
    const fromRegistry = pkg.source.split(sep).includes("node_modules");
    let files: LayerFile[];
    if (fromRegistry) {
      files = await listAll(pkg.source);
    } else {
      files = await workspacePackageFiles(pkg);
    }
    for (const file of files) {
      const path = file.path === "" ? pkg.installPath : `${pkg.installPath}/${file.path}`;
      out.set(path, { ...file, path });
    }
  }
  return [...out.values()].sort((a, b) => compareBytes(a.path, b.path));
}

function listAll(dir: string): Promise<LayerFile[]> {
  // A published package holds exactly what it needs: everything but its own node_modules.
  return listProjectFiles(dir, { exclude: ["node_modules"], useIgnoreFiles: false });
}

async function workspacePackageFiles(pkg: NodePackage): Promise<LayerFile[]> {
  const manifest = await readPackageJson(pkg.source);
  const where = relative(process.cwd(), pkg.source) || pkg.source;
  if (manifest.main) {
    const main = join(pkg.source, manifest.main);
    if (!(await lstat(main).catch(() => undefined))) {
      throw MlflowError.invalidParameter(`Package ${pkg.name} (${where}) is not built: ${manifest.main} is missing; run npm run build first`);
    }
  }
  if (!manifest.files) {
    const npmignore = await readFile(join(pkg.source, ".npmignore"), "utf8").catch(() => undefined);
    const all = await listProjectFiles(pkg.source, { exclude: ["node_modules"] });
    if (npmignore === undefined) return all;
    const rules = IgnoreRules.parse(npmignore, "gitignore");
    return all.filter((f) => rules.verdict(f.path, f.kind === "directory") !== true);
  }
  const out = new Map<string, LayerFile>();
  const always = ["package.json", "README.md", "README", "LICENSE", "LICENSE.md", "LICENCE"];
  for (const name of always) {
    const info = await lstat(join(pkg.source, name)).catch(() => undefined);
    if (info?.isFile()) out.set(name, await describe(join(pkg.source, name), name));
  }
  let everything: LayerFile[] | undefined;
  for (const entry of manifest.files) {
    const clean = entry.replace(/^\.\/+/, "").replace(/\/+$/, "");
    if (/[*?[]/.test(clean)) {
      everything ??= await listAll(pkg.source);
      const pattern = new RegExp(`^${globToRegex(clean)}(?:/.*)?$`);
      for (const file of everything) if (pattern.test(file.path)) out.set(file.path, file);
      continue;
    }
    const info = await lstat(join(pkg.source, clean)).catch(() => undefined);
    if (!info) throw MlflowError.invalidParameter(`Package ${pkg.name} (${where}) is not built: ${clean} (from its "files") is missing; run npm run build first`);
    if (info.isDirectory()) {
      for (const file of await listProjectFiles(join(pkg.source, clean), { exclude: ["node_modules"] })) {
        out.set(`${clean}/${file.path}`, { ...file, path: `${clean}/${file.path}` });
      }
    }
    out.set(clean, await describe(join(pkg.source, clean), clean));
  }
  return [...out.values()];
}
