/** The parameter types an MLproject entry point may declare. */
export type ParameterType = "float" | "int" | "string" | "path" | "uri";

/** Every `ParameterType`, in the order MLflow documents them. */
export const PARAMETER_TYPES: readonly ParameterType[] = ["float", "int", "string", "path", "uri"];

/** One declared parameter of an entry point. */
export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  /** The default as written in the MLproject file (`1.0` stays "1.0"); absent when none. */
  readonly default?: string;
}

/** An entry point: a command template and the parameters it declares, in file order. */
export interface EntryPoint {
  readonly name: string;
  readonly parameters: readonly ParameterSpec[];
  /** Command template with `{param}` placeholders (Python `str.format` syntax). */
  readonly command: string;
}

/** An environment variable of `docker_env.environment`: copied from the host, or set. */
export type DockerEnvVariable = { readonly copy: string } | { readonly name: string; readonly value: string };

/** `docker_env`: the image to run in, plus extra volumes and environment variables. */
export interface DockerEnv {
  readonly type: "docker";
  readonly image: string;
  readonly volumes: readonly string[];
  readonly environment: readonly DockerEnvVariable[];
}

/** `python_env` or `conda_env`: an environment file inside the project folder. */
export interface EnvFile {
  readonly type: "python" | "conda";
  /** The file name as written in MLproject (relative to the project folder). */
  readonly file: string;
}

/** The environment an MLproject declares; `none` when it declares none. */
export type ProjectEnv = DockerEnv | EnvFile | { readonly type: "none" };

/** A parsed MLproject (or the implicit project of a folder without one). */
export interface Project {
  /** Path of the MLproject file read, or undefined for a folder without one. */
  readonly file?: string;
  readonly name?: string;
  readonly env: ProjectEnv;
  readonly entryPoints: ReadonlyMap<string, EntryPoint>;
}
