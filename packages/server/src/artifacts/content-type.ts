/** Extensions MLflow serves as text/plain (mlflow/utils/mime_type_utils.py), plus a few more plain-text ones. */
const TEXT_EXTENSIONS = new Set([
  "txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties", "prop", "hocon", "toml",
  "yaml", "yml", "xml", "js", "py", "py3", "csv", "tsv", "md", "rst", "ts", "sh", "r", "sql",
]);

/** Files MLflow writes without an extension that are text. */
const TEXT_FILE_NAMES = new Set(["MLmodel", "MLproject", "requirements.txt", "conda.yaml", "python_env.yaml"]);

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  json: "application/json",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  bmp: "image/bmp",
  webp: "image/webp",
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  ico: "image/vnd.microsoft.icon",
  pdf: "application/pdf",
  html: "text/html",
  htm: "text/html",
  geojson: "application/geo+json",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  mp4: "video/mp4",
  webm: "video/webm",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
};

/**
 * The Content-Type to serve an artifact with, from its name: text/plain for text files
 * (logs, YAML, CSV, MLmodel, MLproject, ...), application/json for JSON, image/* for images,
 * a few other common types, application/octet-stream otherwise.
 */
export function guessContentType(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (TEXT_FILE_NAMES.has(name)) return "text/plain; charset=utf-8";
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  if (TEXT_EXTENSIONS.has(extension)) return "text/plain; charset=utf-8";
  return TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

/**
 * A `Content-Disposition: attachment` value for `fileName`: a plain ASCII `filename` for old
 * clients and an RFC 5987 `filename*` carrying the exact UTF-8 name.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
