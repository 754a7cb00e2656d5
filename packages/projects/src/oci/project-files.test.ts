import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLayer } from "./build-layer.js";
import { IgnoreRules } from "./ignore-rules.js";
import { listProjectFiles } from "./project-files.js";

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sextant-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe("IgnoreRules", () => {
  it("reads gitignore syntax: unanchored names, anchored paths, directory-only, negation, **", () => {
    const rules = IgnoreRules.parse("# comment\n*.log\n/build\nout/\n!keep.log\ndocs/**/*.tmp\n\\#hash\n", "gitignore");
    expect(rules.verdict("a.log", false)).toBe(true);
    expect(rules.verdict("deep/b.log", false)).toBe(true);
    expect(rules.verdict("keep.log", false)).toBe(false);
    expect(rules.verdict("build", true)).toBe(true);
    expect(rules.verdict("sub/build", true)).toBeUndefined();
    expect(rules.verdict("out", true)).toBe(true);
    expect(rules.verdict("out", false)).toBeUndefined();
    expect(rules.verdict("docs/a/b/c.tmp", false)).toBe(true);
    expect(rules.verdict("docs/c.tmp", false)).toBe(true);
    expect(rules.verdict("#hash", false)).toBe(true);
    expect(rules.verdict("src/main.ts", false)).toBeUndefined();
  });

  it("reads dockerignore syntax: anchored at the root, parent folders count, exceptions", () => {
    const rules = IgnoreRules.parse("*.md\n!README.md\n./tmp\n**/*.pyc\n", "dockerignore");
    expect(rules.verdict("notes.md", false)).toBe(true);
    expect(rules.verdict("sub/notes.md", false)).toBeUndefined();
    expect(rules.verdict("README.md", false)).toBe(false);
    expect(rules.verdict("tmp/a/b.txt", false)).toBe(true);
    expect(rules.verdict("x/y/z.pyc", false)).toBe(true);
  });
});

describe("listProjectFiles", () => {
  it("lists every file, tracked or not, minus nested .gitignore rules and .git, sorted, links kept", async () => {
    const root = join(dir, "gitignore");
    await tree(root, {
      ".gitignore": "*.log\nbuild/\n",
      "a.txt": "a",
      "b.log": "b",
      "build/out.js": "x",
      "src/.gitignore": "!important.log\ngenerated/\n",
      "src/important.log": "keep",
      "src/generated/g.ts": "g",
      "src/main.ts": "m",
      "src/Z.ts": "z",
      ".git/config": "git",
    });
    await symlink("a.txt", join(root, "link"));
    await mkdir(join(root, "empty"));
    const files = await listProjectFiles(root);
    expect(files.map((f) => `${f.kind[0]} ${f.path}`)).toEqual([
      "f .gitignore",
      "f a.txt",
      "d empty",
      "s link",
      "d src",
      "f src/.gitignore",
      "f src/Z.ts",
      "f src/important.log",
      "f src/main.ts",
    ]);
    expect(files.find((f) => f.path === "link")?.linkTarget).toBe("a.txt");
    const forced = await listProjectFiles(root, { forceInclude: ["build"] });
    expect(forced.map((f) => f.path)).toContain("build/out.js");
    await expect(listProjectFiles(root, { forceInclude: ["dist"] })).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });

  it("uses .dockerignore instead of .gitignore when there is one, with re-included files in excluded folders", async () => {
    const root = join(dir, "dockerignore");
    await tree(root, {
      ".dockerignore": "data\n!data/keep.csv\n*.md\n",
      ".gitignore": "a.txt\n",
      "a.txt": "a",
      "README.md": "r",
      "data/big.csv": "1",
      "data/keep.csv": "2",
    });
    const files = await listProjectFiles(root);
    expect(files.map((f) => f.path)).toEqual([".dockerignore", ".gitignore", "a.txt", "data/keep.csv"]);
  });
});

describe("buildLayer", () => {
  it("is reproducible and readable by GNU tar, with long names, fixed owners and times", async () => {
    const root = join(dir, "layer");
    const longName = `${"deep/".repeat(30)}${"n".repeat(120)}.txt`;
    await tree(root, { "x.txt": "hello", [longName]: "long", "ünïcode.txt": "u" });
    await symlink("x.txt", join(root, "to-x"));
    const files = await listProjectFiles(root);
    const one = await buildLayer(files, "mlflow/projects/code", join(dir, "one.tar.gz"));
    const two = await buildLayer(files, "mlflow/projects/code", join(dir, "two.tar.gz"));
    expect(two.digest).toBe(one.digest);
    expect(two.diffId).toBe(one.diffId);
    expect(await readFile(one.file)).toEqual(await readFile(two.file));
    const { stdout } = await run("tar", ["-tvzf", one.file], { maxBuffer: 1 << 24 });
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^drwxr-xr-x 0\/0 +0 1970-01-01 00:00 mlflow\/$/);
    expect(lines.some((l) => l.endsWith(`mlflow/projects/code/${longName}`))).toBe(true);
    expect(lines.some((l) => l.endsWith("mlflow/projects/code/ünïcode.txt"))).toBe(true);
    expect(lines.some((l) => /^lrwxrwxrwx .* mlflow\/projects\/code\/to-x -> x\.txt$/.test(l))).toBe(true);
    const out = join(dir, "extracted");
    await mkdir(out);
    await run("tar", ["-xzf", one.file, "-C", out]);
    expect(await readFile(join(out, "mlflow/projects/code", longName), "utf8")).toBe("long");
  });
});
