import { MlflowError } from "@sextant/protocol";
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import { parameterValueProblem } from "./parameter-value-problem.js";
import {
  type DockerEnv,
  type DockerEnvVariable,
  type EntryPoint,
  PARAMETER_TYPES,
  type ParameterSpec,
  type ParameterType,
  type Project,
  type ProjectEnv,
} from "./project-spec.js";

/** The top-level keys that declare an environment; a project may use at most one. */
export const ENV_KEYS = ["docker_env", "python_env", "conda_env"] as const;

type YamlDoc = ReturnType<typeof parseDocument>;

/**
 * Parses the text of an MLproject file with MLflow's rules (`name`, `entry_points` with
 * `parameters` and `command`, at most one of `docker_env`/`python_env`/`conda_env`), and
 * checks what MLflow leaves to fail later: every entry point has a string `command`, every
 * parameter type is one of float, int, string, path, uri, `float`/`int`/`uri` defaults are
 * valid values, and `docker_env` has an `image`, string `volumes` and well-formed
 * `environment`. Unknown keys are ignored, as MLflow does. `file` names the file in errors.
 * Throws INVALID_PARAMETER_VALUE naming the file, line and key.
 */
export function parseMlproject(text: string, file: string): Project {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const fail = (node: Node | null | undefined, key: string, problem: string): MlflowError => {
    const offset = node?.range?.[0];
    const line = offset === undefined ? "" : ` (line ${lineCounter.linePos(offset).line})`;
    return MlflowError.invalidParameter(`Invalid MLproject file ${file}${line}: ${key ? `${key}: ` : ""}${problem}`);
  };
  const [yamlError] = doc.errors;
  if (yamlError) {
    const where = ` (line ${lineCounter.linePos(yamlError.pos[0]).line})`;
    throw MlflowError.invalidParameter(`Invalid MLproject file ${file}${where}: not valid YAML: ${yamlError.message.split("\n")[0]}`);
  }
  const root = resolve(doc, doc.contents);
  if (root === undefined || (isScalar(root) && root.value === null)) {
    return { file, env: { type: "none" }, entryPoints: new Map() };
  }
  if (!isMap(root)) throw fail(root, "", "the top level must be a mapping of keys such as name and entry_points");

  const topKeys = new Map<string, Node>();
  const top = entries(doc, root, "", fail, topKeys);
  const nameNode = top.get("name");
  const name = nameNode === undefined ? undefined : requireText(nameNode, "name", fail);
  const env = parseEnv(doc, top, topKeys, fail);
  const entryPoints = new Map<string, EntryPoint>();
  const entryPointsNode = top.get("entry_points");
  if (entryPointsNode !== undefined && !isNull(entryPointsNode)) {
    if (!isMap(entryPointsNode)) throw fail(entryPointsNode, "entry_points", "must be a mapping of entry point names to {parameters, command}");
    const keyNodes = new Map<string, Node>();
    for (const [epName, epNode] of entries(doc, entryPointsNode, "entry_points", fail, keyNodes)) {
      entryPoints.set(epName, parseEntryPoint(doc, epName, epNode, keyNodes.get(epName)!, fail));
    }
  }
  return { file, ...(name === undefined ? {} : { name }), env, entryPoints };
}

type Fail = (node: Node | null | undefined, key: string, problem: string) => MlflowError;

function parseEntryPoint(doc: YamlDoc, name: string, node: Node, keyNode: Node, fail: Fail): EntryPoint {
  const key = `entry_points.${name}`;
  if (!isMap(node)) throw fail(keyNode, key, "must be a mapping with a command and optional parameters");
  const fields = entries(doc, node, key, fail);
  const commandNode = fields.get("command");
  if (commandNode === undefined || isNull(commandNode)) throw fail(keyNode, key, "has no command");
  const command = requireText(commandNode, `${key}.command`, fail);
  const parameters: ParameterSpec[] = [];
  const paramsNode = fields.get("parameters");
  if (paramsNode !== undefined && !isNull(paramsNode)) {
    if (!isMap(paramsNode)) throw fail(paramsNode, `${key}.parameters`, "must be a mapping of parameter names to a type or {type, default}");
    for (const [paramName, paramNode] of entries(doc, paramsNode, `${key}.parameters`, fail)) {
      parameters.push(parseParameter(doc, paramName, paramNode, `${key}.parameters.${paramName}`, fail));
    }
  }
  return { name, parameters, command };
}

function parseParameter(doc: YamlDoc, name: string, node: Node, key: string, fail: Fail): ParameterSpec {
  let typeNode: Node | undefined;
  let defaultNode: Node | undefined;
  if (isScalar(node) && typeof node.value === "string") {
    typeNode = node;
  } else if (isMap(node)) {
    const fields = entries(doc, node, key, fail);
    typeNode = fields.get("type");
    defaultNode = fields.get("default");
  } else if (!isNull(node)) {
    throw fail(node, key, "must be a type name (e.g. float) or a mapping {type, default}");
  }
  // MLflow's default type when `type` is left out.
  const typeText = typeNode === undefined || isNull(typeNode) ? "string" : requireText(typeNode, `${key}.type`, fail);
  if (!(PARAMETER_TYPES as readonly string[]).includes(typeText)) {
    throw fail(typeNode, `${key}.type`, `"${typeText}" is not a parameter type (expected one of ${PARAMETER_TYPES.join(", ")})`);
  }
  const type = typeText as ParameterType;
  if (defaultNode === undefined || isNull(defaultNode)) return { name, type };
  if (!isScalar(defaultNode)) throw fail(defaultNode, `${key}.default`, "must be a single value, not a list or mapping");
  const value = scalarText(defaultNode);
  const problem = parameterValueProblem(type, value);
  if (problem) throw fail(defaultNode, `${key}.default`, `"${value}" is not a valid ${type} (${problem})`);
  return { name, type, default: value };
}

function parseEnv(doc: YamlDoc, top: ReadonlyMap<string, Node>, topKeys: ReadonlyMap<string, Node>, fail: Fail): ProjectEnv {
  const present = ENV_KEYS.filter((k) => top.has(k) && !isNull(top.get(k)!));
  if (present.length > 1) {
    throw fail(topKeys.get(present[1]!), "", `a project may declare at most one environment, found ${present.join(" and ")}`);
  }
  const [envKey] = present;
  if (envKey === undefined) return { type: "none" };
  const node = top.get(envKey)!;
  if (envKey === "docker_env") return parseDockerEnv(doc, node, topKeys.get(envKey)!, fail);
  const file = requireText(node, envKey, fail);
  return { type: envKey === "python_env" ? "python" : "conda", file };
}

function parseDockerEnv(doc: YamlDoc, node: Node, keyNode: Node, fail: Fail): DockerEnv {
  if (!isMap(node)) throw fail(keyNode, "docker_env", "must be a mapping with an image (and optional volumes, environment)");
  const fields = entries(doc, node, "docker_env", fail);
  const imageNode = fields.get("image");
  if (imageNode === undefined || isNull(imageNode)) throw fail(keyNode, "docker_env", "has no image");
  const image = requireText(imageNode, "docker_env.image", fail);
  if (image.trim() === "") throw fail(imageNode, "docker_env.image", "must not be empty");

  const volumes: string[] = [];
  const volumesNode = fields.get("volumes");
  if (volumesNode !== undefined && !isNull(volumesNode)) {
    const items = isSeq(volumesNode) ? volumesNode.items.map((item) => resolve(doc, item as Node)) : undefined;
    if (!items?.every((item) => isScalar(item) && typeof item.value === "string")) {
      throw fail(volumesNode, "docker_env.volumes", 'must be a list of strings, e.g. ["/path1/:/path1", "/path2/:/path2"]');
    }
    for (const item of items) volumes.push(scalarText(item as Node));
  }

  const environment: DockerEnvVariable[] = [];
  const envNode = fields.get("environment");
  if (envNode !== undefined && !isNull(envNode)) {
    const problem =
      'must be a list of variable names to copy from the host or [NAME, value] pairs, e.g. [["NEW_VAR", "new_value"], "VAR_TO_COPY_FROM_HOST"]';
    if (!isSeq(envNode)) throw fail(envNode, "docker_env.environment", problem);
    for (const raw of envNode.items) {
      const item = resolve(doc, raw as Node);
      if (isScalar(item) && typeof item.value === "string") {
        environment.push({ copy: item.value });
      } else if (isSeq(item) && item.items.length === 2 && item.items.every((part) => isScalar(resolve(doc, part as Node)))) {
        const [nameNode, valueNode] = item.items.map((part) => resolve(doc, part as Node)!);
        environment.push({ name: scalarText(nameNode!), value: scalarText(valueNode!) });
      } else {
        throw fail(item, "docker_env.environment", problem);
      }
    }
  }
  return { type: "docker", image, volumes, environment };
}

/**
 * The values of a mapping by key; `keyNodes` (when given) receives each key's node, which
 * is where errors about a missing field point. Duplicate keys are YAML errors already.
 */
function entries(doc: YamlDoc, map: YAMLMap, key: string, fail: Fail, keyNodes?: Map<string, Node>): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const pair of map.items) {
    const keyNode = resolve(doc, pair.key as Node);
    if (!isScalar(keyNode) || keyNode.value === null) throw fail(keyNode ?? map, key, "keys must be plain names");
    const name = scalarText(keyNode);
    // A key without a value (`main:`) reads as null, like PyYAML does.
    out.set(name, resolve(doc, pair.value as Node) ?? keyNode);
    keyNodes?.set(name, keyNode);
  }
  return out;
}

function resolve(doc: YamlDoc, node: Node | null | undefined): Node | undefined {
  if (node === null || node === undefined) return undefined;
  return isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
}

function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** A scalar as text: strings as they are, numbers and booleans as written in the file. */
function scalarText(node: Node): string {
  if (!isScalar(node)) return "";
  if (typeof node.value === "string") return node.value;
  return node.source ?? String(node.value);
}

function requireText(node: Node, key: string, fail: Fail): string {
  if (!isScalar(node) || node.value === null) throw fail(node, key, "must be a single value (a string)");
  return scalarText(node);
}
