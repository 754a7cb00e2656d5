import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { parseMlproject } from "./parse-mlproject.js";
import type { Project } from "./project-spec.js";

/**
 * Loads the project in folder `dir`: its MLproject file (any letter case, as MLflow finds
 * it), or an empty project whose entry points are script files when there is none. A
 * `python_env`/`conda_env` file named by MLproject must exist in the folder.
 * Throws RESOURCE_DOES_NOT_EXIST when `dir` does not exist, INVALID_PARAMETER_VALUE when it
 * is not a folder or the MLproject file is invalid (see `parseMlproject`).
 */
export async function loadProject(dir: string): Promise<Project> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw MlflowError.notFound(`Project folder ${dir} does not exist`);
  if (!info.isDirectory()) throw MlflowError.invalidParameter(`Project URI ${dir} is not a folder`);
  const fileName = (await readdir(dir)).find((name) => name.toLowerCase() === "mlproject");
  if (fileName === undefined) return { env: { type: "none" }, entryPoints: new Map() };
  const file = join(dir, fileName);
  const project = parseMlproject(await readFile(file, "utf8"), file);
  if (project.env.type === "python" || project.env.type === "conda") {
    const envPath = join(dir, project.env.file);
    const envInfo = await stat(envPath).catch(() => undefined);
    if (!envInfo?.isFile()) {
      const key = project.env.type === "python" ? "python_env" : "conda_env";
      throw MlflowError.invalidParameter(`Invalid MLproject file ${file}: ${key} names ${project.env.file}, but ${envPath} does not exist`);
    }
  }
  return project;
}
