import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { buildLayer } from "./build-layer.js";
import type { CredentialLookup } from "./docker-credentials.js";
import { type AddedLayer, deriveImage } from "./image-config.js";
import { formatImageReference, type ImageReference, parseImageReference } from "./image-reference.js";
import type { Descriptor } from "./oci-media-types.js";
import { PROJECT_WORKDIR, planProjectLayers } from "./project-layers.js";
import type { BlobState, PushProgressEvent } from "./push-progress.js";
import { RegistryClient, sha256Digest } from "./registry-client.js";
import { resolveImage } from "./resolve-image.js";
import { DEFAULT_PLATFORM, parsePlatform } from "./select-platform.js";

/** Where registries are and how to log in to them. */
export interface RegistryAccess {
  /** Registries (`host` or `host:port`) reached over plain HTTP besides localhost/127.0.0.0/8. */
  readonly insecureRegistries?: readonly string[];
  /** Default: anonymous. The CLI passes `dockerCredentials()`. */
  readonly credentials?: CredentialLookup;
  /** The fetch to use (tests wrap it). */
  readonly fetch?: typeof fetch;
}

/** What to build and where to push it. */
export interface BuildProjectImageOptions extends RegistryAccess {
  readonly projectDir: string;
  /** `docker_env.image` of the MLproject. */
  readonly baseImage: string;
  /** The `repository-uri` of the backend config: a repository with no tag. */
  readonly repositoryUri: string;
  /** The tag, e.g. the first 7 characters of the Git commit; default: a digest of the image's content. */
  readonly tag?: string;
  /** `os/architecture[/variant]` picked from multi-platform base images. Default linux/amd64. */
  readonly platform?: string;
  readonly onProgress?: (event: PushProgressEvent) => void;
  /** Parent of the temporary folder holding the layers while they are pushed. */
  readonly tmpDir?: string;
}

/** A pushed image. */
export interface PushedImage {
  /** `registry/repository` as written in `repository-uri`. */
  readonly repository: string;
  readonly tag: string;
  /** Digest of the pushed manifest. */
  readonly digest: string;
  /** `repository:tag@digest`, what the Job's container runs. */
  readonly reference: string;
  /** What happened to each blob (layers, then config). */
  readonly blobs: readonly { readonly digest: string; readonly size: number; readonly state: BlobState }[];
}

/**
 * Builds the image of a project without a Docker daemon and pushes it: resolves the base
 * image (`node:20-slim` is Docker Hub's `library/node`; indexes give `platform`), adds the
 * planned layers (see `planProjectLayers`) with the working directory at
 * /mlflow/projects/code, and pushes every blob the target repository lacks: base layers
 * are mounted from the base repository on the same registry or copied byte for byte from
 * another one, new layers uploaded; blobs already there are skipped. Then tags the manifest.
 * Throws INVALID_PARAMETER_VALUE for bad references (a `repository-uri` with a tag or
 * digest) or an unbuilt project, and the registry client's errors (see `RegistryClient`).
 */
export async function buildProjectImage(options: BuildProjectImageOptions): Promise<PushedImage> {
  const emit = options.onProgress ?? (() => {});
  const base = parseImageReference(options.baseImage, "docker_env.image");
  const target = parseImageReference(options.repositoryUri, "repository-uri");
  if (target.tag !== undefined || target.digest !== undefined) {
    throw MlflowError.invalidParameter(
      `repository-uri '${options.repositoryUri}' must name a repository without a tag or digest: Sextant tags the image with the Git commit`,
    );
  }
  const platform = parsePlatform(options.platform ?? DEFAULT_PLATFORM);
  const client = (host: string) => new RegistryClient({ host, ...access(options) });
  const baseClient = client(base.apiHost);
  const targetClient = target.apiHost === base.apiHost ? baseClient : client(target.apiHost);

  const resolved = await resolveImage(baseClient, base, platform);
  emit({ type: "base", image: formatImageReference(base), digest: resolved.digest, ...(resolved.platform ? { platform: resolved.platform } : {}) });
  const baseConfigBytes = await baseClient.getBlob(base.repository, resolved.manifest.config.digest);
  const baseConfig = JSON.parse(baseConfigBytes.toString("utf8")) as Record<string, unknown>;

  const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), "sextant-image-"));
  try {
    const added: (AddedLayer & { file: string })[] = [];
    for (const [i, plan] of (await planProjectLayers(options.projectDir, (message) => emit({ type: "notice", message }))).entries()) {
      const layer = await buildLayer(plan.files, PROJECT_WORKDIR, join(dir, `layer-${i}.tar.gz`));
      emit({ type: "layer-built", name: plan.name, digest: layer.digest, size: layer.size, entries: layer.entries });
      added.push({ digest: layer.digest, diffId: layer.diffId, size: layer.size, createdBy: plan.createdBy, file: layer.file });
    }
    const image = deriveImage(resolved.manifest, resolved.manifestMediaType, baseConfig, added, PROJECT_WORKDIR, sha256Digest);
    const tag = options.tag ?? `sha256-${sha256Digest(image.manifest).slice(7, 19)}`;
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw MlflowError.invalidParameter(`Invalid image tag '${tag}'`);

    const count = image.layers.length + 1;
    const states: { digest: string; size: number; state: BlobState }[] = [];
    const baseCount = resolved.manifest.layers.length;
    const jobs = image.layers.map((layer, i) => async () => {
      const ours = i >= baseCount ? added[i - baseCount] : undefined;
      const report = (state: BlobState, sent: number, from?: string) =>
        emit({ type: "blob", role: "layer", index: i + 1, count, digest: layer.digest, size: layer.size, state, sent, ...(from ? { from } : {}) });
      const state = await pushBlob(targetClient, target, layer, report, ours ? { file: ours.file } : { client: baseClient, reference: base });
      states[i] = { digest: layer.digest, size: layer.size, state };
    });
    await runLimited(jobs, 3);
    const configDescriptor = { digest: image.configDigest, size: image.config.length };
    const configState = await pushBlob(
      targetClient,
      target,
      configDescriptor,
      (state, sent) => emit({ type: "blob", role: "config", index: count, count, ...configDescriptor, state, sent }),
      { bytes: image.config },
    );
    states.push({ ...configDescriptor, state: configState });
    const digest = await targetClient.putManifest(target.repository, tag, image.manifest, image.manifestMediaType);
    const repository = `${target.registry}/${target.repository}`;
    const reference = `${repository}:${tag}@${digest}`;
    emit({ type: "manifest", reference: `${repository}:${tag}`, digest });
    return { repository, tag, digest, reference, blobs: states };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type BlobSource = { readonly file: string } | { readonly bytes: Buffer } | { readonly client: RegistryClient; readonly reference: ImageReference };

async function pushBlob(
  target: RegistryClient,
  ref: ImageReference,
  blob: Pick<Descriptor, "digest" | "size">,
  report: (state: BlobState, sent: number, from?: string) => void,
  source: BlobSource,
): Promise<BlobState> {
  if (await target.hasBlob(ref.repository, blob.digest)) {
    report("exists", 0);
    return "exists";
  }
  if ("client" in source && source.client.host === target.host) {
    if (await target.mountBlob(ref.repository, blob.digest, source.reference.repository)) {
      report("mounted", 0);
      return "mounted";
    }
  }
  report("uploading", 0);
  const onBytes = (sent: number) => report("uploading", sent);
  let from: string | undefined;
  if ("file" in source) {
    await target.uploadBlob(ref.repository, blob.digest, blob.size, createReadStream(source.file, { highWaterMark: 1024 * 1024 }), onBytes);
  } else if ("bytes" in source) {
    await target.uploadBlob(ref.repository, blob.digest, blob.size, [new Uint8Array(source.bytes)], onBytes);
  } else {
    const response = await source.client.openBlob(source.reference.repository, blob.digest);
    if (!response.body) throw new MlflowError("INTERNAL_ERROR", `Registry ${source.client.host} sent no body for blob ${blob.digest}`);
    from = `${source.reference.registry}/${source.reference.repository}`;
    await target.uploadBlob(ref.repository, blob.digest, blob.size, response.body as unknown as AsyncIterable<Uint8Array>, onBytes);
  }
  report("uploaded", blob.size, from);
  return "uploaded";
}

async function runLimited(jobs: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next]!;
      next += 1;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

function access(options: RegistryAccess): RegistryAccess {
  return {
    ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}
