import cluster from "node:cluster";
import { type RunningServer, redactUri, type StartServerOptions, startServer } from "@sextant/server";
import { type Command, Option } from "commander";
import { parseWorkers } from "../cluster/parse-workers.js";
import { errorMessage } from "../error-message.js";
import { parsePort } from "../parse-port.js";
import { serveTrackingWithWorkers, serveTrackingWorker } from "./server/serve-tracking-workers.js";

/** MLflow's default SQLite store, relative to the working directory. */
export const DEFAULT_BACKEND_STORE_URI = "sqlite:///mlruns/mlflow.db";

/** `sextant server`'s flags as commander hands them over. */
interface ServerFlags {
  readonly backendStoreUri: string;
  readonly defaultArtifactRoot?: string;
  readonly serveArtifacts: boolean;
  readonly artifactsDestination: string;
  readonly artifactsOnly?: boolean;
  readonly host: string;
  readonly port: number;
  readonly workers: number;
}

interface OptionSpec {
  readonly flags: string;
  readonly help: string;
  readonly env?: string;
  readonly defaultValue?: string | number | boolean;
  readonly parse?: (value: string) => unknown;
}

/** The flags of `mlflow server` that Sextant honours, with MLflow's environment variables. */
const SERVER_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--backend-store-uri <PATH>",
    env: "MLFLOW_BACKEND_STORE_URI",
    defaultValue: DEFAULT_BACKEND_STORE_URI,
    help:
      "URI to which to persist experiment and run data: 'sqlite:///relative/path.db', " +
      "'sqlite:////absolute/path.db' or 'postgresql://user:password@host:port/database'. " +
      "By default, data is logged to ./mlruns/mlflow.db.",
  },
  {
    flags: "--default-artifact-root <URI>",
    env: "MLFLOW_DEFAULT_ARTIFACT_ROOT",
    help:
      "Directory in which to store artifacts for any new experiments created (a local path, file:// " +
      "or s3:// URI). Already-created experiments keep their location. By default, artifacts go " +
      "through the server's artifact proxy (mlflow-artifacts:/) when --serve-artifacts is on, else to ./mlruns.",
  },
  {
    flags: "--serve-artifacts",
    defaultValue: true,
    help:
      "Enables serving of artifact uploads, downloads, and list requests by routing these requests to " +
      "the storage location given by --artifacts-destination directly through a proxy " +
      "(env MLFLOW_SERVE_ARTIFACTS=true|false).",
  },
  { flags: "--no-serve-artifacts", help: "Disables the artifact proxy." },
  {
    flags: "--artifacts-destination <URI>",
    env: "MLFLOW_ARTIFACTS_DESTINATION",
    defaultValue: "./mlruns/artifacts",
    help:
      "The base artifact location from which to resolve artifact upload/download/list requests " +
      "(e.g. 's3://my-bucket'). Only applies when the server proxies artifacts and the experiment's " +
      "artifact root is an mlflow-artifacts URI.",
  },
  {
    flags: "--artifacts-only",
    help:
      "Serve only proxied artifacts: tracking endpoints (run creation, metric and parameter logging, ...) " +
      "are disabled and only artifact upload, download and list remain (env MLFLOW_ARTIFACTS_ONLY=true|false).",
  },
  {
    flags: "-h, --host <HOST>",
    env: "MLFLOW_HOST",
    defaultValue: "127.0.0.1",
    help:
      "The network interface to bind the server to. Use '127.0.0.1' for local-only access, or " +
      "'0.0.0.0' to allow connections from any network.",
  },
  {
    flags: "-p, --port <PORT>",
    env: "MLFLOW_PORT",
    defaultValue: 5000,
    parse: parsePort,
    help: "The port to listen on (0 picks a free port).",
  },
  {
    flags: "-w, --workers <N>",
    env: "MLFLOW_WORKERS",
    defaultValue: 1,
    parse: parseWorkers,
    help:
      "Number of worker processes to handle requests (MLflow's gunicorn defaults to 4; Sextant to 1, " +
      "whose one process already serves requests concurrently). With N > 1 the processes share the port " +
      "and the database (a SQLite file or PostgreSQL); a crashed worker is replaced.",
  },
];

const DESCRIPTION = [
  "Run the tracking server.",
  "",
  "The server listens on http://127.0.0.1:5000 by default and only accepts connections from the local " +
    "machine. To let the server accept connections from other machines, pass --host 0.0.0.0. " +
    "It stops gracefully on SIGTERM or Ctrl-C: requests in flight finish, then the database closes. " +
    "As in MLflow, -h is the host: use --help for help.",
].join("\n");

/** A boolean environment variable as click reads one; undefined when unset. */
function envFlag(name: string): boolean | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on", "y", "t"].includes(value)) return true;
  if (["0", "false", "no", "off", "n", "f"].includes(value)) return false;
  throw new Error(`Invalid ${name}=${JSON.stringify(raw)}: use true or false.`);
}

function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`sextant server: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`sextant server: ${signal} received, finishing requests in flight\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sextant server: error while shutting down: ${errorMessage(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/**
 * Registers `sextant server`, MLflow's `mlflow server`: same flags and environment variables
 * (`MLFLOW_BACKEND_STORE_URI`, `MLFLOW_DEFAULT_ARTIFACT_ROOT`, `MLFLOW_HOST`, `MLFLOW_PORT`, ...).
 * Prints one line with the URL once listening; a failure (port taken, bad URI) is one line on
 * stderr and exit code 1.
 */
export function registerServerCommand(program: Command): void {
  const command = program.command("server").description(DESCRIPTION).helpOption("--help", "display help for command");
  for (const spec of SERVER_OPTIONS) {
    const option = new Option(spec.flags, spec.help);
    if (spec.env) option.env(spec.env);
    if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
    if (spec.parse) option.argParser(spec.parse);
    command.addOption(option);
  }
  command.action(async (flags: ServerFlags) => {
    try {
      const fromFlag = (key: string) => command.getOptionValueSource(key) === "cli";
      const serveArtifacts = fromFlag("serveArtifacts")
        ? flags.serveArtifacts
        : (envFlag("MLFLOW_SERVE_ARTIFACTS") ?? flags.serveArtifacts);
      const artifactsOnly = fromFlag("artifactsOnly")
        ? flags.artifactsOnly === true
        : (envFlag("MLFLOW_ARTIFACTS_ONLY") ?? false);
      const options: StartServerOptions = {
        backendStoreUri: flags.backendStoreUri,
        ...(flags.defaultArtifactRoot ? { defaultArtifactRoot: flags.defaultArtifactRoot } : {}),
        serveArtifacts,
        artifactsDestination: flags.artifactsDestination,
        artifactsOnly,
        host: flags.host,
        port: flags.port,
      };
      const mode = artifactsOnly ? ", artifacts only" : "";
      const readyLine = (url: string, workers: string) =>
        `Sextant server listening at ${url} (backend store: ${redactUri(flags.backendStoreUri)}${mode}${workers})\n`;
      if (cluster.isWorker) return await serveTrackingWorker(options);
      if (flags.workers > 1) {
        const code = await serveTrackingWithWorkers(options, flags.workers, (url) =>
          process.stdout.write(readyLine(url, `, ${flags.workers} workers`)),
        );
        process.exitCode = code;
        return;
      }
      const server = await startServer(options);
      stopOnSignals(server);
      process.stdout.write(readyLine(server.url, ""));
    } catch (error) {
      process.stderr.write(`sextant server: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    }
  });
}
