import cluster from "node:cluster";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { isServerModelUri, type LoadedModel, loadModel, MlflowClient, type ModelVersion } from "@sextant/sdk";
import { type Command, Option } from "commander";
import { parseWorkers } from "../cluster/parse-workers.js";
import { errorMessage } from "../error-message.js";
import { connectTracking, type TrackingConnection } from "../tracking-connection.js";
import { formatTable, formatTime } from "./models/format-table.js";
import { formatPredictions, readPredictInput } from "./models/predict-file.js";
import { startScoringServer } from "./models/scoring-server.js";
import { serveModelWithWorkers, serveModelWorker } from "./models/serve-model-workers.js";

/** Where `sextant models` reads its settings and writes its output (tests pass their own). */
export interface ModelsCommandIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Resolves when a served model should stop (default: SIGINT or SIGTERM). */
  readonly stopSignal?: () => Promise<void>;
}

const GROUP_DESCRIPTION =
  "Work with registered models: list them and their versions, set aliases, move stages, serve a model " +
  "over HTTP with MLflow's scoring protocol, or predict on a file.\n\n" +
  "Model URIs: models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage>, models:/<model_id>, " +
  "runs:/<run_id>/<path>, or a local model folder. Talks to the tracking server in MLFLOW_TRACKING_URI; when " +
  "it is unset, to ./mlruns through an in-process server (a folder, file:, sqlite: or postgresql: URI is served the same way).";

async function withClient<T>(io: ModelsCommandIo, work: (client: MlflowClient) => Promise<T>): Promise<T> {
  // Every subcommand reads or changes registered models that must already exist: no empty ./mlruns is created.
  const connection: TrackingConnection = await connectTracking(io.env, io.cwd, { requireTrackedData: true });
  try {
    return await work(new MlflowClient({ trackingUri: connection.trackingUri, env: io.env }));
  } finally {
    await connection.close();
  }
}

function fail(name: string, io: ModelsCommandIo, error: unknown): void {
  const message = errorMessage(error);
  io.stderr.write(`sextant models ${name}: ${message}\n`);
  process.exitCode = 1;
}

function run(name: string, io: ModelsCommandIo, action: () => Promise<void>): Promise<void> {
  return action().catch((error: unknown) => fail(name, io, error));
}

/**
 * Loads a model and runs `use` with it; a local folder needs no tracking server, a
 * downloaded one lives in a temporary folder removed afterwards.
 */
async function withModel<T>(io: ModelsCommandIo, uri: string, use: (model: LoadedModel) => Promise<T>): Promise<T> {
  if (!isServerModelUri(uri) && !/^mlflow-artifacts:/i.test(uri)) return use(await loadModel(resolve(io.cwd, uri)));
  const dstDir = await mkdtemp(join(tmpdir(), "sextant-model-"));
  try {
    return await use(await withClient(io, (client) => loadModel(uri, { client, dstDir })));
  } finally {
    await rm(dstDir, { recursive: true, force: true });
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolveStop();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function contentTypeFlag(value: string): "json" | "csv" {
  if (value !== "json" && value !== "csv") {
    throw MlflowError.invalidParameter(`-t/--content-type must be json or csv, got '${value}'.`);
  }
  return value;
}

function versionRows(versions: readonly ModelVersion[]): string[][] {
  return versions.map((v) => [v.version, v.current_stage, v.status, (v.aliases ?? []).join(","), v.run_id ?? v.model_id ?? "", formatTime(v.creation_timestamp)]);
}

/**
 * Registers `sextant models` with `list`, `versions`, `alias`, `transition` (tables that fit
 * 80 columns), `serve -m URI -p PORT` (MLflow's scoring protocol until Ctrl-C) and
 * `predict -m URI -i FILE [-o FILE] [-t json|csv]`. Failures print one line on stderr and set
 * exit code 1.
 */
export function registerModelsCommand(
  program: Command,
  io: ModelsCommandIo = { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr },
): void {
  const group = program.command("models").description(GROUP_DESCRIPTION);

  group
    .command("list")
    .description("List registered models with their latest version and aliases.")
    .option("--filter <filter>", "search filter, e.g. \"name LIKE 'prod%'\"")
    .option("--max-results <n>", "at most this many models", "100")
    .action((flags: { filter?: string; maxResults: string }) =>
      run("list", io, () =>
        withClient(io, async (client) => {
          const page = await client.registry.searchRegisteredModels({
            ...(flags.filter ? { filter: flags.filter } : {}),
            maxResults: Number(flags.maxResults),
          });
          const rows = page.items.map((m) => {
            const latest = (m.latest_versions ?? []).reduce((max, v) => Math.max(max, Number(v.version)), 0);
            const aliases = (m.aliases ?? []).map((a) => `${a.alias}=v${a.version}`).join(",");
            return [m.name, latest ? String(latest) : "", aliases, formatTime(m.last_updated_timestamp)];
          });
          if (rows.length === 0) return void io.stdout.write("No registered models.\n");
          io.stdout.write(formatTable([{ header: "NAME", minWidth: 12 }, { header: "LATEST" }, { header: "ALIASES", minWidth: 10 }, { header: "UPDATED (UTC)" }], rows));
        }),
      ),
    );

  group
    .command("versions")
    .description("List the versions of a registered model, newest first.")
    .argument("<name>", "registered model name")
    .action((name: string) =>
      run("versions", io, () =>
        withClient(io, async (client) => {
          await client.registry.getRegisteredModel(name);
          const page = await client.registry.searchModelVersions({
            filter: `name = '${name.replaceAll("'", "\\'")}'`,
            orderBy: ["version_number DESC"],
            maxResults: 1000,
          });
          if (page.items.length === 0) return void io.stdout.write(`Registered model '${name}' has no versions.\n`);
          io.stdout.write(
            formatTable(
              [{ header: "VERSION" }, { header: "STAGE" }, { header: "STATUS" }, { header: "ALIASES", minWidth: 8 }, { header: "SOURCE RUN/MODEL", minWidth: 12 }, { header: "CREATED (UTC)" }],
              versionRows(page.items),
            ),
          );
        }),
      ),
    );

  group
    .command("alias")
    .description("Point an alias at a version (or remove it with --delete).")
    .argument("<name>", "registered model name")
    .argument("<alias>", "alias, e.g. champion")
    .argument("[version]", "version the alias points at")
    .option("--delete", "remove the alias instead")
    .action((name: string, alias: string, version: string | undefined, flags: { delete?: boolean }) =>
      run("alias", io, () =>
        withClient(io, async (client) => {
          if (flags.delete) {
            await client.registry.deleteRegisteredModelAlias(name, alias);
            return void io.stdout.write(`Removed alias '${alias}' of '${name}'\n`);
          }
          if (version === undefined) throw MlflowError.invalidParameter("Give the version the alias points at, or --delete.");
          await client.registry.setRegisteredModelAlias(name, alias, version);
          io.stdout.write(`${name}@${alias} -> version ${version}\n`);
        }),
      ),
    );

  group
    .command("transition")
    .description("Move a version to a stage (None, Staging, Production, Archived).")
    .argument("<name>", "registered model name")
    .argument("<version>", "version to move")
    .argument("<stage>", "None, Staging, Production or Archived")
    .option("--archive-existing-versions", "archive the versions already in that stage")
    .action((name: string, version: string, stage: string, flags: { archiveExistingVersions?: boolean }) =>
      run("transition", io, () =>
        withClient(io, async (client) => {
          const mv = await client.registry.transitionModelVersionStage(name, version, stage, flags.archiveExistingVersions ?? false);
          io.stdout.write(`${name} version ${mv.version} is now in stage ${mv.current_stage}\n`);
        }),
      ),
    );

  group
    .command("serve")
    .description("Serve a model over HTTP: POST /invocations, GET /ping, /health, /version.")
    .helpOption("--help", "display help for command")
    .requiredOption("-m, --model-uri <uri>", "model to serve")
    .option("-p, --port <port>", "port to listen on", "5000")
    .option("-h, --host <host>", "address to listen on", "127.0.0.1")
    .addOption(
      new Option("-w, --workers <n>", "worker processes serving requests, sharing the port")
        .env("MLFLOW_MODELS_WORKERS")
        .argParser(parseWorkers)
        .default(1),
    )
    .option("--env-manager <manager>", "accepted for MLflow compatibility: local only", "local")
    .action((flags: { modelUri: string; port: string; host: string; workers: number; envManager: string }) =>
      run("serve", io, async () => {
        if (cluster.isWorker) return serveModelWorker(flags.host);
        if (flags.envManager !== "local") throw MlflowError.invalidParameter(`--env-manager ${flags.envManager} is not supported; use local.`);
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw MlflowError.invalidParameter(`-p/--port must be a port number, got '${flags.port}'.`);
        await withModel(io, flags.modelUri, async (model) => {
          if (flags.workers > 1) {
            const { workers, host } = flags;
            const ready = (url: string) => io.stdout.write(`Serving ${flags.modelUri} (${model.flavor}) at ${url}/invocations (${workers} workers)\n`);
            process.exitCode = await serveModelWithWorkers({ model, host, port, workers, stderr: io.stderr, onReady: ready });
            return;
          }
          const server = await startScoringServer({ model, host: flags.host, port });
          io.stdout.write(`Serving ${flags.modelUri} (${model.flavor}) at ${server.url}/invocations\n`);
          await (io.stopSignal ?? waitForSignal)();
          await server.close();
        });
      }),
    );

  group
    .command("predict")
    .description("Predict on a JSON or CSV file and write the predictions.")
    .requiredOption("-m, --model-uri <uri>", "model to predict with")
    .requiredOption("-i, --input-path <file>", "input rows (JSON scoring format, records, or CSV with -t csv)")
    .option("-o, --output-path <file>", "write predictions here instead of stdout")
    .option("-t, --content-type <type>", "json or csv", "json")
    .action((flags: { modelUri: string; inputPath: string; outputPath?: string; contentType: string }) =>
      run("predict", io, async () => {
        const type = contentTypeFlag(flags.contentType);
        const frame = await readPredictInput(resolve(io.cwd, flags.inputPath), type);
        const text = await withModel(io, flags.modelUri, async (model) => formatPredictions(await model.predict(frame), type));
        if (flags.outputPath) await writeFile(resolve(io.cwd, flags.outputPath), text);
        else io.stdout.write(text);
      }),
    );
}
