import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MlflowError, type ModelVersion } from "@sextant/protocol";
import { artifactRepositoryFor } from "../artifact-repository-for.js";
import { normalizeArtifactPath } from "../artifact-path.js";
import { getDefaultTracking } from "../fluent.js";
import type { MlflowClient } from "../mlflow-client.js";
import { isRestError } from "../rest-error.js";
import type { ModelInput } from "./data-frame.js";
import type { FlavorRegistry } from "./flavor-registry.js";
import type { MlmodelFile } from "./mlmodel-file.js";
import { ModelRegistryClient } from "./model-registry-client.js";
import type { ModelSignature } from "./model-signature.js";
import { saveModel } from "./save-model.js";

/** The run a model is logged to: a RunHandle fits, as does anything with these fields. */
export interface ModelRunTarget {
  readonly runId: string;
  readonly experimentId: string;
  readonly client: MlflowClient;
}

/** Options of `logModel`. */
export interface LogModelOptions {
  /** The model's name in the run (its run artifact folder). Default "model". */
  readonly artifactPath?: string;
  /** Also register the model as a new version of this registered model. */
  readonly registeredModelName?: string;
  readonly signature?: ModelSignature;
  readonly inputExample?: ModelInput;
  /** The run to log to (default: the fluent API's active run). */
  readonly run?: ModelRunTarget;
  readonly flavors?: FlavorRegistry;
  /** How long to wait for the new version to be READY (default 60 s). */
  readonly awaitRegistrationForMs?: number;
}

/** What `logModel` did. */
export interface ModelInfo {
  /** MLflow 3.x logged model id (absent on a server without logged models). */
  readonly modelId?: string;
  /** URI to load the model with: `models:/<model_id>`, or `runs:/<run_id>/<path>`. */
  readonly modelUri: string;
  readonly runId: string;
  readonly artifactPath: string;
  readonly mlmodel: MlmodelFile;
  readonly registeredModelVersion?: ModelVersion;
}

async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out.sort();
}

const notFoundEndpoint = (error: unknown): boolean => isRestError(error) && error.errorCode === "ENDPOINT_NOT_FOUND";

/**
 * Logs a model as MLflow 3.x clients do, and as MLflow 2.x clients expect to find it: creates
 * a logged model (`m-...`) linked to the run as an output, writes the MLmodel folder (flavor
 * files, signature, input example) to the logged model's artifact location and to the run's
 * artifacts under `artifactPath`, records it with runs/log-model, marks the logged model
 * READY, and with `registeredModelName` registers the run's copy (`runs:/<run>/<path>` source
 * with the logged model's `model_id`; the registered model is created when missing) and
 * waits until the version is READY.
 * On a server without logged models the run artifacts and a `runs:/` source are used.
 * Throws INVALID_PARAMETER_VALUE (no flavor for `model`, bad path, no active run), RestError
 * from the server.
 */
export async function logModel(model: unknown, options: LogModelOptions = {}): Promise<ModelInfo> {
  const run = options.run ?? getDefaultTracking().activeRun();
  if (!run) {
    throw MlflowError.invalidParameter("logModel needs a run: start one with startRun/withRun or pass { run }.");
  }
  const artifactPath = normalizeArtifactPath(options.artifactPath ?? "model", "artifactPath") || "model";
  const { client } = run;
  const registry = new ModelRegistryClient(client);

  let logged: Awaited<ReturnType<ModelRegistryClient["createLoggedModel"]>> | undefined;
  try {
    logged = await registry.createLoggedModel(run.experimentId, { name: artifactPath.replaceAll("/", "-"), sourceRunId: run.runId });
    await client.logOutputs(run.runId, [{ model_id: logged.info.model_id, step: 0 }]);
  } catch (error) {
    if (!notFoundEndpoint(error)) throw error;
  }
  const modelId = logged?.info.model_id;

  const scratch = await mkdtemp(join(tmpdir(), "sextant-log-model-"));
  try {
    const dir = join(scratch, "model");
    const mlmodel = await saveModel(model, dir, {
      artifactPath,
      runId: run.runId,
      ...(modelId ? { modelId } : {}),
      ...(options.signature ? { signature: options.signature } : {}),
      ...(options.inputExample !== undefined ? { inputExample: options.inputExample } : {}),
      ...(options.flavors ? { flavors: options.flavors } : {}),
    });
    if (logged) {
      const repository = artifactRepositoryFor(logged.info.artifact_uri, client.transport);
      for (const file of await filesUnder(dir)) await repository.uploadFile(join(dir, file), file);
    }
    await client.logArtifacts(run.runId, dir, artifactPath);
    await client.logModel(run.runId, { ...mlmodel });
    if (logged && modelId) await registry.finalizeLoggedModel(modelId, "LOGGED_MODEL_READY");

    const modelUri = modelId ? `models:/${modelId}` : `runs:/${run.runId}/${artifactPath}`;
    const info: ModelInfo = { ...(modelId ? { modelId } : {}), modelUri, runId: run.runId, artifactPath, mlmodel };
    if (!options.registeredModelName) return info;
    // The run's copy is the source (MLflow 2.x and 3.x clients both read runs:/ sources);
    // model_id links the version to the logged model, as MLflow 3.x does.
    const version = await registerModel(registry, options.registeredModelName, `runs:/${run.runId}/${artifactPath}`, {
      runId: run.runId,
      ...(modelId ? { modelId } : {}),
      awaitMs: options.awaitRegistrationForMs ?? 60_000,
    });
    return { ...info, registeredModelVersion: version };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Registers `source` as a new version of `name` (creating the registered model when missing)
 * and waits until the version is READY, as MLflow's `register_model` does. Throws
 * RestError from the server, MlflowError DEADLINE_EXCEEDED when it is not READY in time.
 */
export async function registerModel(
  registry: ModelRegistryClient,
  name: string,
  source: string,
  options: { readonly runId?: string; readonly modelId?: string; readonly awaitMs?: number } = {},
): Promise<ModelVersion> {
  await registry.ensureRegisteredModel(name);
  let version = await registry.createModelVersion(name, source, {
    ...(options.runId ? { runId: options.runId } : {}),
    ...(options.modelId ? { modelId: options.modelId } : {}),
  });
  const deadline = Date.now() + (options.awaitMs ?? 60_000);
  while (version.status === "PENDING_REGISTRATION") {
    if (Date.now() > deadline) {
        throw new MlflowError("DEADLINE_EXCEEDED", `Model version ${name}/${version.version} was not READY in time.`);
    }
    await new Promise((r) => setTimeout(r, 500));
    version = await registry.getModelVersion(name, version.version);
  }
  if (version.status !== "READY") {
    throw new MlflowError("INTERNAL_ERROR", `Model version ${name}/${version.version} failed: ${version.status_message ?? version.status}`);
  }
  return version;
}
