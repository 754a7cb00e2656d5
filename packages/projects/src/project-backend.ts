import type { Writable } from "node:stream";
import type { RunStatus } from "@sextant/protocol";
import type { ComputedParameters } from "./compute-parameters.js";
import type { FetchedProject } from "./fetch-project.js";
import type { ProjectTrackingClient } from "./project-tracking-client.js";
import type { EntryPoint, Project } from "./project-spec.js";
import type { GitContext } from "./read-git-context.js";

/** Everything a backend needs to run one entry point of a fetched, validated project. */
export interface ProjectRunSpec {
  readonly fetched: FetchedProject;
  readonly project: Project;
  readonly git: GitContext;
  readonly entryPoint: EntryPoint;
  readonly parameters: ComputedParameters;
  /** The shell command, templated and quoted (see `entryPointCommand`). */
  readonly command: string;
  readonly experimentId: string;
  /** Resume this existing run instead of creating one (`--run-id`). */
  readonly runId?: string;
  readonly runName?: string;
  /** `--backend-config`, parsed; each backend documents its keys. */
  readonly backendConfig: Readonly<Record<string, unknown>>;
  /** `--docker-args`: `docker run` options for backends that run containers. */
  readonly dockerArgs: ReadonlyMap<string, string | true>;
  readonly envManager: string;
  /** `--storage-dir`: parent folder of per-run temporary files. */
  readonly storageDir?: string;
  /** `--build-image` for backends that build images; undefined: the backend's default (kubernetes builds). */
  readonly buildImage?: boolean;
  /** `--detach`: return once the run has started, a background watcher following it (kubernetes). */
  readonly detach?: boolean;
  readonly tracking: ProjectTrackingClient;
  /** The tracking URI the entry point's process logs to (MLFLOW_TRACKING_URI). */
  readonly trackingUri: string;
  /** `mlflow.user` of a new run. */
  readonly user: string;
  /** Base environment of the entry point's process (MLFLOW_* variables are added). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the entry point's output is echoed (besides being saved). */
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Progress and notices for the person running the project, one line each. */
  readonly log: (message: string) => void;
}

/** How a project run ended. */
export interface ProjectRunResult {
  readonly runId: string;
  /** The run's final status on the tracking server. */
  readonly status: RunStatus;
  /** Exit code for the CLI: the entry point's, or 128 + signal number when cancelled. */
  readonly exitCode: number;
}

/** A project run a backend has started. */
export interface SubmittedRun {
  readonly runId: string;
  readonly experimentId: string;
  /** RUNNING until the run ends, then its final status. */
  readonly status: RunStatus;
  /** Resolves once the run has ended and its status has been recorded; never rejects. */
  wait(): Promise<ProjectRunResult>;
  /** Stops the run (forwarding `signal` to it) and resolves once it is recorded as KILLED. */
  cancel(signal?: NodeJS.Signals): Promise<ProjectRunResult>;
}

/** The run settings a backend checks before anything runs (a subset of ProjectRunSpec). */
export type ProjectBackendSettings = Pick<ProjectRunSpec, "project" | "backendConfig" | "dockerArgs" | "envManager" | "buildImage" | "detach">;

/** A way of executing project runs (`local`, later `kubernetes`), registered by name. */
export interface ProjectBackend {
  readonly name: string;
  /**
   * Checks the settings (backend config keys, env manager, …) before a project is run, so
   * mistakes surface before a server is started or a run created. Throws
   * INVALID_PARAMETER_VALUE naming the setting. `submit` checks them again.
   */
  checkSettings(settings: ProjectBackendSettings): void;
  /**
   * Validates `spec` for this backend, creates (or resumes) the run and starts it.
   * Throws INVALID_PARAMETER_VALUE for settings the backend cannot honour, before a run is
   * created; rejects with the tracking server's error when the run cannot be created.
   */
  submit(spec: ProjectRunSpec): Promise<SubmittedRun>;
}
