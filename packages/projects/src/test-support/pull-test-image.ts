import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** An image pulled back from a registry with plain fetch, for checking what was pushed. */
export interface PulledImage {
  readonly digest: string;
  readonly mediaType: string;
  readonly manifest: {
    readonly mediaType?: string;
    readonly config: { readonly digest: string; readonly mediaType: string };
    readonly layers: readonly { readonly digest: string; readonly size: number; readonly mediaType: string }[];
  };
  readonly config: {
    readonly config: { readonly Env?: string[]; readonly Entrypoint?: string[]; readonly Cmd?: string[]; readonly WorkingDir?: string };
    readonly rootfs: { readonly diff_ids: string[] };
    readonly history?: unknown[];
  };
  /** Downloads a layer, checks its digest, and extracts it with the system's tar into a new folder. */
  extractLayer(index: number): Promise<{ readonly dir: string; readonly diffId: string; readonly listing: string[] }>;
}

const digestOf = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** Pulls `repository:reference` from the registry at `url` (anonymous, plain HTTP). */
export async function pullTestImage(url: string, repository: string, reference: string): Promise<PulledImage> {
  const response = await fetch(`${url}/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT } });
  if (!response.ok) throw new Error(`manifest ${repository}:${reference}: HTTP ${response.status} ${await response.text()}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const manifest = JSON.parse(Buffer.from(bytes).toString("utf8")) as PulledImage["manifest"];
  const blob = async (digest: string) => {
    const r = await fetch(`${url}/v2/${repository}/blobs/${digest}`);
    if (!r.ok) throw new Error(`blob ${digest}: HTTP ${r.status}`);
    const data = new Uint8Array(await r.arrayBuffer());
    if (digestOf(data) !== digest) throw new Error(`blob ${digest} has another digest`);
    return data;
  };
  const config = JSON.parse(Buffer.from(await blob(manifest.config.digest)).toString("utf8")) as PulledImage["config"];
  return {
    digest: digestOf(bytes),
    mediaType: response.headers.get("content-type") ?? "",
    manifest,
    config,
    async extractLayer(index) {
      const layer = manifest.layers[index];
      if (!layer) throw new Error(`no layer ${index}`);
      const data = await blob(layer.digest);
      const dir = await mkdtemp(join(tmpdir(), "sextant-layer-"));
      await writeFile(join(dir, "layer.tar.gz"), data);
      await run("gzip", ["-d", join(dir, "layer.tar.gz")]);
      const diffId = digestOf(await readFile(join(dir, "layer.tar")));
      const { stdout } = await run("tar", ["-tvf", join(dir, "layer.tar")], { maxBuffer: 64 * 1024 * 1024 });
      await mkdir(join(dir, "root"));
      await run("tar", ["-xf", join(dir, "layer.tar"), "-C", join(dir, "root")]);
      return { dir: join(dir, "root"), diffId, listing: stdout.split("\n").filter((l) => l !== "") };
    },
  };
}
