import { MlflowError } from "@sextant/protocol";
import { type Descriptor, type ImageManifest, MEDIA_TYPES } from "./oci-media-types.js";

/** The `created` time of images Sextant writes: fixed, so the same input gives the same digest. */
export const IMAGE_CREATED = "1970-01-01T00:00:00Z";

/** A layer added on top of the base image. */
export interface AddedLayer {
  readonly digest: string;
  readonly diffId: string;
  readonly size: number;
  /** Shown in the image history, e.g. "COPY project files /mlflow/projects/code". */
  readonly createdBy: string;
}

/** An image config and manifest ready to push. */
export interface DerivedImage {
  readonly config: Buffer;
  readonly configDigest: string;
  readonly manifest: Buffer;
  readonly manifestMediaType: string;
  readonly layers: readonly Descriptor[];
}

type JsonObject = Record<string, unknown>;

/**
 * Derives the config and manifest of an image made of `base` plus `added` layers: the base
 * config is kept (entrypoint, command, environment, user, labels) with the working
 * directory set to `workingDir`, the new layers' diff_ids appended to `rootfs` and
 * history entries added; the manifest lists the base layers' descriptors unchanged and then
 * the new layers, in the base manifest's own format (OCI or Docker schema 2).
 * `sha256` computes digests. Throws INVALID_PARAMETER_VALUE when the base config is not an
 * image config (no `rootfs.diff_ids`).
 */
export function deriveImage(
  baseManifest: ImageManifest,
  baseManifestMediaType: string,
  baseConfig: JsonObject,
  added: readonly AddedLayer[],
  workingDir: string,
  sha256: (bytes: Uint8Array) => string,
): DerivedImage {
  const rootfs = baseConfig.rootfs as { type?: string; diff_ids?: unknown } | undefined;
  if (!rootfs || !Array.isArray(rootfs.diff_ids)) throw MlflowError.invalidParameter("The base image's config has no rootfs.diff_ids: it is not a container image");
  const docker = baseManifestMediaType === MEDIA_TYPES.dockerManifest;
  const containerConfig = { ...((baseConfig.config as JsonObject | undefined) ?? {}), WorkingDir: workingDir };
  const history = Array.isArray(baseConfig.history) ? [...(baseConfig.history as unknown[])] : [];
  history.push({ created: IMAGE_CREATED, created_by: `WORKDIR ${workingDir}`, comment: "sextant", empty_layer: true });
  for (const layer of added) history.push({ created: IMAGE_CREATED, created_by: layer.createdBy, comment: "sextant" });
  const config: JsonObject = {
    ...baseConfig,
    created: IMAGE_CREATED,
    config: containerConfig,
    rootfs: { type: rootfs.type ?? "layers", diff_ids: [...(rootfs.diff_ids as string[]), ...added.map((l) => l.diffId)] },
    history,
  };
  delete config.container_config;
  delete config.container;
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = sha256(configBytes);
  const layerType = docker ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.ociLayerGzip;
  const layers: Descriptor[] = [...baseManifest.layers, ...added.map((l) => ({ mediaType: layerType, digest: l.digest, size: l.size }))];
  const manifestMediaType = docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType: manifestMediaType,
    config: { mediaType: docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig, digest: configDigest, size: configBytes.length },
    layers,
  };
  return { config: configBytes, configDigest, manifest: Buffer.from(JSON.stringify(manifest)), manifestMediaType, layers };
}
