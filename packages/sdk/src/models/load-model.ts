import { MlflowClient } from "../mlflow-client.js";
import { type ModelInput, enforceSchema, toDataFrame } from "./data-frame.js";
import { downloadModelFolder } from "./download-model.js";
import { defaultFlavorRegistry, type FlavorRegistry } from "./flavor-registry.js";
import { type MlmodelFile, readMlmodel } from "./mlmodel-file.js";
import type { Prediction } from "./model-flavor.js";
import { type ModelSignature, signatureFromMlmodel } from "./model-signature.js";
import { type ResolvedModel, isServerModelUri, resolveModelUri } from "./resolve-model-uri.js";

/** Options of `loadModel`. */
export interface LoadModelOptions {
  /** The tracking server for models:/ and runs:/ URIs (default: a client from MLFLOW_TRACKING_URI). */
  readonly client?: MlflowClient;
  /** Flavors to load with (default: the built-ins). */
  readonly flavors?: FlavorRegistry;
  /** Where to download the folder (default: a fresh temporary folder). */
  readonly dstDir?: string;
}

/** A model read back from its MLmodel folder, ready to predict. */
export interface LoadedModel {
  readonly uri: string;
  /** The local folder the model was loaded from. */
  readonly localPath: string;
  readonly metadata: MlmodelFile;
  /** The flavor used to load it. */
  readonly flavor: string;
  readonly signature?: ModelSignature;
  readonly resolved: ResolvedModel;
  /**
   * Predicts one value per row. The input (a DataFrame, records, or one record) is first
   * checked against the signature: BAD_REQUEST naming a missing or mistyped column.
   */
  predict(input: ModelInput): Promise<Prediction[]>;
}

/**
 * Loads a model and returns a predictor. `uri` is `models:/<name>/<version>`,
 * `models:/<name>@<alias>`, `models:/<name>/<stage>`, `models:/<model_id>`,
 * `runs:/<run_id>/<path>`, a local folder or an `mlflow-artifacts:` location. The folder is
 * downloaded, its MLmodel read, and the first flavor this SDK knows loads it.
 * Throws INVALID_PARAMETER_VALUE (bad URI, no known flavor, unreadable files),
 * RESOURCE_DOES_NOT_EXIST, or RestError from the server.
 */
export async function loadModel(uri: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const client = options.client ?? (isServerModelUri(uri) || /^mlflow-artifacts:/.test(uri) ? new MlflowClient() : undefined);
  const resolved = client ? await resolveModelUri(uri, client) : { artifactUri: uri };
  const localPath = await downloadModelFolder(resolved.artifactUri, client?.transport, options.dstDir);
  const metadata = await readMlmodel(localPath);
  const flavor = (options.flavors ?? defaultFlavorRegistry()).forMlmodel(metadata.flavors);
  const predictor = await flavor.load(localPath, metadata.flavors[flavor.name] ?? {});
  const signature = signatureFromMlmodel(metadata.signature);
  return {
    uri,
    localPath,
    metadata,
    flavor: flavor.name,
    ...(signature ? { signature } : {}),
    resolved,
    async predict(input) {
      const frame = enforceSchema(toDataFrame(input), signature);
      return [...(await predictor.predict(frame))];
    },
  };
}
