/**
 * Appends path segments to an artifact root, as MLflow's `append_to_uri_path` does: the
 * scheme, authority and query of the root are kept, exactly one `/` separates the parts
 * (`s3://bucket/root` + `0` -> `s3://bucket/root/0`; `mlflow-artifacts:/` + `0` -> `mlflow-artifacts:/0`).
 */
export function appendUriPath(root: string, ...segments: readonly string[]): string {
  const queryAt = root.search(/[?#]/);
  const base = queryAt === -1 ? root : root.slice(0, queryAt);
  const suffix = queryAt === -1 ? "" : root.slice(queryAt);
  let path = base;
  for (const segment of segments) {
    const part = segment.replace(/^\/+/, "");
    if (part === "") continue;
    path = path.endsWith("/") ? path + part : `${path}/${part}`;
  }
  return path + suffix;
}
