import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "./load-project.js";
import { resolveEntryPoint } from "./resolve-entry-point.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sextant-entry-"));
  for (const file of ["train.py", "run me.sh", "train.js", "train.ts"]) await writeFile(join(dir, file), "");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("resolveEntryPoint", () => {
  it("runs script files of a project without MLproject by extension", async () => {
    const project = await loadProject(dir);
    expect(project.file).toBeUndefined();
    expect((await resolveEntryPoint(project, dir, "train.py")).command).toBe("python train.py");
    expect((await resolveEntryPoint(project, dir, "run me.sh", { shell: "/bin/zsh" })).command).toBe("/bin/zsh 'run me.sh'");
    expect((await resolveEntryPoint(project, dir, "train.js")).command).toBe("node train.js");
  });

  it("explains what it cannot run", async () => {
    const project = await loadProject(dir);
    await expect(resolveEntryPoint(project, dir, "main")).rejects.toThrow(
      "Could not find entry point main among the declared entry points ((the project declares none)) or run it as a script: supported script extensions are .py, .sh, .js, .mjs, .cjs, .R",
    );
    await expect(resolveEntryPoint(project, dir, "train.ts")).rejects.toThrow(/TypeScript file, which Node cannot run directly/);
    await expect(resolveEntryPoint(project, dir, "missing.py")).rejects.toThrow(/there is no script file missing.py/);
  });

  it("prefers declared entry points, and loadProject finds MLproject in any case", async () => {
    await writeFile(join(dir, "mlproject"), "name: p\nentry_points:\n  train.py:\n    command: python other.py\n");
    const project = await loadProject(dir);
    expect(project.name).toBe("p");
    expect((await resolveEntryPoint(project, dir, "train.py")).command).toBe("python other.py");
    await rm(join(dir, "mlproject"));
  });

  it("requires a declared python_env file to exist", async () => {
    await writeFile(join(dir, "MLproject"), "python_env: python_env.yaml\n");
    await expect(loadProject(dir)).rejects.toThrow(/python_env names python_env.yaml, but .*python_env.yaml does not exist/);
    await rm(join(dir, "MLproject"));
    await expect(loadProject(join(dir, "nope"))).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });
});
