/** Sextant's own release version (the CLI's `--version`, the `X-Sextant-Version` header). */
export const SEXTANT_VERSION = "0.1.0";

/**
 * The MLflow release whose wire protocol Sextant speaks. The server answers `GET /version` with
 * this string: MLflow clients and tooling read `/version` as an MLflow version (parsed with
 * `packaging.version`) to decide which endpoints they may call, so it must look like one.
 */
export const MLFLOW_COMPATIBLE_VERSION = "3.3.0";
