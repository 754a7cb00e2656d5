import { stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import type { EntryPoint, Project } from "./project-spec.js";
import { shellQuote } from "./shell-quote.js";

/** How a script entry point is run, by file extension. */
const SCRIPT_RUNNERS: Readonly<Record<string, (file: string, shell: string) => string>> = {
  ".py": (file) => `python ${file}`,
  ".sh": (file, shell) => `${shell} ${file}`,
  ".js": (file) => `node ${file}`,
  ".mjs": (file) => `node ${file}`,
  ".cjs": (file) => `node ${file}`,
  ".R": (file) => `Rscript -e "mlflow::mlflow_source('${file}')" --args`,
};

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

/** Options of `resolveEntryPoint`. */
export interface ResolveEntryPointOptions {
  /** Shell that runs `.sh` scripts; MLflow uses `$SHELL`, falling back to bash. */
  readonly shell?: string;
}

/**
 * The entry point `name` of a project in folder `dir`: the one MLproject declares, or else,
 * as MLflow does, a script file of the project run by extension (`.py` with python, `.sh`
 * with the shell, `.R` with Rscript; and, for TypeScript projects, `.js`/`.mjs`/`.cjs` with
 * node). A script entry point declares no parameters, so every `-P` becomes `--name value`.
 * `.ts` files are refused with advice: Node 20 cannot run them without a build step.
 * Throws INVALID_PARAMETER_VALUE when `name` is neither, or the script file does not exist.
 */
export async function resolveEntryPoint(
  project: Project,
  dir: string,
  name: string,
  options: ResolveEntryPointOptions = {},
): Promise<EntryPoint> {
  const declared = project.entryPoints.get(name);
  if (declared) return declared;
  const known = [...project.entryPoints.keys()];
  const knownText = known.length === 0 ? "(the project declares none)" : known.join(", ");
  const extension = extname(name);
  if (TYPESCRIPT.has(extension)) {
    throw MlflowError.invalidParameter(
      `Entry point ${name} is a TypeScript file, which Node cannot run directly: compile it and use the .js file, or declare an entry point in MLproject whose command runs the compiled script (declared entry points: ${knownText})`,
    );
  }
  const runner = SCRIPT_RUNNERS[extension];
  if (!runner) {
    throw MlflowError.invalidParameter(
      `Could not find entry point ${name} among the declared entry points (${knownText}) or run it as a script: supported script extensions are ${Object.keys(SCRIPT_RUNNERS).join(", ")}`,
    );
  }
  const info = await stat(join(dir, name)).catch(() => undefined);
  if (!info?.isFile()) {
    throw MlflowError.invalidParameter(
      `Entry point ${name} is not declared (declared entry points: ${knownText}) and there is no script file ${name} in ${dir}`,
    );
  }
  return { name, parameters: [], command: runner(shellQuote(name), options.shell ?? "bash") };
}
