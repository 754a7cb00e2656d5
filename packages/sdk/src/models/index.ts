/**
 * Models in the SDK: the MLmodel format with a flavor registry (built-in `sextant_logreg`),
 * `logModel` / `loadModel`, model URI resolution, typed registry calls and the scoring
 * protocol's input formats.
 */
export { type DataFrame, enforceSchema, type ModelInput, recordsToFrame, toDataFrame } from "./data-frame.js";
export { downloadModelFolder } from "./download-model.js";
export { defaultFlavorRegistry, FlavorRegistry } from "./flavor-registry.js";
export { LOGREG_PYFUNC_MODULE, LOGREG_PYFUNC_SOURCE } from "./logreg-pyfunc-source.js";
export { type LoadedModel, type LoadModelOptions, loadModel } from "./load-model.js";
export { type LogModelOptions, type ModelInfo, type ModelRunTarget, logModel, registerModel } from "./log-model.js";
export { LOGREG_FLAVOR, LOGREG_FLAVOR_NAME, type LogisticRegressionParams, logisticRegressionPredictor } from "./logreg-flavor.js";
export { MLMODEL_FILE, type MlmodelFile, readMlmodel, writeMlmodel } from "./mlmodel-file.js";
export type { FlavorConfig, ModelFlavor, Prediction, Predictor } from "./model-flavor.js";
export { type EndpointCaller, ModelRegistryClient } from "./model-registry-client.js";
export { type ColumnSpec, type ColumnType, type ModelSignature, signatureFromMlmodel, signatureToMlmodel } from "./model-signature.js";
export {
  DEFAULT_PYFUNC_PYTHON_VERSION,
  PYTHON_FUNCTION_FLAVOR_NAME,
  type PythonFunctionSpec,
  writePythonFunction,
} from "./python-function-flavor.js";
export { isServerModelUri, type ResolvedModel, resolveModelUri } from "./resolve-model-uri.js";
export { inferSignature, type SaveModelOptions, saveModel } from "./save-model.js";
export { parseScoringCsv, parseScoringJson, SCORING_KEYS } from "./scoring-input.js";
export type { LoggedModel, ModelVersion, RegisteredModel } from "@sextant/protocol";
