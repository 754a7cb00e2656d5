import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeParameters } from "./compute-parameters.js";
import type { EntryPoint } from "./project-spec.js";

const main: EntryPoint = {
  name: "main",
  command: "x",
  parameters: [
    { name: "C", type: "float", default: "1.0" },
    { name: "penalty", type: "string", default: "l1" },
    { name: "epochs", type: "int", default: "10" },
    { name: "data", type: "path", default: "data.csv" },
    { name: "out", type: "uri", default: "s3://bucket/out" },
  ],
};

let cwd: string;
let projectDir: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "sextant-params-cwd-"));
  projectDir = await mkdtemp(join(tmpdir(), "sextant-params-project-"));
  await writeFile(join(projectDir, "data.csv"), "x\n");
  await writeFile(join(cwd, "mine.csv"), "x\n");
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
  await rm(projectDir, { recursive: true, force: true });
});

const compute = (params: Record<string, string>, entryPoint = main) =>
  computeParameters(entryPoint, new Map(Object.entries(params)), { cwd, projectDir });

describe("computeParameters", () => {
  it("uses defaults, resolves paths and keeps extra parameters in order", async () => {
    const result = await compute({ C: "0.5", zeta: "1", alpha: "two words" });
    expect([...result.declared]).toEqual([
      ["C", "0.5"],
      ["penalty", "l1"],
      ["epochs", "10"],
      ["data", "data.csv"],
      ["out", "s3://bucket/out"],
    ]);
    // A default path is relative to the project folder.
    expect(result.resolved.get("data")).toBe(join(projectDir, "data.csv"));
    expect([...result.extra]).toEqual([
      ["zeta", "1"],
      ["alpha", "two words"],
    ]);
  });

  it("resolves a given relative path against the caller's folder, and file: URIs", async () => {
    expect((await compute({ data: "mine.csv" })).resolved.get("data")).toBe(join(cwd, "mine.csv"));
    expect((await compute({ data: `file://${join(projectDir, "data.csv")}` })).resolved.get("data")).toBe(join(projectDir, "data.csv"));
  });

  it("rejects a float that is not a number, naming the parameter and its type", async () => {
    await expect(compute({ C: "abc" })).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
      message: `Invalid parameters for entry point main: parameter 'C' must be a float, got "abc" (expected a number such as 0.5, 3 or 1e-4)`,
    });
  });

  it("reports every invalid value at once", async () => {
    const error = await compute({ C: "1,5", epochs: "2.5", out: "no-scheme", data: "missing.csv" }).then(
      () => new Error("expected a rejection"),
      (e: Error) => e,
    );
    expect(error.message).toContain("parameter 'C' must be a float");
    expect(error.message).toContain("parameter 'epochs' must be an int");
    expect(error.message).toContain("parameter 'out' must be a uri");
    expect(error.message).toContain(`parameter 'data' (path) is "missing.csv", but no such file or folder ${join(cwd, "missing.csv")} exists`);
  });

  it("accepts the number forms Python's float() and int() accept", async () => {
    for (const C of ["0.5", "-3", "+1e-4", ".5", "5.", "1E10"]) await expect(compute({ C })).resolves.toBeDefined();
    for (const epochs of ["0", "-2", "+7"]) await expect(compute({ epochs })).resolves.toBeDefined();
  });

  it("refuses remote URIs for path parameters (downloads are not supported)", async () => {
    await expect(compute({ data: "s3://bucket/data.csv" })).rejects.toThrow(/must be a local file or folder; downloading "s3:\/\/bucket\/data.csv" is not supported/);
  });

  it("lists every missing parameter", async () => {
    const entryPoint: EntryPoint = {
      name: "main",
      command: "x",
      parameters: [
        { name: "a", type: "float" },
        { name: "b", type: "path" },
        { name: "c", type: "string", default: "" },
      ],
    };
    await expect(compute({}, entryPoint)).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
      message: "No value given for missing parameters of entry point main: 'a' (float), 'b' (path); pass them with -P name=value",
    });
  });
});
