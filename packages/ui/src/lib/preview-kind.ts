/** How the artifact browser previews a file, decided from its name. */
export type PreviewKind = "mlmodel" | "json" | "yaml" | "csv" | "tsv" | "image" | "text" | "none";

const IMAGE = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico"]);
const TEXT = new Set([
  "txt", "log", "md", "py", "r", "ts", "js", "mjs", "java", "scala", "sh", "sql", "toml", "ini", "cfg", "conf",
  "html", "xml", "ipynb", "tex", "rst", "properties", "env", "requirements", "lock", "out", "err", "diff", "patch",
]);
const TEXT_NAMES = new Set(["MLproject", "Dockerfile", "LICENSE", "README", "requirements.txt", "conda.yaml", "python_env.yaml"]);

/** The preview kind of an artifact path. */
export function previewKind(path: string): PreviewKind {
  const base = path.split("/").pop() ?? path;
  if (base === "MLmodel") return "mlmodel";
  if (TEXT_NAMES.has(base)) return base.endsWith(".yaml") ? "yaml" : "text";
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return "text";
  const ext = base.slice(dot + 1).toLowerCase();
  if (ext === "json") return "json";
  if (ext === "yaml" || ext === "yml") return "yaml";
  if (ext === "csv") return "csv";
  if (ext === "tsv") return "tsv";
  if (IMAGE.has(ext)) return "image";
  if (TEXT.has(ext)) return "text";
  return "none";
}
