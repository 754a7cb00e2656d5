import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectBackendRegistry } from "./create-project-backend-registry.js";
import { prepareProjectRun } from "./prepare-project-run.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sextant-prepare-"));
  await writeFile(
    join(dir, "MLproject"),
    "name: p\ndocker_env:\n  image: node:20-slim\nentry_points:\n  main:\n    parameters:\n      C: {type: float, default: 1.0}\n      data: {type: path, default: MLproject}\n    command: node train.js --C {C} --data {data}\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const prepare = (options: Partial<Parameters<typeof prepareProjectRun>[0]> = {}) =>
  prepareProjectRun({ uri: dir, backends: createProjectBackendRegistry(), cwd: dir, ...options });

describe("prepareProjectRun", () => {
  it("validates everything and builds the command, quoting values", async () => {
    const prepared = await prepare({ parameters: new Map([["C", "0.5"], ["note", "a b"]]) });
    expect(prepared.command).toBe(`node train.js --C 0.5 --data ${join(dir, "MLproject")} --note 'a b'`);
    expect(prepared.backend.name).toBe("local");
    expect(prepared.project.env).toMatchObject({ type: "docker", image: "node:20-slim" });
  });

  it("names unknown backends and env managers, and settings the local backend cannot use", async () => {
    await expect(prepare({ backend: "databricks" })).rejects.toThrow("Unknown project backend 'databricks'. Known backends: local, kubernetes");
    await expect(prepare({ envManager: "pipenv" })).rejects.toThrow("Unknown --env-manager 'pipenv'. Known: local, virtualenv, uv, conda");
    await expect(prepare({ envManager: "conda" })).rejects.toThrow(/The local backend supports --env-manager local only/);
    await expect(prepare({ backendConfig: { "repository-uri": "x" } })).rejects.toThrow(
      "The local backend takes no --backend-config settings, got: repository-uri",
    );
  });

  it("refuses a bad value before anything else happens", async () => {
    await expect(prepare({ parameters: new Map([["C", "abc"]]) })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
      message: expect.stringContaining(`parameter 'C' must be a float, got "abc"`),
    });
  });
});
