import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";

const run = promisify(execFile);

const DOCKER = {
  manifest: "application/vnd.docker.distribution.manifest.v2+json",
  config: "application/vnd.docker.container.image.v1+json",
  layer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
};
const OCI = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar+gzip",
};

/** The environment every test base image declares. */
export const TEST_BASE_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "BASE_IMAGE_VAR=from-base"];
/** The entrypoint every test base image declares. */
export const TEST_BASE_ENTRYPOINT = ["/usr/local/bin/entry.sh"];

/** A single-platform image pushed for tests. */
export interface TestImage {
  readonly digest: string;
  readonly manifest: { readonly layers: readonly { readonly digest: string; readonly size: number }[]; readonly config: { readonly digest: string } };
  readonly config: Record<string, unknown>;
}

const digestOf = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/**
 * Makes a small root file system from files on this machine (/etc/os-release, /bin/true, an
 * entrypoint script and a file naming the architecture), packs it with the system's GNU tar
 * and gzip (independent of the code under test) and returns the layer bytes.
 */
async function makeRootfsLayer(architecture: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "sextant-rootfs-"));
  try {
    const root = join(dir, "rootfs");
    await mkdir(join(root, "etc"), { recursive: true });
    await mkdir(join(root, "bin"), { recursive: true });
    await mkdir(join(root, "usr/local/bin"), { recursive: true });
    await copyFile("/etc/os-release", join(root, "etc/os-release"));
    await copyFile("/bin/true", join(root, "bin/true"));
    await writeFile(join(root, "usr/local/bin/entry.sh"), '#!/bin/sh\nexec "$@"\n');
    await chmod(join(root, "usr/local/bin/entry.sh"), 0o755);
    await writeFile(join(root, "etc/sextant-test-arch"), `${architecture}\n`);
    const tarFile = join(dir, "layer.tar");
    await run("tar", ["-C", root, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", tarFile, "."]);
    await run("gzip", ["-n", "-9", tarFile]);
    return await readFile(`${tarFile}.gz`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function putBlob(url: string, repository: string, bytes: Uint8Array): Promise<string> {
  const digest = digestOf(bytes);
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, { method: "POST" });
  await start.arrayBuffer();
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get("location")!, url);
  location.searchParams.set("digest", digest);
  const put = await fetch(location, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: bytes });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`);
  return digest;
}

async function putManifest(url: string, repository: string, reference: string, mediaType: string, body: unknown): Promise<string> {
  const bytes = Buffer.from(JSON.stringify(body));
  const response = await fetch(`${url}/v2/${repository}/manifests/${reference}`, { method: "PUT", headers: { "content-type": mediaType }, body: new Uint8Array(bytes) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`manifest push: HTTP ${response.status} ${text}`);
  return digestOf(bytes);
}

/**
 * Pushes a one-layer image for `architecture` to `repository` on the registry at `url`
 * (Docker schema 2 or OCI types), tagged `tag` when given (else only by digest).
 */
export async function pushTestBaseImage(url: string, repository: string, options: { tag?: string; architecture?: string; format?: "docker" | "oci" } = {}): Promise<TestImage> {
  const architecture = options.architecture ?? "amd64";
  const types = options.format === "oci" ? OCI : DOCKER;
  const layer = await makeRootfsLayer(architecture);
  const layerDigest = await putBlob(url, repository, layer);
  const config = {
    architecture,
    os: "linux",
    created: "2024-01-01T00:00:00Z",
    config: { Env: TEST_BASE_ENV, Entrypoint: TEST_BASE_ENTRYPOINT, Cmd: ["sh"], WorkingDir: "/" },
    rootfs: { type: "layers", diff_ids: [digestOf(gunzipSync(layer))] },
    history: [{ created: "2024-01-01T00:00:00Z", created_by: "test rootfs" }],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = await putBlob(url, repository, configBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: { mediaType: types.config, digest: configDigest, size: configBytes.length },
    layers: [{ mediaType: types.layer, digest: layerDigest, size: layer.length }],
  };
  const digest = await putManifest(url, repository, options.tag ?? digestOf(Buffer.from(JSON.stringify(manifest))), types.manifest, manifest);
  return { digest, manifest, config };
}

/** Pushes linux/amd64 and linux/arm64/v8 images plus an OCI index over them (with an attestation-like entry), tagged `tag`. */
export async function pushTestMultiArchImage(url: string, repository: string, tag: string): Promise<{ readonly indexDigest: string; readonly amd64: TestImage; readonly arm64: TestImage }> {
  const amd64 = await pushTestBaseImage(url, repository, { architecture: "amd64", format: "oci" });
  const arm64 = await pushTestBaseImage(url, repository, { architecture: "arm64", format: "oci" });
  const size = async (digest: string) => {
    const response = await fetch(`${url}/v2/${repository}/manifests/${digest}`, { headers: { accept: OCI.manifest } });
    return (await response.arrayBuffer()).byteLength;
  };
  const index = {
    schemaVersion: 2,
    mediaType: OCI.index,
    manifests: [
      { mediaType: OCI.manifest, digest: arm64.digest, size: await size(arm64.digest), platform: { os: "linux", architecture: "arm64", variant: "v8" } },
      { mediaType: OCI.manifest, digest: amd64.digest, size: await size(amd64.digest), platform: { os: "linux", architecture: "amd64" } },
    ],
  };
  const indexDigest = await putManifest(url, repository, tag, OCI.index, index);
  return { indexDigest, amd64, arm64 };
}
