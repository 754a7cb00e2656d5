import { mkdir } from "node:fs/promises";
import { MlflowError } from "@sextant/protocol";
import { computeParameters } from "./compute-parameters.js";
import { entryPointCommand } from "./entry-point-command.js";
import { fetchProject } from "./fetch-project.js";
import { loadProject } from "./load-project.js";
import type { ProjectBackend, ProjectRunSpec } from "./project-backend.js";
import type { ProjectBackendRegistry } from "./project-backend-registry.js";
import { readGitContext } from "./read-git-context.js";
import { resolveEntryPoint } from "./resolve-entry-point.js";

/** Environment managers MLflow knows; which ones work depends on the backend. */
export const ENV_MANAGERS = ["local", "virtualenv", "uv", "conda"] as const;

/** What to run and how: `sextant run`'s arguments that need no tracking server. */
export interface PrepareProjectRunOptions {
  /** Local folder or Git URL, optionally with `#subdirectory`. */
  readonly uri: string;
  /** Default "main". */
  readonly entryPoint?: string;
  /** Branch, tag or commit of a Git project. */
  readonly version?: string;
  readonly parameters?: ReadonlyMap<string, string>;
  /** Default "local". */
  readonly backend?: string;
  readonly backends: ProjectBackendRegistry;
  readonly backendConfig?: Readonly<Record<string, unknown>>;
  readonly dockerArgs?: ReadonlyMap<string, string | true>;
  /** Default "local". */
  readonly envManager?: string;
  readonly buildImage?: boolean;
  /** `--detach`: leave the run to a background watcher once it has started (kubernetes). */
  readonly detach?: boolean;
  /** Parent folder of temporary Git checkouts and output logs. */
  readonly storageDir?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Default `process.env` (its SHELL runs `.sh` entry points). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: (message: string) => void;
}

/**
 * A project fetched and validated, ready to submit: the part of its ProjectRunSpec that does not
 * depend on the tracking server, and its backend. `discard()` it if it is not submitted.
 */
export interface PreparedProjectRun extends Pick<ProjectRunSpec, PreparedField> {
  readonly backend: ProjectBackend;
  /** Removes a temporary Git checkout. */
  discard(): Promise<void>;
}

type PreparedField =
  | "fetched"
  | "project"
  | "git"
  | "entryPoint"
  | "parameters"
  | "command"
  | "backendConfig"
  | "dockerArgs"
  | "envManager"
  | "buildImage"
  | "detach"
  | "storageDir";

/**
 * Does everything `mlflow run` can check before a tracking server is involved: the backend
 * name and its settings, the env manager, the project URI (cloning Git projects), the
 * MLproject file, the entry point, every parameter value (float/int checked, paths
 * resolved) and the command template. Nothing runs and no run is created.
 * Throws INVALID_PARAMETER_VALUE or RESOURCE_DOES_NOT_EXIST naming what is wrong.
 */
export async function prepareProjectRun(options: PrepareProjectRunOptions): Promise<PreparedProjectRun> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const backend = options.backends.get(options.backend ?? "local");
  const envManager = options.envManager ?? "local";
  if (!(ENV_MANAGERS as readonly string[]).includes(envManager)) {
    throw MlflowError.invalidParameter(`Unknown --env-manager '${envManager}'. Known: ${ENV_MANAGERS.join(", ")}`);
  }
  const backendConfig = options.backendConfig ?? {};
  const dockerArgs = options.dockerArgs ?? new Map<string, string | true>();
  const buildImage = options.buildImage;
  const detach = options.detach ?? false;

  // MLflow creates --storage-dir when it does not exist.
  if (options.storageDir !== undefined) await mkdir(options.storageDir, { recursive: true });
  const fetched = await fetchProject(options.uri, {
    cwd,
    ...(options.log ? { log: options.log } : {}),
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.storageDir === undefined ? {} : { tmpDir: options.storageDir }),
  });
  try {
    const project = await loadProject(fetched.workDir);
    backend.checkSettings({ project, backendConfig, dockerArgs, envManager, buildImage, detach });
    const entryPoint = await resolveEntryPoint(project, fetched.workDir, options.entryPoint ?? "main", {
      ...(env.SHELL ? { shell: env.SHELL } : {}),
    });
    const parameters = await computeParameters(entryPoint, options.parameters ?? new Map(), { cwd, projectDir: fetched.workDir });
    const command = entryPointCommand(entryPoint, parameters);
    return {
      backend,
      fetched,
      project,
      git: await readGitContext(fetched.workDir),
      entryPoint,
      parameters,
      command,
      backendConfig,
      dockerArgs,
      envManager,
      ...(buildImage === undefined ? {} : { buildImage }),
      ...(detach ? { detach } : {}),
      ...(options.storageDir === undefined ? {} : { storageDir: options.storageDir }),
      discard: fetched.cleanup,
    };
  } catch (error) {
    await fetched.cleanup();
    throw error;
  }
}
