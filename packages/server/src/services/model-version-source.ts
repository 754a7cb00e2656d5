import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { MlflowError, parseModelUri } from "@sextant/protocol";
import { appendUriPath } from "../stores/sql/artifact-uri.js";
import type { LoggedModelStore } from "../stores/logged-model-store.js";
import type { RegistryStore } from "../stores/registry-store.js";
import type { TrackingStore } from "../stores/tracking-store.js";

/** What verifying a source needs: the stores it may refer to and the server's artifact roots. */
export interface SourceContext {
  readonly tracking: Pick<TrackingStore, "getRunInfo">;
  readonly loggedModels?: Pick<LoggedModelStore, "getLoggedModel">;
  readonly registry: Pick<RegistryStore, "getModelVersionDownloadUri" | "getModelVersionByAlias" | "getLatestVersions">;
  /** Locations the server manages (default artifact root, artifacts destination). */
  readonly artifactRoots: readonly string[];
}

/** A verified source and where its files really are when it is indirect. */
export interface VerifiedSource {
  readonly storageLocation?: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function refused(source: string, why: string): MlflowError {
  return MlflowError.invalidParameter(
    `Invalid model version source: '${source}'. ${why} A source must be a runs:/, models:/ or mlflow-artifacts: URI, ` +
      "or a location inside the artifact store this server manages.",
  );
}

/** Percent-decodes until stable, as MLflow does before looking for `..` (catches `%252e%252e`). */
function fullyDecoded(text: string): string {
  let current = text;
  for (let i = 0; i < 10; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current.replaceAll("+", " "));
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** Refuses `..` segments, backslashes and NUL anywhere in the (decoded) source. */
function checkNoTraversal(source: string): void {
  const decoded = fullyDecoded(source);
  if (decoded.includes("\0") || decoded.split(/[/\\]/).some((p) => p === "..")) {
    throw refused(source, "It must not contain relative path references ('..') or NUL bytes.");
  }
}

function schemeOf(uri: string): string {
  const match = SCHEME.exec(uri);
  return match && match[1]!.length > 1 ? match[1]!.toLowerCase() : "";
}

/** The local file-system path of a plain path or `file:` URI, else undefined. */
function localPath(uri: string): string | undefined {
  const scheme = schemeOf(uri);
  if (scheme === "") return resolve(uri);
  if (scheme !== "file") return undefined;
  try {
    return resolve(fileURLToPath(uri.startsWith("file:///") || uri.startsWith("file://localhost/") ? uri : uri.replace(/^file:(\/\/)?/, "file:///")));
  } catch {
    return undefined;
  }
}

/** The real path of `path` (symlinks resolved) through its longest existing ancestor. */
function realPath(path: string): string {
  const missing: string[] = [];
  let head = path;
  for (;;) {
    try {
      return resolve(realpathSync(head), ...missing);
    } catch {
      const parent = dirname(head);
      if (parent === head) return path;
      missing.unshift(basename(head));
      head = parent;
    }
  }
}

function insideLocal(path: string, root: string): boolean {
  const realRoot = realPath(root);
  const real = realPath(path);
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

/** URI containment by prefix; `..` was already refused, so the path cannot climb out. */
function insideUri(source: string, root: string): boolean {
  const trimmed = root.replace(/\/+$/, "");
  const at = source.search(/[?#]/);
  const base = at === -1 ? source : source.slice(0, at);
  return base === trimmed || base.startsWith(`${trimmed}/`);
}

/** True when `source` lies inside one of `roots` (local paths by real path, URIs by prefix). */
function insideRoots(source: string, roots: readonly string[]): boolean {
  const local = localPath(source);
  for (const root of roots) {
    const rootLocal = localPath(root);
    if (local !== undefined && rootLocal !== undefined && isAbsolute(local) && insideLocal(local, rootLocal)) return true;
    if (local === undefined && rootLocal === undefined && schemeOf(source) === schemeOf(root) && insideUri(source, root)) return true;
  }
  return false;
}

/**
 * Verifies a model version's source before it is registered (a published MLflow
 * vulnerability class: a source naming any local path lets clients read the server's
 * files). Accepted: `runs:/<run>/<path>` of an existing run, `models:/...` naming an existing
 * logged model or registered version, `mlflow-artifacts:` URIs, and locations inside the
 * server's artifact roots or inside the artifact location of the given run / logged model.
 * Nothing may contain `..` (also percent-encoded). Returns where an indirect source's files
 * are. Throws INVALID_PARAMETER_VALUE for a refused source, RESOURCE_DOES_NOT_EXIST for a
 * run, logged model or version it names that does not exist.
 */
export async function verifyModelVersionSource(
  source: string,
  refs: { readonly runId?: string; readonly modelId?: string },
  ctx: SourceContext,
): Promise<VerifiedSource> {
  checkNoTraversal(source);
  const scheme = schemeOf(source);
  if (scheme === "runs") {
    const uri = parseModelUri(source);
    if (uri.kind !== "run") throw refused(source, "Not a runs:/ URI.");
    const run = await ctx.tracking.getRunInfo(uri.runId);
    return { storageLocation: appendUriPath(run.artifact_uri, uri.path) };
  }
  if (scheme === "models") {
    const uri = parseModelUri(source);
    switch (uri.kind) {
      case "model_id": {
        if (!ctx.loggedModels) throw refused(source, "This server keeps no logged models.");
        const model = await ctx.loggedModels.getLoggedModel(uri.modelId);
        return { storageLocation: model.info.artifact_uri };
      }
      case "version":
        return { storageLocation: await ctx.registry.getModelVersionDownloadUri(uri.name, Number(uri.version)) };
      case "alias": {
        const mv = await ctx.registry.getModelVersionByAlias(uri.name, uri.alias);
        return { storageLocation: await ctx.registry.getModelVersionDownloadUri(uri.name, Number(mv.version)) };
      }
      case "stage": {
        const stages = uri.stage.toLowerCase() === "latest" ? [] : [uri.stage];
        const versions = await ctx.registry.getLatestVersions(uri.name, stages);
        const latest = versions.reduce<number>((max, v) => Math.max(max, Number(v.version)), 0);
        if (latest === 0) throw MlflowError.notFound(`No versions of model '${uri.name}' in stage '${uri.stage}'.`);
        return { storageLocation: await ctx.registry.getModelVersionDownloadUri(uri.name, latest) };
      }
      default:
        throw refused(source, "Not a models:/ URI.");
    }
  }
  if (scheme === "mlflow-artifacts") return {};

  const roots = [...ctx.artifactRoots];
  if (refs.runId) roots.push((await ctx.tracking.getRunInfo(refs.runId)).artifact_uri);
  if (refs.modelId && ctx.loggedModels) roots.push((await ctx.loggedModels.getLoggedModel(refs.modelId)).info.artifact_uri);
  if (insideRoots(source, roots.filter((r) => schemeOf(r) !== "mlflow-artifacts"))) return {};
  throw refused(source, "It is outside the artifact store this server manages.");
}
