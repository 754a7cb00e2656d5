import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { type ProjectUri, parseProjectUri } from "./parse-project-uri.js";
import { runGit } from "./run-git.js";

/** A project made available in a local folder. */
export interface FetchedProject {
  readonly uri: ProjectUri;
  /** Folder that holds MLproject (the subdirectory of the checkout or local folder). */
  readonly workDir: string;
  /** The `--version` checked out, for Git projects. */
  readonly version?: string;
  /** True when `version` names a branch of the remote (MLflow then tags the branch). */
  readonly versionIsBranch: boolean;
  /** Removes the temporary checkout of a Git project; does nothing for local folders. */
  cleanup(): Promise<void>;
}

/** Options of `fetchProject`. */
export interface FetchProjectOptions {
  /** Branch, tag or commit to check out (Git projects only). */
  readonly version?: string;
  /** Folder relative local URIs are resolved against. */
  readonly cwd: string;
  /** Parent folder of temporary checkouts (default: the OS temp folder). */
  readonly tmpDir?: string;
  /** Progress messages ("Cloning …"). */
  readonly log?: (message: string) => void;
}

/**
 * Makes the project at `rawUri` available locally: a local folder is used in place (as in
 * MLflow, local projects run from their own folder); a Git URL is cloned with the git CLI
 * into a fresh temporary folder, `version` (branch, tag or commit) checked out and submodules
 * initialised. Throws INVALID_PARAMETER_VALUE for a bad URI, a `version` with a local
 * folder, a failed clone or checkout (with git's message); RESOURCE_DOES_NOT_EXIST when the
 * folder or its `#subdirectory` does not exist.
 */
export async function fetchProject(rawUri: string, options: FetchProjectOptions): Promise<FetchedProject> {
  const uri = parseProjectUri(rawUri);
  if (uri.kind === "local") {
    if (options.version !== undefined) {
      throw MlflowError.invalidParameter(`--version is only supported for Git project URIs; ${uri.location} is a local folder`);
    }
    const workDir = resolve(options.cwd, uri.location, uri.subdirectory);
    await requireFolder(workDir, uri);
    return { uri, workDir: await realpath(workDir), versionIsBranch: false, cleanup: async () => {} };
  }

  const cloneDir = await mkdtemp(join(options.tmpDir ?? tmpdir(), "sextant-project-"));
  const cleanup = () => rm(cloneDir, { recursive: true, force: true });
  try {
    options.log?.(`Fetching project from ${uri.uri} into ${cloneDir}`);
    const shallow = options.version === undefined ? ["--depth", "1"] : ["--no-checkout"];
    const clone = await runGit(["clone", "--quiet", ...shallow, "--", uri.location, cloneDir], options.cwd);
    if (!clone.ok) throw MlflowError.invalidParameter(`Could not clone Git project ${uri.location}: ${clone.stderr}`);
    let versionIsBranch = false;
    if (options.version !== undefined) {
      const checkout = await runGit(["checkout", "--quiet", options.version, "--"], cloneDir);
      if (!checkout.ok) {
        throw MlflowError.invalidParameter(
          `Unable to check out version '${options.version}' of Git project ${uri.location}: make sure the branch, tag or commit exists (git: ${checkout.stderr})`,
        );
      }
      const branch = await runGit(["rev-parse", "--verify", "--quiet", `refs/remotes/origin/${options.version}`], cloneDir);
      versionIsBranch = branch.ok;
    }
    if (await stat(join(cloneDir, ".gitmodules")).catch(() => undefined)) {
      const submodules = await runGit(["submodule", "update", "--init", "--recursive", "--quiet"], cloneDir);
      if (!submodules.ok) throw MlflowError.invalidParameter(`Could not fetch the submodules of ${uri.location}: ${submodules.stderr}`);
    }
    const workDir = join(cloneDir, uri.subdirectory);
    await requireFolder(workDir, uri);
    return {
      uri,
      workDir,
      ...(options.version === undefined ? {} : { version: options.version }),
      versionIsBranch,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function requireFolder(dir: string, uri: ProjectUri): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info?.isDirectory()) return;
  if (uri.subdirectory === "") throw MlflowError.notFound(`Project folder ${dir} does not exist`);
  throw MlflowError.notFound(`Subdirectory '${uri.subdirectory}' of project ${uri.location} does not exist (no folder ${dir})`);
}
