/**
 * Every view of the UI as a value, and its shareable URL (history API paths, no hashes).
 * `parseRoute` and `routeHref` are inverses for every route.
 */
export type Route =
  | { readonly kind: "experiments" }
  | { readonly kind: "runs"; readonly experimentIds: readonly string[] }
  | { readonly kind: "run"; readonly runId: string }
  | { readonly kind: "compare"; readonly runIds: readonly string[] }
  | { readonly kind: "models" }
  | { readonly kind: "model"; readonly name: string }
  | { readonly kind: "modelVersion"; readonly name: string; readonly version: string }
  | { readonly kind: "notFound"; readonly path: string };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function splitIds(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Reads a route from a location's pathname and search string. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split("/").filter((p) => p.length > 0).map(decode);
  const query = new URLSearchParams(search);
  const [a, b, c, d, e] = parts;
  if (parts.length === 0 || (a === "experiments" && parts.length === 1)) return { kind: "experiments" };
  if (a === "experiments" && b !== undefined && parts.length === 2) return { kind: "runs", experimentIds: splitIds(b) };
  if (a === "experiments" && c === "runs" && d !== undefined && parts.length === 4) return { kind: "run", runId: d };
  if (a === "runs" && b !== undefined && parts.length === 2) return { kind: "run", runId: b };
  if (a === "compare-runs" && parts.length === 1) return { kind: "compare", runIds: splitIds(query.get("runs")) };
  if (a === "models" && parts.length === 1) return { kind: "models" };
  if (a === "models" && b !== undefined && parts.length === 2) return { kind: "model", name: b };
  if (a === "models" && b !== undefined && c === "versions" && d !== undefined && e === undefined) {
    return { kind: "modelVersion", name: b, version: d };
  }
  return { kind: "notFound", path: pathname };
}

/** The canonical URL of a route. */
export function routeHref(route: Route): string {
  switch (route.kind) {
    case "experiments":
      return "/";
    case "runs":
      return `/experiments/${route.experimentIds.map(encodeURIComponent).join(",")}`;
    case "run":
      return `/runs/${encodeURIComponent(route.runId)}`;
    case "compare":
      return `/compare-runs?runs=${route.runIds.map(encodeURIComponent).join(",")}`;
    case "models":
      return "/models";
    case "model":
      return `/models/${encodeURIComponent(route.name)}`;
    case "modelVersion":
      return `/models/${encodeURIComponent(route.name)}/versions/${encodeURIComponent(route.version)}`;
    case "notFound":
      return route.path;
  }
}
