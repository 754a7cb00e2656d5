import { mkdir } from "node:fs/promises";
import { MlflowError } from "@sextant/protocol";
import { LocalSubmittedRun } from "./local-submitted-run.js";
import { OutputLog } from "./output-log.js";
import type { ProjectBackend, ProjectBackendSettings, ProjectRunSpec, SubmittedRun } from "./project-backend.js";
import { startProjectRun } from "./start-project-run.js";

/** Options of the local backend. */
export interface LocalBackendOptions {
  /** How long a cancelled entry point may take to exit before it is killed (default 10 s). */
  readonly killGraceMs?: number;
}

/**
 * The `local` backend: runs the entry point command with bash in the project folder on this
 * machine, in the current environment (`--env-manager local`; a declared docker_env,
 * python_env or conda_env is not created, which is said in a notice), with MLFLOW_RUN_ID,
 * MLFLOW_TRACKING_URI and MLFLOW_EXPERIMENT_ID set. It takes no `--backend-config` keys;
 * `--docker-args` and `--build-image` are for backends that run containers and are ignored
 * with a notice. Throws INVALID_PARAMETER_VALUE for another env manager or config keys,
 * before any run is created.
 */
export class LocalBackend implements ProjectBackend {
  readonly name = "local";
  readonly #options: LocalBackendOptions;

  constructor(options: LocalBackendOptions = {}) {
    this.#options = options;
  }

  checkSettings(settings: ProjectBackendSettings): void {
    if (settings.envManager !== "local") {
      throw MlflowError.invalidParameter(
        `The local backend supports --env-manager local only (the command runs in the current environment), got '${settings.envManager}'`,
      );
    }
    if (settings.detach) {
      throw MlflowError.invalidParameter("--detach needs a backend that runs the project elsewhere (kubernetes); the local backend runs it in this process");
    }
    const keys = Object.keys(settings.backendConfig);
    if (keys.length > 0) {
      throw MlflowError.invalidParameter(`The local backend takes no --backend-config settings, got: ${keys.join(", ")}`);
    }
  }

  async submit(spec: ProjectRunSpec): Promise<SubmittedRun> {
    this.checkSettings(spec);
    if (spec.dockerArgs.size > 0) spec.log("Note: --docker-args is ignored by the local backend (it does not run containers)");
    if (spec.buildImage) spec.log("Note: --build-image is ignored by the local backend (it does not build images)");
    const { env } = spec.project;
    if (env.type === "docker") {
      spec.log(`Note: docker_env image ${env.image} is used by container backends; the local backend runs the command on this machine`);
    } else if (env.type === "python" || env.type === "conda") {
      spec.log(`Note: ${env.type}_env ${env.file} is not created; the command runs in the current environment (--env-manager local)`);
    }
    if (spec.storageDir !== undefined) await mkdir(spec.storageDir, { recursive: true });
    const output = await OutputLog.create(spec.storageDir);
    let runId: string;
    try {
      runId = (await startProjectRun(spec, this.name, "local")).run_id;
    } catch (error) {
      await output.remove();
      throw error;
    }
    spec.log(`=== Running command '${spec.command}' in run with ID '${runId}' ===`);
    return LocalSubmittedRun.start({
      runId,
      experimentId: spec.experimentId,
      command: spec.command,
      cwd: spec.fetched.workDir,
      env: {
        ...spec.env,
        MLFLOW_RUN_ID: runId,
        MLFLOW_TRACKING_URI: spec.trackingUri,
        MLFLOW_EXPERIMENT_ID: spec.experimentId,
      },
      tracking: spec.tracking,
      output,
      stdout: spec.stdout,
      stderr: spec.stderr,
      log: spec.log,
      ...(this.#options.killGraceMs === undefined ? {} : { killGraceMs: this.#options.killGraceMs }),
    });
  }
}
