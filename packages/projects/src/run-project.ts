import type { Writable } from "node:stream";
import { MlflowError } from "@sextant/protocol";
import { computeParameters } from "./compute-parameters.js";
import { currentUser } from "./current-user.js";
import { entryPointCommand } from "./entry-point-command.js";
import { fetchProject } from "./fetch-project.js";
import { loadProject } from "./load-project.js";
import type { ProjectRunResult, SubmittedRun } from "./project-backend.js";
import type { ProjectBackendRegistry } from "./project-backend-registry.js";
import type { ProjectTrackingClient } from "./project-tracking-client.js";
import { readGitContext } from "./read-git-context.js";
import { resolveEntryPoint } from "./resolve-entry-point.js";
import { resolveExperimentId } from "./resolve-experiment-id.js";

/** Environment managers MLflow knows; which ones work depends on the backend. */
export const ENV_MANAGERS = ["local", "virtualenv", "uv", "conda"] as const;

/** A project run request: `sextant run`'s arguments and where to track. */
export interface RunProjectOptions {
  /** Local folder or Git URL, optionally with `#subdirectory`. */
  readonly uri: string;
  /** Default "main". */
  readonly entryPoint?: string;
  /** Branch, tag or commit of a Git project. */
  readonly version?: string;
  readonly parameters?: ReadonlyMap<string, string>;
  readonly dockerArgs?: ReadonlyMap<string, string | true>;
  readonly experimentName?: string;
  readonly experimentId?: string;
  /** Default "local". */
  readonly backend?: string;
  readonly backendConfig?: Readonly<Record<string, unknown>>;
  /** Default "local". */
  readonly envManager?: string;
  readonly storageDir?: string;
  readonly runId?: string;
  readonly runName?: string;
  readonly buildImage?: boolean;
  readonly backends: ProjectBackendRegistry;
  readonly tracking: ProjectTrackingClient;
  readonly trackingUri: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Default `process.env`; also the base environment of the entry point. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Default: write the line to stderr. */
  readonly log?: (message: string) => void;
}

/**
 * Runs an MLflow project the way `mlflow run` does, validating everything it can before a
 * run exists: the backend and env manager names, the project URI (fetching Git projects),
 * the MLproject file, the entry point, and every parameter value (types checked, paths
 * resolved); then it resolves the experiment (or the run to resume) and submits the run to
 * the backend. `wait()` on the result also removes a temporary Git checkout.
 * Throws INVALID_PARAMETER_VALUE or RESOURCE_DOES_NOT_EXIST (see the functions named), or
 * the tracking server's error.
 */
export async function runProject(options: RunProjectOptions): Promise<SubmittedRun> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const log = options.log ?? ((message: string) => stderr.write(`${message}\n`));
  const backend = options.backends.get(options.backend ?? "local");
  const envManager = options.envManager ?? "local";
  if (!(ENV_MANAGERS as readonly string[]).includes(envManager)) {
    throw MlflowError.invalidParameter(`Unknown --env-manager '${envManager}'. Known: ${ENV_MANAGERS.join(", ")}`);
  }

  const fetched = await fetchProject(options.uri, {
    cwd,
    log,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.storageDir === undefined ? {} : { tmpDir: options.storageDir }),
  });
  try {
    const project = await loadProject(fetched.workDir);
    const entryPoint = await resolveEntryPoint(project, fetched.workDir, options.entryPoint ?? "main", {
      ...(env.SHELL ? { shell: env.SHELL } : {}),
    });
    const parameters = await computeParameters(entryPoint, options.parameters ?? new Map(), { cwd, projectDir: fetched.workDir });
    const command = entryPointCommand(entryPoint, parameters);
    const git = await readGitContext(fetched.workDir);
    const { tracking } = options;
    const flags = { experimentName: options.experimentName, experimentId: options.experimentId };
    const chosen = flags.experimentName !== undefined || flags.experimentId !== undefined;
    const experimentId =
      options.runId !== undefined && !chosen
        ? (await tracking.getRun(options.runId)).info.experiment_id
        : await resolveExperimentId(tracking, { ...definedOnly(flags), env });
    const submitted = await backend.submit({
      fetched,
      project,
      git,
      entryPoint,
      parameters,
      command,
      experimentId,
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      backendConfig: options.backendConfig ?? {},
      dockerArgs: options.dockerArgs ?? new Map(),
      envManager,
      ...(options.storageDir === undefined ? {} : { storageDir: options.storageDir }),
      buildImage: options.buildImage ?? false,
      tracking,
      trackingUri: options.trackingUri,
      user: currentUser(env),
      env,
      stdout: options.stdout ?? process.stdout,
      stderr,
      log,
    });
    return withCleanup(submitted, fetched.cleanup);
  } catch (error) {
    await fetched.cleanup();
    throw error;
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}

/** `run`, whose wait() and cancel() also run `cleanup` once the run has ended. */
function withCleanup(run: SubmittedRun, cleanup: () => Promise<void>): SubmittedRun {
  let cleaned: Promise<ProjectRunResult> | undefined;
  const after = (result: Promise<ProjectRunResult>) => {
    cleaned ??= result.then(async (outcome) => {
      await cleanup().catch(() => {});
      return outcome;
    });
    return cleaned;
  };
  return {
    runId: run.runId,
    experimentId: run.experimentId,
    get status() {
      return run.status;
    },
    wait: () => after(run.wait()),
    cancel: (signal) => {
      void run.cancel(signal);
      return after(run.wait());
    },
  };
}
