import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchProject } from "./fetch-project.js";
import { projectRunTags } from "./project-run-tags.js";
import { readGitContext } from "./read-git-context.js";

let root: string;
let bareUrl: string;
let firstCommit: string;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" }).trim();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sextant-git-"));
  const work = join(root, "work");
  await mkdir(join(work, "proj"), { recursive: true });
  git(root, "init", "--quiet", "--initial-branch=main", work);
  await writeFile(join(work, "proj", "MLproject"), "name: v1\n");
  git(work, "add", ".");
  git(work, "commit", "--quiet", "-m", "v1");
  firstCommit = git(work, "rev-parse", "HEAD");
  git(work, "tag", "v1");
  git(work, "checkout", "--quiet", "-b", "feature");
  await writeFile(join(work, "proj", "MLproject"), "name: feature\n");
  git(work, "commit", "--quiet", "-am", "feature");
  git(work, "checkout", "--quiet", "main");
  await writeFile(join(work, "proj", "MLproject"), "name: v2\n");
  git(work, "commit", "--quiet", "-am", "v2");
  git(root, "clone", "--quiet", "--bare", work, join(root, "repo.git"));
  bareUrl = `file://${join(root, "repo.git")}`;
});
afterAll(() => rm(root, { recursive: true, force: true }));

const nameIn = async (dir: string) => (await readFile(join(dir, "MLproject"), "utf8")).trim();

describe("fetchProject", () => {
  it("clones the default branch of a Git URL into a temporary folder and removes it afterwards", async () => {
    const fetched = await fetchProject(`${bareUrl}#proj`, { cwd: root });
    expect(await nameIn(fetched.workDir)).toBe("name: v2");
    expect(fetched.versionIsBranch).toBe(false);
    const context = await readGitContext(fetched.workDir);
    expect(context.repoUrl).toBe(bareUrl);
    expect(context.commit).toMatch(/^[0-9a-f]{40}$/);
    await fetched.cleanup();
    expect(await stat(fetched.workDir).catch(() => undefined)).toBeUndefined();
  });

  it("checks out a branch, a tag or a commit given as --version, and tags a branch", async () => {
    const branch = await fetchProject(`${bareUrl}#proj`, { cwd: root, version: "feature" });
    expect(await nameIn(branch.workDir)).toBe("name: feature");
    expect(branch.versionIsBranch).toBe(true);
    const tags = projectRunTags({
      project: branch,
      git: await readGitContext(branch.workDir),
      entryPoint: "main",
      backend: "local",
      env: "local",
      user: "ann",
    });
    expect(Object.fromEntries(tags.map((t) => [t.key, t.value]))).toMatchObject({
      "mlflow.source.name": `${bareUrl}#proj`,
      "mlflow.source.type": "PROJECT",
      "mlflow.source.git.repoURL": bareUrl,
      "mlflow.source.git.branch": "feature",
      "mlflow.project.entryPoint": "main",
      "mlflow.user": "ann",
    });
    await branch.cleanup();

    const tag = await fetchProject(`${bareUrl}#proj`, { cwd: root, version: "v1" });
    expect(await nameIn(tag.workDir)).toBe("name: v1");
    expect(tag.versionIsBranch).toBe(false);
    await tag.cleanup();

    const commit = await fetchProject(`${bareUrl}#proj`, { cwd: root, version: firstCommit });
    expect(await nameIn(commit.workDir)).toBe("name: v1");
    expect((await readGitContext(commit.workDir)).commit).toBe(firstCommit);
    await commit.cleanup();
  });

  it("fails clearly for an unknown version, repository or subdirectory", async () => {
    await expect(fetchProject(bareUrl, { cwd: root, version: "nope" })).rejects.toThrow(
      /Unable to check out version 'nope' of Git project file:\/\/.*: make sure the branch, tag or commit exists/,
    );
    await expect(fetchProject(`file://${join(root, "missing.git")}`, { cwd: root })).rejects.toThrow(/Could not clone Git project/);
    await expect(fetchProject(`${bareUrl}#nothere`, { cwd: root })).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });

  it("uses local folders in place, names them by their Git working tree, and refuses --version", async () => {
    const local = await fetchProject("work/proj", { cwd: root });
    expect(local.workDir).toBe(join(root, "work", "proj"));
    const context = await readGitContext(local.workDir);
    const tags = projectRunTags({ project: local, git: context, entryPoint: "main", backend: "local", env: "local", user: "u" });
    expect(tags.find((t) => t.key === "mlflow.source.name")?.value).toBe(`file://${join(root, "work")}#proj`);
    expect(tags.find((t) => t.key === "mlflow.source.git.commit")?.value).toMatch(/^[0-9a-f]{40}$/);
    await expect(fetchProject("work/proj", { cwd: root, version: "main" })).rejects.toThrow(/--version is only supported for Git project URIs/);
    await expect(fetchProject("nowhere", { cwd: root })).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });
});
