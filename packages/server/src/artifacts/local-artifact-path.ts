import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { MlflowError } from "@sextant/protocol";

/** The absolute folder a local artifact location (`/abs`, `./rel`, `file:///abs`) names. */
export function localArtifactPath(uri: string): string {
  if (/^file:/i.test(uri)) {
    try {
      return fileURLToPath(new URL(uri));
    } catch (error) {
      throw new MlflowError("INVALID_PARAMETER_VALUE", `Invalid file URI '${uri}': ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return resolve(uri);
}

/** Resolves symbolic links in the deepest existing ancestor of the absolute `path` (itself included). */
export function realLocalPath(path: string): string {
  const missing: string[] = [];
  let probe = path;
  for (;;) {
    try {
      return join(realpathSync(probe), ...missing);
    } catch {
      const parent = dirname(probe);
      if (parent === probe) return path;
      missing.unshift(basename(probe));
      probe = parent;
    }
  }
}

/** True when `candidate` is `base` or lies under it (both absolute, same resolution). */
export function isLocalPathWithin(base: string, candidate: string): boolean {
  return candidate === base || candidate.startsWith(base.endsWith(sep) ? base : base + sep);
}
