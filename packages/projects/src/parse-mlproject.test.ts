import { describe, expect, it } from "vitest";
import { parseMlproject } from "./parse-mlproject.js";

const parse = (text: string) => parseMlproject(text, "/p/MLproject");
const errorOf = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
  throw new Error("expected an error");
};

describe("parseMlproject", () => {
  it("reads name, docker_env and entry points with bare and {type, default} parameters", () => {
    const project = parse(`
name: tutorial
docker_env:
  image: node:20-slim
  volumes: ["/data:/data"]
  environment: [["MODE", "fast"], "AWS_ACCESS_KEY_ID"]
entry_points:
  main:
    parameters:
      C: {type: float, default: 1.0}
      penalty: {type: string, default: "l1"}
      data: path
      n: {type: int, default: 10}
      note: {default: hello}
    command: "node dist/train.js --C {C} --penalty {penalty}"
  validate:
    command: node dist/validate.js
`);
    expect(project.name).toBe("tutorial");
    expect(project.file).toBe("/p/MLproject");
    expect(project.env).toEqual({
      type: "docker",
      image: "node:20-slim",
      volumes: ["/data:/data"],
      environment: [{ name: "MODE", value: "fast" }, { copy: "AWS_ACCESS_KEY_ID" }],
    });
    const main = project.entryPoints.get("main")!;
    expect(main.command).toBe("node dist/train.js --C {C} --penalty {penalty}");
    // Defaults keep their written form: 1.0 stays "1.0", as Python's str(1.0).
    expect(main.parameters).toEqual([
      { name: "C", type: "float", default: "1.0" },
      { name: "penalty", type: "string", default: "l1" },
      { name: "data", type: "path" },
      { name: "n", type: "int", default: "10" },
      { name: "note", type: "string", default: "hello" },
    ]);
    expect(project.entryPoints.get("validate")).toEqual({ name: "validate", parameters: [], command: "node dist/validate.js" });
  });

  it("accepts an empty file and python_env/conda_env file names", () => {
    expect(parse("").entryPoints.size).toBe(0);
    expect(parse("python_env: python_env.yaml\n").env).toEqual({ type: "python", file: "python_env.yaml" });
    expect(parse("conda_env: conda.yaml\n").env).toEqual({ type: "conda", file: "conda.yaml" });
  });

  it("names the file, line and key of every problem", () => {
    expect(errorOf("entry_points:\n  main:\n    parameters:\n      C: {type: double}\n    command: x\n")).toBe(
      'INVALID_PARAMETER_VALUE: Invalid MLproject file /p/MLproject (line 4): entry_points.main.parameters.C.type: "double" is not a parameter type (expected one of float, int, string, path, uri)',
    );
    expect(errorOf("entry_points:\n  main:\n    parameters: {}\n")).toMatch(/\(line 2\): entry_points\.main: has no command/);
    expect(errorOf("entry_points:\n  main:\n    parameters:\n      C: {type: float, default: abc}\n    command: x\n")).toMatch(
      /\(line 4\): entry_points\.main\.parameters\.C\.default: "abc" is not a valid float/,
    );
    expect(errorOf("entry_points:\n  main:\n    parameters:\n      n: {type: int, default: 1.5}\n    command: x\n")).toMatch(
      /parameters\.n\.default: "1\.5" is not a valid int/,
    );
    expect(errorOf("entry_points: [a, b]\n")).toMatch(/\(line 1\): entry_points: must be a mapping/);
    expect(errorOf("- just a list\n")).toMatch(/the top level must be a mapping/);
    expect(errorOf("name: x\nname: y\n")).toMatch(/^INVALID_PARAMETER_VALUE: Invalid MLproject file \/p\/MLproject \(line 2\): not valid YAML: Map keys must be unique/);
  });

  it("enforces MLflow's docker_env and single-environment rules", () => {
    expect(errorOf("docker_env:\n  volumes: []\n")).toMatch(/docker_env: has no image/);
    expect(errorOf("docker_env:\n  image: x\n  volumes: [1, {a: b}]\n")).toMatch(/docker_env\.volumes: must be a list of strings/);
    expect(errorOf("docker_env:\n  image: x\n  environment: [[a, b, c]]\n")).toMatch(/docker_env\.environment: must be a list/);
    expect(errorOf("docker_env: {image: x}\nconda_env: conda.yaml\n")).toMatch(
      /\(line 2\): a project may declare at most one environment, found docker_env and conda_env/,
    );
  });
});
