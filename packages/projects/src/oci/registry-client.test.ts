import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRegistry, type TestRegistry } from "../test-support/test-registry.js";
import { dockerCredentials } from "./docker-credentials.js";
import { RegistryClient, sha256Digest } from "./registry-client.js";

let registry: TestRegistry;
let dir: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  dir = await mkdtemp(join(tmpdir(), "sextant-registry-client-"));
});
afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("RegistryClient", () => {
  it("uploads a large blob in chunks (PATCH with Content-Range), reporting progress, and reads it back", async () => {
    const client = new RegistryClient({ host: registry.host, chunkSize: 4096 });
    const data = new Uint8Array(10_000).map((_, i) => (i * 7) % 251);
    const digest = sha256Digest(data);
    const progress: number[] = [];
    const pieces = [data.subarray(0, 3000), data.subarray(3000, 9000), data.subarray(9000)];
    await client.uploadBlob("chunks/test", digest, data.length, pieces, (sent) => progress.push(sent));
    expect(progress).toEqual([4096, 8192, 10_000]);
    expect(await client.hasBlob("chunks/test", digest)).toBe(true);
    expect(await client.hasBlob("chunks/other", digest)).toBe(false);
    expect(await client.mountBlob("chunks/other", digest, "chunks/test")).toBe(true);
    expect(await client.hasBlob("chunks/other", digest)).toBe(true);
    expect(new Uint8Array(await client.getBlob("chunks/other", digest))).toEqual(data);
  });

  it("refuses a blob whose bytes do not match the digest, and a source shorter than announced", async () => {
    const client = new RegistryClient({ host: registry.host });
    const wrong = sha256Digest(new Uint8Array([1]));
    await expect(client.uploadBlob("chunks/test", wrong, 2, [new Uint8Array([1, 2])])).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("DIGEST_INVALID"),
    });
    await expect(client.uploadBlob("chunks/test", wrong, 5, [new Uint8Array([1, 2])])).rejects.toMatchObject({ code: "INTERNAL_ERROR" });
  });

  it("answers RESOURCE_DOES_NOT_EXIST for a missing manifest", async () => {
    const client = new RegistryClient({ host: registry.host });
    await expect(client.getManifest("nothing/here", "latest")).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });
});

describe("dockerCredentials", () => {
  it("reads auths from DOCKER_CONFIG (auth, username/password, identitytoken) and Docker Hub's keys", async () => {
    const config = join(dir, "cfg");
    await mkdir(config);
    await writeFile(
      join(config, "config.json"),
      JSON.stringify({
        auths: {
          "https://index.docker.io/v1/": { auth: Buffer.from("hubuser:hubpass").toString("base64") },
          "registry.lan:5000": { username: "u", password: "p:w" },
          "https://ghcr.io": { identitytoken: "refresh-me" },
        },
      }),
    );
    const lookup = dockerCredentials({ env: { DOCKER_CONFIG: config } });
    expect(await lookup("registry-1.docker.io")).toEqual({ kind: "basic", username: "hubuser", password: "hubpass" });
    expect(await lookup("registry.lan:5000")).toEqual({ kind: "basic", username: "u", password: "p:w" });
    expect(await lookup("ghcr.io")).toEqual({ kind: "identity-token", token: "refresh-me" });
    expect(await lookup("elsewhere.io")).toBeUndefined();
  });

  it("reads ~/.docker/config.json without DOCKER_CONFIG, and asks credential helpers", async () => {
    const home = join(dir, "home");
    const bin = join(dir, "bin");
    await mkdir(join(home, ".docker"), { recursive: true });
    await mkdir(bin);
    await writeFile(join(home, ".docker/config.json"), JSON.stringify({ credHelpers: { "helped.io": "fake" }, auths: { "plain.io": { auth: Buffer.from("a:b").toString("base64") } } }));
    await writeFile(join(bin, "docker-credential-fake"), '#!/bin/sh\nread server\necho "{\\"ServerURL\\":\\"$server\\",\\"Username\\":\\"helper-user\\",\\"Secret\\":\\"helper-secret\\"}"\n');
    await chmod(join(bin, "docker-credential-fake"), 0o755);
    const lookup = dockerCredentials({ home, env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(await lookup("plain.io")).toEqual({ kind: "basic", username: "a", password: "b" });
    expect(await lookup("helped.io")).toEqual({ kind: "basic", username: "helper-user", password: "helper-secret" });
    const broken = join(dir, "broken");
    await mkdir(broken);
    await writeFile(join(broken, "config.json"), "{ nope");
    await expect(dockerCredentials({ env: { DOCKER_CONFIG: broken } })("x.io")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
  });
});
