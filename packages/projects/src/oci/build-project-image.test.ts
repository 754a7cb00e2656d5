import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullTestImage } from "../test-support/pull-test-image.js";
import { registryAuthProxyFor } from "../test-support/registry-auth-proxy.js";
import { pushTestBaseImage, pushTestMultiArchImage, TEST_BASE_ENTRYPOINT, TEST_BASE_ENV, type TestImage } from "../test-support/test-base-image.js";
import { startTestRegistry, type TestRegistry } from "../test-support/test-registry.js";
import { buildProjectImage, type PushedImage } from "./build-project-image.js";
import { dockerCredentials } from "./docker-credentials.js";
import type { PushProgressEvent } from "./push-progress.js";

let registry: TestRegistry;
let base: TestImage;
let multi: Awaited<ReturnType<typeof pushTestMultiArchImage>>;
let work: string;
let project: string;

/** fetch that counts blob uploads actually started (not mounts) and PATCH/PUT bodies. */
function countingFetch() {
  const counts = { uploads: 0, mounts: 0 };
  const wrapped: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? "GET";
    const response = await fetch(input, init);
    if (method === "POST" && url.includes("/blobs/uploads/")) {
      if (url.includes("mount=")) counts.mounts += 1;
      if (response.status === 202) counts.uploads += 1;
    }
    return response;
  };
  return { counts, fetch: wrapped };
}

/** A workspace like ours: a registry package, a linked workspace package with `files`, and the project. */
async function makeWorkspace(root: string): Promise<string> {
  const dep = join(root, "node_modules/left-pad");
  await mkdir(dep, { recursive: true });
  await writeFile(join(dep, "package.json"), JSON.stringify({ name: "left-pad", version: "1.3.0", main: "index.js" }));
  await writeFile(join(dep, "index.js"), "module.exports = (s) => s;\n");
  const lib = join(root, "packages/lib");
  await mkdir(join(lib, "dist"), { recursive: true });
  await mkdir(join(lib, "src"), { recursive: true });
  await writeFile(join(lib, "package.json"), JSON.stringify({ name: "@ws/lib", version: "0.1.0", main: "./dist/index.js", files: ["dist"], dependencies: { "left-pad": "^1.3.0" } }));
  await writeFile(join(lib, "dist/index.js"), "export const lib = 1;\n");
  await writeFile(join(lib, "src/index.ts"), "export const lib = 1;\n");
  await mkdir(join(root, "node_modules/@ws"), { recursive: true });
  await symlink("../../packages/lib", join(root, "node_modules/@ws/lib"));

  const proj = join(root, "examples/demo");
  await mkdir(join(proj, "src"), { recursive: true });
  await mkdir(join(proj, "dist"), { recursive: true });
  await mkdir(join(proj, "data"), { recursive: true });
  await writeFile(join(proj, "MLproject"), "name: Demo_Project\ndocker_env:\n  image: node:20-slim\nentry_points:\n  main:\n    command: node dist/train.js\n");
  await writeFile(join(proj, "package.json"), JSON.stringify({ name: "demo", private: true, type: "module", dependencies: { "@ws/lib": "*" } }));
  await writeFile(join(proj, "tsconfig.json"), '{\n  // comment\n  "compilerOptions": { "outDir": "dist", "rootDir": "src", },\n}\n');
  await writeFile(join(proj, "src/train.ts"), "console.log('train');\n");
  await writeFile(join(proj, "dist/train.js"), "console.log('train');\n");
  await writeFile(join(proj, "data/dataset.csv"), "x,y\n1,0\n");
  await writeFile(join(proj, "run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  await writeFile(join(proj, ".gitignore"), "dist/\n*.log\nsecret.txt\n");
  await writeFile(join(proj, "debug.log"), "noise\n");
  await writeFile(join(proj, "secret.txt"), "do not ship\n");
  await mkdir(join(proj, ".git"), { recursive: true });
  await writeFile(join(proj, ".git/HEAD"), "ref: refs/heads/main\n");
  await mkdir(join(proj, "node_modules/stale"), { recursive: true });
  await writeFile(join(proj, "node_modules/stale/index.js"), "stale\n");
  return proj;
}

beforeAll(async () => {
  registry = await startTestRegistry();
  base = await pushTestBaseImage(registry.url, "team/base", { tag: "1" });
  multi = await pushTestMultiArchImage(registry.url, "team/multi", "2");
  work = await mkdtemp(join(tmpdir(), "sextant-oci-test-"));
  project = await makeWorkspace(work);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("buildProjectImage against a real registry", () => {
  let first: PushedImage;
  const events: PushProgressEvent[] = [];

  it("pushes base layers untouched plus a dependency layer and a project layer", async () => {
    const { counts, fetch } = countingFetch();
    first = await buildProjectImage({
      projectDir: project,
      baseImage: `${registry.host}/team/base:1`,
      repositoryUri: `${registry.host}/team/app`,
      tag: "abc1234",
      fetch,
      onProgress: (e) => events.push(e),
    });
    expect(first.reference).toBe(`${registry.host}/team/app:abc1234@${first.digest}`);
    // Base layer mounted from team/base, two new layers and the config uploaded.
    expect(first.blobs.map((b) => b.state)).toEqual(["mounted", "uploaded", "uploaded", "uploaded"]);
    expect(counts.mounts).toBe(1);
    expect(counts.uploads).toBe(3);

    const pulled = await pullTestImage(registry.url, "team/app", "abc1234");
    expect(pulled.digest).toBe(first.digest);
    expect(pulled.manifest.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(pulled.manifest.layers[0]).toEqual(base.manifest.layers[0]);
    expect(pulled.manifest.layers).toHaveLength(3);
    expect(pulled.config.config.WorkingDir).toBe("/mlflow/projects/code");
    expect(pulled.config.config.Env).toEqual(TEST_BASE_ENV);
    expect(pulled.config.config.Entrypoint).toEqual(TEST_BASE_ENTRYPOINT);
    expect(pulled.config.rootfs.diff_ids[0]).toBe((base.config.rootfs as { diff_ids: string[] }).diff_ids[0]);

    const deps = await pulled.extractLayer(1);
    expect(deps.diffId).toBe(pulled.config.rootfs.diff_ids[1]);
    const code = join(deps.dir, "mlflow/projects/code");
    expect(await readFile(join(code, "node_modules/left-pad/index.js"), "utf8")).toContain("module.exports");
    expect(await readFile(join(code, "node_modules/@ws/lib/dist/index.js"), "utf8")).toContain("lib = 1");
    await expect(readFile(join(code, "node_modules/@ws/lib/src/index.ts"))).rejects.toThrow();
    for (const line of deps.listing) expect(line).toMatch(/ 0\/0 .* 1970-01-01 00:00 /);

    const files = await pulled.extractLayer(2);
    expect(files.diffId).toBe(pulled.config.rootfs.diff_ids[2]);
    const projectRoot = join(files.dir, "mlflow/projects/code");
    expect(await readFile(join(projectRoot, "MLproject"), "utf8")).toContain("Demo_Project");
    expect(await readFile(join(projectRoot, "dist/train.js"), "utf8")).toContain("train");
    expect(await readFile(join(projectRoot, "src/train.ts"), "utf8")).toContain("train");
    expect(await readFile(join(projectRoot, "data/dataset.csv"), "utf8")).toContain("x,y");
    const names = files.listing.map((l) => l.split(/\s+/).pop());
    expect(names).toContain("mlflow/projects/code/run.sh");
    expect(files.listing.find((l) => l.endsWith("code/run.sh"))).toMatch(/^-rwxr-xr-x/);
    for (const absent of ["secret.txt", "debug.log", ".git/HEAD", "node_modules/stale/index.js"]) {
      expect(names).not.toContain(`mlflow/projects/code/${absent}`);
    }
    expect(events.some((e) => e.type === "notice")).toBe(false);
    expect(events.filter((e) => e.type === "layer-built").map((e) => e.type === "layer-built" && e.name)).toEqual(["dependencies", "project"]);
    expect(events.some((e) => e.type === "blob" && e.state === "uploading")).toBe(true);
  });

  it("pushes the same digest and uploads nothing when the project is unchanged (file times do not matter)", async () => {
    await utimes(join(project, "src/train.ts"), new Date(), new Date(Date.now() + 5000));
    const { counts, fetch } = countingFetch();
    const notices: string[] = [];
    const second = await buildProjectImage({
      projectDir: project,
      baseImage: `${registry.host}/team/base:1`,
      repositoryUri: `${registry.host}/team/app`,
      tag: "abc1234",
      fetch,
      onProgress: (e) => e.type === "notice" && notices.push(e.message),
    });
    expect(second.digest).toBe(first.digest);
    // src/train.ts is now newer than dist/: the user is told the image gets the old build.
    expect(notices).toEqual([expect.stringContaining("dist/ is older than the project's TypeScript sources")]);
    expect(second.blobs.every((b) => b.state === "exists")).toBe(true);
    expect(counts).toEqual({ uploads: 0, mounts: 0 });
  });

  it("uploads only the project layer when only the code changed", async () => {
    await writeFile(join(project, "src/train.ts"), "console.log('changed');\n");
    const { counts, fetch } = countingFetch();
    const third = await buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/base:1`, repositoryUri: `${registry.host}/team/app`, tag: "def5678", fetch });
    expect(third.digest).not.toBe(first.digest);
    expect(third.blobs.map((b) => b.state)).toEqual(["exists", "exists", "uploaded", "uploaded"]);
    expect(counts.uploads).toBe(2);
  });

  it("tags with a content digest when no tag is given", async () => {
    const image = await buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/base:1`, repositoryUri: `${registry.host}/team/app` });
    expect(image.tag).toMatch(/^sha256-[0-9a-f]{12}$/);
    expect(image.digest.slice(7, 19)).toBe(image.tag.slice(7));
    const pulled = await pullTestImage(registry.url, "team/app", image.tag);
    expect(pulled.digest).toBe(image.digest);
  });

  it("picks linux/amd64 from a multi-platform base by default, and another platform when asked", async () => {
    const amd = await buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/multi:2`, repositoryUri: `${registry.host}/team/multi-app`, tag: "amd" });
    const pulledAmd = await pullTestImage(registry.url, "team/multi-app", "amd");
    expect(pulledAmd.manifest.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(pulledAmd.manifest.layers[0]!.digest).toBe(multi.amd64.manifest.layers[0]!.digest);
    expect(amd.blobs[0]!.state).toBe("mounted");
    const arm = await buildProjectImage({
      projectDir: project,
      baseImage: `${registry.host}/team/multi:2`,
      repositoryUri: `${registry.host}/team/multi-app`,
      tag: "arm",
      platform: "linux/arm64",
    });
    const pulledArm = await pullTestImage(registry.url, "team/multi-app", "arm");
    expect(pulledArm.manifest.layers[0]!.digest).toBe(multi.arm64.manifest.layers[0]!.digest);
    const baseLayer = await pulledArm.extractLayer(0);
    expect(await readFile(join(baseLayer.dir, "etc/sextant-test-arch"), "utf8")).toBe("arm64\n");
    expect(arm.digest).not.toBe(amd.digest);
    await expect(
      buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/multi:2`, repositoryUri: `${registry.host}/team/x`, platform: "linux/s390x" }),
    ).rejects.toThrow(/has no linux\/s390x variant \(it has: linux\/arm64\/v8, linux\/amd64\)/);
  });

  it("fails clearly for a missing base image, a tagged repository-uri and an unbuilt project", async () => {
    await expect(
      buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/nope:1`, repositoryUri: `${registry.host}/team/app` }),
    ).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST", message: expect.stringContaining("MANIFEST_UNKNOWN") });
    await expect(
      buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/base:1`, repositoryUri: `${registry.host}/team/app:v1` }),
    ).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining("without a tag") });
    await rm(join(work, "packages/lib/dist"), { recursive: true });
    try {
      await expect(
        buildProjectImage({ projectDir: project, baseImage: `${registry.host}/team/base:1`, repositoryUri: `${registry.host}/team/app` }),
      ).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining("@ws/lib") });
    } finally {
      await mkdir(join(work, "packages/lib/dist"), { recursive: true });
      await writeFile(join(work, "packages/lib/dist/index.js"), "export const lib = 1;\n");
    }
    await expect(
      buildProjectImage({ projectDir: project, baseImage: "127.0.0.1:1/team/base:1", repositoryUri: `${registry.host}/team/app` }),
    ).rejects.toMatchObject({ code: "TEMPORARILY_UNAVAILABLE", message: expect.stringContaining("Cannot reach registry 127.0.0.1:1") });
  });
});

describe("registry authentication", () => {
  it("bearer with an identitytoken (OAuth2 refresh token) from the Docker config", async () => {
    const proxy = await registryAuthProxyFor(registry.url, "bearer");
    const configDir = await mkdtemp(join(tmpdir(), "sextant-docker-config-"));
    try {
      await writeFile(join(configDir, "config.json"), JSON.stringify({ auths: { [`https://${proxy.host}`]: { identitytoken: proxy.password } } }));
      const pushed = await buildProjectImage({
        projectDir: project,
        baseImage: `${registry.host}/team/base:1`,
        repositoryUri: `${proxy.host}/secure/oauth`,
        tag: "oauth",
        credentials: dockerCredentials({ env: { DOCKER_CONFIG: configDir } }),
      });
      expect((await pullTestImage(registry.url, "secure/oauth", "oauth")).digest).toBe(pushed.digest);
      expect(proxy.requests.some((r) => r.method === "POST" && r.path === "/token")).toBe(true);
    } finally {
      await proxy.close();
      await rm(configDir, { recursive: true, force: true });
    }
  });

  for (const mode of ["bearer", "basic"] as const) {
    it(`${mode}: refuses without a login, pushes with credentials from DOCKER_CONFIG, copying base layers across registries`, async () => {
      const proxy = await registryAuthProxyFor(registry.url, mode);
      const configDir = await mkdtemp(join(tmpdir(), "sextant-docker-config-"));
      try {
        const options = { projectDir: project, baseImage: `${registry.host}/team/base:1`, repositoryUri: `${proxy.host}/secure/app-${mode}`, tag: mode };
        await expect(buildProjectImage({ ...options, credentials: dockerCredentials({ env: { DOCKER_CONFIG: configDir } }) })).rejects.toMatchObject({
          code: "UNAUTHENTICATED",
          message: expect.stringContaining(`docker login ${proxy.host}`),
        });
        const auth = Buffer.from(`${proxy.username}:${proxy.password}`).toString("base64");
        await writeFile(join(configDir, "config.json"), JSON.stringify({ auths: { [proxy.host]: { auth } } }));
        const pushed = await buildProjectImage({ ...options, credentials: dockerCredentials({ env: { DOCKER_CONFIG: configDir } }) });
        // The base layer lives on another registry: copied byte for byte, same digest.
        expect(pushed.blobs[0]).toMatchObject({ digest: base.manifest.layers[0]!.digest, state: "uploaded" });
        const pulled = await pullTestImage(registry.url, `secure/app-${mode}`, mode);
        expect(pulled.digest).toBe(pushed.digest);
        expect(proxy.requests.some((r) => r.auth === (mode === "bearer" ? "Bearer" : "Basic"))).toBe(true);
      } finally {
        await proxy.close();
        await rm(configDir, { recursive: true, force: true });
      }
    });
  }
});
