import { mkdir } from "node:fs/promises";
import { resolveTrackingTarget, type TrackingTarget } from "@sextant/projects";
import { type RunningServer, startServer } from "@sextant/server";
import type { Command } from "commander";
import { errorMessage } from "../error-message.js";
import { parsePort } from "../parse-port.js";

/** `sextant ui`'s options as commander hands them over. */
export interface UiFlags {
  readonly port: string;
  readonly host: string;
  readonly backendStoreUri?: string;
}

const DESCRIPTION = `Open the web UI on ./mlruns with no server set up.

Starts a server in this process on the local tracking data (./mlruns/mlflow.db, a SQLite
database, and ./mlruns/artifacts) and prints its URL. Stop it with Ctrl-C. Use
--backend-store-uri to browse another store (sqlite:///path.db, postgresql://...).`;

/** A started `sextant ui`: the server plus the locations it serves. */
export interface StartedUi {
  readonly server: RunningServer;
  readonly backendStoreUri: string;
  readonly artifactsDestination: string;
}

/**
 * Starts what `sextant ui` serves: a server in this process on `<cwd>/mlruns` (SQLite database
 * `mlflow.db`, artifacts under `artifacts/`, both created if missing) or on `backendStoreUri`.
 * Throws InvalidArgumentError for a bad port and MlflowError from startServer (RESOURCE_CONFLICT when the port
 * is taken, INVALID_PARAMETER_VALUE for a bad host or store URI).
 */
export async function startUi(flags: UiFlags, cwd: string): Promise<StartedUi> {
  const port = parsePort(flags.port);
  // The same ./mlruns layout every other command uses when MLFLOW_TRACKING_URI is unset.
  const mlruns = resolveTrackingTarget(undefined, cwd) as Extract<TrackingTarget, { kind: "embedded" }>;
  const { artifactsDestination } = mlruns;
  await mkdir(artifactsDestination, { recursive: true });
  const backendStoreUri = flags.backendStoreUri ?? mlruns.backendStoreUri;
  const server = await startServer({ backendStoreUri, artifactsDestination, port, host: flags.host });
  return { server, backendStoreUri, artifactsDestination };
}

/**
 * Registers `sextant ui` (MLflow's `mlflow ui`): an in-process server on ./mlruns serving
 * the web UI. Flags: --port (default 5000), --host (default 127.0.0.1), --backend-store-uri.
 */
export function registerUiCommand(program: Command): void {
  program
    .command("ui")
    .description(DESCRIPTION)
    .option("-p, --port <port>", "port to listen on (0 picks a free one)", "5000")
    .option("--host <host>", "address to listen on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--backend-store-uri <uri>", "tracking store to browse (default: sqlite:///<cwd>/mlruns/mlflow.db)")
    .action(async (flags: UiFlags) => {
      try {
        const { server, backendStoreUri, artifactsDestination } = await startUi(flags, process.cwd());
        process.stdout.write(
          `Sextant UI: ${server.url}\n  tracking store: ${backendStoreUri}\n  artifacts: ${artifactsDestination}\n  press Ctrl-C to stop\n`,
        );
        const stop = () => {
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      } catch (error) {
        const message = errorMessage(error);
        process.stderr.write(`sextant ui: ${message}\n`);
        process.exitCode = 1;
      }
    });
}
