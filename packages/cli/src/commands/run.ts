import {
  createProjectBackendRegistry,
  ENV_MANAGERS,
  type PreparedProjectRun,
  type ProjectRunResult,
  parseKeyValueList,
  prepareProjectRun,
  projectTrackingClient,
  readBackendConfig,
  resolveTrackingTarget,
  type SubmittedRun,
  submitProjectRun,
  type TrackingTarget,
} from "@sextant/projects";
import { MlflowError } from "@sextant/protocol";
import { MlflowClient } from "@sextant/sdk";
import type { RunningServer } from "@sextant/server";
import { type Command, InvalidArgumentError } from "commander";
import { errorMessage } from "../error-message.js";
import { requireReachable } from "../require-reachable.js";
import { serveTrackingTarget } from "../serve-tracking-target.js";
import { launchRunWatcher } from "./runs.js";

/** `sextant run`'s options as commander hands them over. */
interface RunFlags {
  readonly entryPoint: string;
  readonly version?: string;
  readonly paramList?: string[];
  readonly dockerArgs?: string[];
  readonly experimentName?: string;
  readonly experimentId?: string;
  readonly backend: string;
  readonly backendConfig?: string;
  readonly envManager?: string;
  readonly storageDir?: string;
  readonly runId?: string;
  readonly runName?: string;
  /** undefined when not given: the backend decides (kubernetes builds). */
  readonly buildImage?: boolean;
  readonly detach?: boolean;
  readonly kubeContext?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

const DESCRIPTION = [
  "Run an MLflow project from a local folder or a Git URI.",
  "The run blocks until the entry point exits. Its output (stderr merged into stdout, in order) is shown and saved as the run artifact logs/stdout.txt, and the command exits with the entry point's exit code (130 after Ctrl-C, which is forwarded to the entry point and marks the run KILLED).",
  "Tracking: with MLFLOW_TRACKING_URI=http(s)://… the run goes to that server. Without it, the run goes to ./mlruns (a SQLite database and an artifact folder) through a server this command starts for the entry point; a folder, a file: URI or a sqlite:/postgresql: URI in MLFLOW_TRACKING_URI is served the same way.",
  "Unlike mlflow run, float and int parameters are validated before anything runs; path parameters must be local and are made absolute; entry points run with bash in the project folder.",
].join("\n\n");

/** Registers `sextant run`, MLflow's `mlflow run` with the same arguments. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description(DESCRIPTION)
    .argument("<uri>", "project folder, or Git URL (https://…, git@…, file://…) with an optional #subdirectory")
    .option(
      "-e, --entry-point <name>",
      "entry point of the project; if MLproject does not declare it, a script file of the project run by extension (.py python, .sh $SHELL, .js/.mjs/.cjs node, .R Rscript)",
      "main",
    )
    .option("-v, --version <version>", "branch, tag or commit to check out (Git projects only)")
    .option(
      "-P, --param-list <name=value>",
      "a parameter of the run (repeatable); parameters the entry point does not declare are passed to it as --name value",
      collect,
    )
    .option(
      "-A, --docker-args <name[=value]>",
      "a `docker run` argument (-A gpus=all) or flag (-A t), repeatable; for backends that run containers (the local backend ignores it)",
      collect,
    )
    .option("--experiment-name <name>", "experiment of the run, created if missing (default: $MLFLOW_EXPERIMENT_NAME)")
    .option("--experiment-id <id>", "id of the experiment of the run (default: $MLFLOW_EXPERIMENT_ID, else Default)")
    .option("-b, --backend <backend>", "execution backend", "local")
    .option("-c, --backend-config <file.json|json>", "backend settings: a JSON file (name ending in .json) or a JSON string")
    .option(
      "--env-manager <manager>",
      `how to provide the project's environment: ${ENV_MANAGERS.join(", ")} (only local is supported now: the command runs in the current environment)`,
    )
    .option("--storage-dir <dir>", "folder for the run's temporary files (Git checkouts, the output log); default: the OS temp folder")
    .option("--run-id <id>", "log into this existing run instead of creating one")
    .option("--run-name <name>", "name of the run")
    .option(
      "--build-image [bool]",
      "build a new image for the project (container backends); the kubernetes backend builds unless --build-image=false, which runs docker_env.image as it is",
      parseBooleanFlag,
    )
    .option("--detach", "return once the run has started (kubernetes): a background process follows the Job to its end; attach with `sextant runs wait <run_id>`")
    .option("--kube-context <name>", "kubeconfig context for the kubernetes backend (overrides kube-context in --backend-config)")
    .showHelpAfterError()
    .action(async (uri: string, flags: RunFlags) => {
      process.exitCode = await runCommand(uri, flags);
    });
}

/** Runs the project and returns the process exit code; every failure is one line on stderr. */
async function runCommand(uri: string, flags: RunFlags): Promise<number> {
  const say = (message: string) => void process.stderr.write(`${message}\n`);
  let server: RunningServer | undefined;
  let prepared: PreparedProjectRun | undefined;
  try {
    if (flags.experimentName !== undefined && flags.experimentId !== undefined) {
      throw MlflowError.invalidParameter("Specify only one of --experiment-name and --experiment-id");
    }
    const cwd = process.cwd();
    const target = resolveTrackingTarget(process.env.MLFLOW_TRACKING_URI, cwd);
    // Everything that can be checked is checked before a server starts or a run exists.
    prepared = await prepareProjectRun({
      uri,
      entryPoint: flags.entryPoint,
      parameters: parseKeyValueList(flags.paramList ?? [], "-P") as Map<string, string>,
      dockerArgs: parseKeyValueList(flags.dockerArgs ?? [], "-A", true),
      backend: flags.backend,
      backends: createProjectBackendRegistry({
        kubernetes: {
          launchWatcher: (runId) => launchRunWatcher(runId, { env: process.env, cwd, ...(flags.storageDir ? { logDir: flags.storageDir } : {}) }),
        },
      }),
      backendConfig: {
        ...(flags.backendConfig === undefined ? {} : await readBackendConfig(flags.backendConfig, cwd)),
        ...(flags.kubeContext === undefined ? {} : { "kube-context": flags.kubeContext }),
      },
      ...(flags.buildImage === undefined ? {} : { buildImage: flags.buildImage }),
      ...(flags.detach ? { detach: true } : {}),
      cwd,
      log: say,
      ...defined({ version: flags.version, envManager: flags.envManager, storageDir: flags.storageDir }),
    });
    const served = await serveTrackingTarget(target);
    server = served.server;
    const { trackingUri } = served;
    if (target.kind === "embedded") say(`Tracking to ${target.folder} (served to the entry point at ${trackingUri})`);
    else await requireReachable(trackingUri);
    const submitting = prepared;
    prepared = undefined; // submitProjectRun owns the checkout from here on
    const submitted = await submitProjectRun(submitting, {
      tracking: projectTrackingClient(new MlflowClient({ trackingUri })),
      trackingUri,
      log: say,
      ...defined({
        experimentName: flags.experimentName,
        experimentId: flags.experimentId,
        runId: flags.runId,
        runName: flags.runName,
      }),
    });
    const result = await waitWithSignals(submitted);
    say(outcomeLine(result));
    say(whereToLook(target, trackingUri, submitted));
    return result.exitCode;
  } catch (error) {
    say(`Error: ${errorMessage(error)}`);
    return 1;
  } finally {
    await prepared?.discard();
    await server?.close().catch(() => {});
  }
}

/** The entries of `values` that are set. */
function defined<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}

/** Signals that cancel the run (forwarded to the entry point): Ctrl-C, kill, a closed terminal. */
const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Waits for the run; a cancel signal stops it, a second one kills it at once. */
async function waitWithSignals(submitted: SubmittedRun): Promise<ProjectRunResult> {
  const onSignal = (signal: NodeJS.Signals) => void submitted.cancel(signal);
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal);
  try {
    return await submitted.wait();
  } finally {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onSignal);
  }
}

/** `--build-image` alone is true; `--build-image=false` (or no, 0) is false. */
function parseBooleanFlag(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (["true", "yes", "1"].includes(lower)) return true;
  if (["false", "no", "0"].includes(lower)) return false;
  throw new InvalidArgumentError(`--build-image takes true or false, got '${value}' (write --build-image=false, or put a bare --build-image after the project URI)`);
}

function outcomeLine(result: ProjectRunResult): string {
  switch (result.status) {
    case "FINISHED":
      return `=== Run (ID '${result.runId}') succeeded ===`;
    case "KILLED":
      return `=== Run (ID '${result.runId}') was cancelled and marked KILLED ===`;
    case "SCHEDULED":
    case "RUNNING":
      return `=== Run (ID '${result.runId}') goes on in the background (${result.status}); follow it with \`sextant runs wait ${result.runId}\` ===`;
    default:
      return `=== Run (ID '${result.runId}') ${result.status === "FAILED" ? "failed" : `ended ${result.status}`} with exit code ${result.exitCode} ===`;
  }
}

function whereToLook(target: TrackingTarget, trackingUri: string, run: SubmittedRun): string {
  const path = `experiments/${run.experimentId}/runs/${run.runId}`;
  if (target.kind === "server") return `View the run at ${trackingUri.replace(/\/+$/, "")}/${path}`;
  const serve = target.isDefault
    ? `run \`sextant ui\` in ${process.cwd()}`
    : `run \`sextant server --backend-store-uri ${target.backendStoreUri} --artifacts-destination ${target.artifactsDestination}\``;
  return `View the run: ${serve}, then open http://127.0.0.1:5000/${path}`;
}
