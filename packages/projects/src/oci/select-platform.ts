import { MlflowError } from "@sextant/protocol";
import type { Descriptor, ImageIndex, Platform } from "./oci-media-types.js";

/** The platform images are built for unless configured: what most clusters' nodes run. */
export const DEFAULT_PLATFORM = "linux/amd64";

/**
 * Parses `os/architecture[/variant]` (e.g. `linux/arm64/v8`). Throws INVALID_PARAMETER_VALUE
 * for anything else, naming `what` (the config key).
 */
export function parsePlatform(text: string, what = "platform"): Platform {
  const parts = text.trim().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw MlflowError.invalidParameter(`Invalid ${what} '${text}': expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8`);
  }
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

/** `os/architecture[/variant]` of a platform. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

const defaultVariant = (p: Platform) => p.variant ?? (p.architecture === "arm64" ? "v8" : undefined);

/**
 * Picks the manifest for `platform` from a multi-platform index, ignoring attestation
 * entries (`unknown/unknown`). A wanted variant must match (arm64 without one means v8);
 * without a wanted variant the first entry of that os/architecture wins. Throws
 * RESOURCE_DOES_NOT_EXIST listing the platforms the image has when none matches.
 */
export function selectPlatform(index: ImageIndex, platform: Platform, image: string): Descriptor {
  const candidates = index.manifests.filter((m) => m.platform && m.platform.os === platform.os && m.platform.architecture === platform.architecture);
  const wantedVariant = platform.variant === undefined ? undefined : defaultVariant(platform);
  const chosen = candidates.find((m) => wantedVariant === undefined || defaultVariant(m.platform!) === wantedVariant);
  if (chosen) return chosen;
  const available = index.manifests
    .filter((m) => m.platform && m.platform.os !== "unknown")
    .map((m) => formatPlatform(m.platform!))
    .join(", ");
  throw MlflowError.notFound(
    `Image ${image} has no ${formatPlatform(platform)} variant (it has: ${available || "none"}); set "platform" in the backend config to one of them`,
  );
}
