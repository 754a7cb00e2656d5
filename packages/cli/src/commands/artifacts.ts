import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { normalizeArtifactPath } from "@sextant/server";
import type { Command } from "commander";
import { errorMessage } from "../error-message.js";
import { downloadArtifacts, uploadDirectory, uploadFile } from "./artifacts/artifact-transfers.js";
import { openArtifactLocation, type RunArtifactLocation, runArtifactUri } from "./artifacts/run-artifact-location.js";
import { connectTracking, type TrackingConnection } from "../tracking-connection.js";
import { type ProgressOutput, TransferProgress } from "./artifacts/transfer-progress.js";

/** Where `sextant artifacts` reads its settings and writes its output (tests pass their own). */
export interface ArtifactsCommandIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  /** Progress bars are drawn here when it is a terminal; errors always go here. */
  readonly stderr: ProgressOutput;
}

const GROUP_DESCRIPTION = `Upload, list, and download artifacts of a run.

Talks to the tracking server in MLFLOW_TRACKING_URI (http://host:port); when it is unset,
to the local ./mlruns through an in-process server (a folder, file:, sqlite: or postgresql:
URI in MLFLOW_TRACKING_URI is served the same way, as for sextant run). Proxied artifacts (mlflow-artifacts:)
go through the server; s3:// and local locations are read and written directly with this
machine's credentials (AWS_* variables or profile, MLFLOW_S3_ENDPOINT_URL).`;

/** Every subcommand works on a run that must already exist: no empty ./mlruns is created. */
const READS_TRACKED_DATA = { requireTrackedData: true } as const;

interface CommonFlags {
  readonly runId: string;
  readonly artifactPath?: string;
}

async function withRun<T>(
  io: ArtifactsCommandIo,
  runId: string,
  action: (location: RunArtifactLocation, connection: TrackingConnection) => Promise<T>,
): Promise<T> {
  const connection = await connectTracking(io.env, io.cwd, READS_TRACKED_DATA);
  try {
    const location = openArtifactLocation(connection, await runArtifactUri(connection, runId), io.env);
    try {
      return await action(location, connection);
    } finally {
      await location.close();
    }
  } finally {
    await connection.close();
  }
}

function artifactPathFlag(value: string | undefined): string {
  return value === undefined ? "" : normalizeArtifactPath(value, "--artifact-path");
}

function run(name: string, io: ArtifactsCommandIo, action: () => Promise<void>): Promise<void> {
  return action().catch((error: unknown) => {
    const message = errorMessage(error);
    io.stderr.write(`sextant artifacts ${name}: ${message}\n`);
    process.exitCode = 1;
  });
}

/** Parses `runs:/<run_id>/<path>` into its parts, or undefined for any other URI. */
function parseRunsUri(uri: string): { runId: string; path: string } | undefined {
  const match = /^runs:\/+([^/]+)\/?(.*)$/.exec(uri);
  return match?.[1] ? { runId: match[1], path: match[2] ?? "" } : undefined;
}

/**
 * Registers `sextant artifacts` with MLflow's `mlflow artifacts` subcommands and flags:
 * `log-artifact -l FILE -r RUN [-a PATH]`, `log-artifacts -l DIR -r RUN [-a PATH]`,
 * `list -r RUN [-a PATH]` (JSON list of `{path, is_dir, file_size}` on stdout) and
 * `download (-r RUN [-a PATH] | -u URI) [-d DST]` (prints the local path). Transfers show a
 * progress bar (bytes, rate, ETA) on stderr when it is a terminal. Failures print one line
 * on stderr and set exit code 1.
 */
export function registerArtifactsCommand(program: Command, io: ArtifactsCommandIo = {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
}): void {
  const group = program.command("artifacts").description(GROUP_DESCRIPTION);

  group
    .command("log-artifact")
    .description("Log a local file as an artifact of a run, optionally under an artifact folder.")
    .requiredOption("-l, --local-file <file>", "local file to log")
    .requiredOption("-r, --run-id <run_id>", "run to log the artifact into")
    .option("-a, --artifact-path <path>", "folder within the run's artifacts to put the file in")
    .action((flags: CommonFlags & { localFile: string }) =>
      run("log-artifact", io, async () => {
        const folder = artifactPathFlag(flags.artifactPath);
        await withRun(io, flags.runId, async ({ store }) => {
          const progress = new TransferProgress("uploading", 0, io.stderr);
          const path = await uploadFile(store, resolve(io.cwd, flags.localFile), folder, progress);
          progress.finish();
          io.stdout.write(`Logged artifact ${flags.localFile} to ${path} in run ${flags.runId}\n`);
        });
      }),
    );

  group
    .command("log-artifacts")
    .description("Log the files of a local folder as artifacts of a run, keeping its layout.")
    .requiredOption("-l, --local-dir <dir>", "local folder whose files to log")
    .requiredOption("-r, --run-id <run_id>", "run to log the artifacts into")
    .option("-a, --artifact-path <path>", "folder within the run's artifacts to put them in")
    .action((flags: CommonFlags & { localDir: string }) =>
      run("log-artifacts", io, async () => {
        const folder = artifactPathFlag(flags.artifactPath);
        await withRun(io, flags.runId, async ({ store }) => {
          const progress = new TransferProgress("uploading", 0, io.stderr);
          const paths = await uploadDirectory(store, resolve(io.cwd, flags.localDir), folder, progress);
          progress.finish();
          io.stdout.write(`Logged ${paths.length} artifact(s) from ${flags.localDir} to ${folder || "/"} in run ${flags.runId}\n`);
        });
      }),
    );

  group
    .command("list")
    .description("List the artifacts directly under a run's artifact root or a folder in it, as JSON.")
    .requiredOption("-r, --run-id <run_id>", "run whose artifacts to list")
    .option("-a, --artifact-path <path>", "folder within the run's artifacts to list")
    .action((flags: CommonFlags) =>
      run("list", io, async () => {
        const path = artifactPathFlag(flags.artifactPath);
        const connection = await connectTracking(io.env, io.cwd, READS_TRACKED_DATA);
        try {
          const query = new URLSearchParams({ run_id: flags.runId, ...(path ? { path } : {}) });
          const response = await connection.fetch(`/api/2.0/mlflow/artifacts/list?${query}`);
          const { files = [] } = (await response.json()) as { files?: unknown[] };
          io.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
        } finally {
          await connection.close();
        }
      }),
    );

  group
    .command("download")
    .description("Download an artifact file or folder of a run (or at an artifact URI); prints its local path.")
    .option("-r, --run-id <run_id>", "run to download from")
    .option("-a, --artifact-path <path>", "with --run-id: file or folder within the run's artifacts (default: all)")
    .option("-u, --artifact-uri <uri>", "artifact URI (runs:/<run_id>/<path>, mlflow-artifacts:/..., s3://..., a path) instead of --run-id")
    .option("-d, --dst-path <dir>", "local folder to download into (default: a new temporary folder)")
    .action((flags: Partial<CommonFlags> & { artifactUri?: string; dstPath?: string }) =>
      run("download", io, async () => {
        if (!flags.runId && !flags.artifactUri) {
          throw MlflowError.invalidParameter("Either --run-id or --artifact-uri must be provided.");
        }
        const dst = flags.dstPath ? resolve(io.cwd, flags.dstPath) : await mkdtemp(join(tmpdir(), "sextant-artifacts-"));
        const progress = new TransferProgress("downloading", 0, io.stderr);
        const runsUri = flags.artifactUri ? parseRunsUri(flags.artifactUri) : undefined;
        let local: string;
        if (flags.runId || runsUri) {
          const runId = flags.runId ?? runsUri!.runId;
          const path = flags.runId ? artifactPathFlag(flags.artifactPath) : runsUri!.path;
          local = await withRun(io, runId, ({ store }) => downloadArtifacts(store, path, dst, progress));
        } else {
          const uri = flags.artifactUri!;
          const proxied = /^(mlflow-artifacts:|https?:\/\/)/i.test(uri);
          const connection = proxied ? await connectTracking(io.env, io.cwd, READS_TRACKED_DATA) : undefined;
          try {
            const location = openArtifactLocation(connection, uri, io.env);
            try {
              local = await downloadArtifacts(location.store, "", dst, progress);
            } finally {
              await location.close();
            }
          } finally {
            await connection?.close();
          }
        }
        progress.finish();
        io.stdout.write(`${local}\n`);
      }),
    );
}
