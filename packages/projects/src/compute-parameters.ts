import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MlflowError } from "@sextant/protocol";
import { parameterValueProblem } from "./parameter-value-problem.js";
import type { EntryPoint, ParameterSpec } from "./project-spec.js";

/** The parameter values of one project run, validated and resolved. */
export interface ComputedParameters {
  /** Declared parameters in declaration order, as given (or defaulted): logged as run params. */
  readonly declared: ReadonlyMap<string, string>;
  /** The same, as substituted into the command: `path` values made absolute. */
  readonly resolved: ReadonlyMap<string, string>;
  /** `-P` values the entry point does not declare, in the order given: appended as `--name value`. */
  readonly extra: ReadonlyMap<string, string>;
}

/** Where relative `path` values are resolved. */
export interface ComputeParametersOptions {
  /** Folder the user ran the command from: relative paths given with `-P` resolve here (as in MLflow). */
  readonly cwd: string;
  /** Project folder: relative paths that are MLproject defaults resolve here. */
  readonly projectDir: string;
}

/**
 * Validates `userParams` against an entry point and computes the values to log and to
 * substitute, before anything runs. Unlike MLflow, `float` and `int` values are checked.
 * `uri` values must carry a scheme and pass through unchanged; `path` values must name an
 * existing local file or folder (or a `file:` URI) and become absolute (MLflow downloads
 * remote URIs for `path`; Sextant supports local paths only).
 * Throws INVALID_PARAMETER_VALUE listing every missing parameter, or every invalid value
 * with the parameter's name and type.
 */
export async function computeParameters(
  entryPoint: EntryPoint,
  userParams: ReadonlyMap<string, string>,
  options: ComputeParametersOptions,
): Promise<ComputedParameters> {
  const missing = entryPoint.parameters.filter((p) => !userParams.has(p.name) && p.default === undefined);
  if (missing.length > 0) {
    throw MlflowError.invalidParameter(
      `No value given for missing parameters of entry point ${entryPoint.name}: ${missing.map((p) => `'${p.name}' (${p.type})`).join(", ")}; pass them with -P name=value`,
    );
  }
  const declared = new Map<string, string>();
  const resolved = new Map<string, string>();
  const problems: string[] = [];
  for (const spec of entryPoint.parameters) {
    const given = userParams.get(spec.name);
    const value = given ?? spec.default!;
    declared.set(spec.name, value);
    const base = given === undefined ? options.projectDir : options.cwd;
    const outcome = await resolveValue(spec, value, base);
    if ("problem" in outcome) problems.push(outcome.problem);
    else resolved.set(spec.name, outcome.value);
  }
  if (problems.length > 0) {
    throw MlflowError.invalidParameter(`Invalid parameters for entry point ${entryPoint.name}: ${problems.join("; ")}`);
  }
  const declaredNames = new Set(entryPoint.parameters.map((p) => p.name));
  const extra = new Map([...userParams].filter(([name]) => !declaredNames.has(name)));
  return { declared, resolved, extra };
}

async function resolveValue(spec: ParameterSpec, value: string, base: string): Promise<{ value: string } | { problem: string }> {
  const problem = parameterValueProblem(spec.type, value);
  if (problem) return { problem: `parameter '${spec.name}' must be ${spec.type === "int" ? "an" : "a"} ${spec.type}, got "${value}" (${problem})` };
  if (spec.type !== "path") return { value };
  let localPath = value;
  if (/^file:/i.test(value)) {
    try {
      localPath = fileURLToPath(value);
    } catch {
      return { problem: `parameter '${spec.name}' (path) is not a valid file: URI: "${value}"` };
    }
  } else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
    return {
      problem: `parameter '${spec.name}' (path) must be a local file or folder; downloading "${value}" is not supported, use a local path or a parameter of type uri`,
    };
  }
  const absolute = isAbsolute(localPath) ? localPath : resolve(base, localPath);
  if (!(await stat(absolute).catch(() => undefined))) {
    return { problem: `parameter '${spec.name}' (path) is "${value}", but no such file or folder ${absolute} exists` };
  }
  return { value: absolute };
}
