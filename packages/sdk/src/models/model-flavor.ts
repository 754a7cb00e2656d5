import type { DataFrame } from "./data-frame.js";

/** A flavor's section of an MLmodel file (JSON-compatible values). */
export type FlavorConfig = Readonly<Record<string, unknown>>;

/** One prediction per input row: a number, string, boolean or an object of named outputs. */
export type Prediction = number | string | boolean | null | Readonly<Record<string, unknown>>;

/** A loaded model, ready to predict on rows already checked against its signature. */
export interface Predictor {
  predict(frame: DataFrame): Promise<readonly Prediction[]> | readonly Prediction[];
}

/**
 * A model flavor: how models of one kind are written into an MLmodel folder and read back.
 * A flavor is a small plugin; `FlavorRegistry` holds them by name, built-ins registered like
 * third-party ones would be.
 */
export interface ModelFlavor<M = unknown> {
  /** The key under `flavors:` in MLmodel. */
  readonly name: string;
  /** True when `model` is something this flavor can save. */
  accepts(model: unknown): model is M;
  /** Writes the model's files into `dir` and returns the flavor's MLmodel section. */
  save(model: M, dir: string): Promise<FlavorConfig>;
  /** Loads the model folder `dir` given the flavor's MLmodel section. */
  load(dir: string, config: FlavorConfig): Promise<Predictor>;
  /**
   * Optional: after `save`, writes what MLflow's Python pyfunc needs to load the same folder
   * (see `writePythonFunction`) and returns the `python_function` section.
   */
  savePythonFunction?(model: M, dir: string): Promise<FlavorConfig>;
}
