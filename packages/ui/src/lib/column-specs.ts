/**
 * MLflow schemas as people read them: `name: type` lists for the column specs of an MLmodel
 * signature and of a dataset's schema, `key: value` for a dataset profile.
 */

function specItem(c: unknown): string {
  if (!c || typeof c !== "object") return String(c);
  const o = c as Record<string, unknown>;
  const t = o["tensor-spec"] as { dtype?: unknown; shape?: unknown } | undefined;
  const type = t ? `tensor ${String(t.dtype ?? "")} ${JSON.stringify(t.shape ?? [])}` : String(o["type"] ?? "?");
  const optional = o["required"] === false ? " (optional)" : "";
  return o["name"] === undefined ? `${type}${optional}` : `${String(o["name"])}: ${type}${optional}`;
}

function parsed(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A signature part (a JSON list of column or tensor specs, as text or parsed) as `name: type, ...`; other text as is. */
export function columnSpecText(spec: unknown): string {
  if (spec === undefined || spec === null || spec === "") return "";
  const v = parsed(spec);
  if (Array.isArray(v)) return v.map(specItem).join(", ");
  return typeof spec === "string" ? spec : JSON.stringify(spec);
}

/** A dataset schema (`{"mlflow_colspec": [...]}` or `{"mlflow_tensorspec": {...}}`) as readable text. */
export function datasetSchemaText(schema: string | undefined): string {
  if (!schema) return "";
  const v = parsed(schema);
  if (!v || typeof v !== "object") return schema;
  const o = v as Record<string, unknown>;
  if (o["mlflow_colspec"] !== undefined) return columnSpecText(o["mlflow_colspec"]);
  const tensors = o["mlflow_tensorspec"];
  if (tensors && typeof tensors === "object") {
    return Object.entries(tensors as Record<string, unknown>)
      .filter(([, spec]) => spec !== null && spec !== undefined && spec !== "")
      .map(([part, spec]) => `${part}: ${columnSpecText(spec)}`)
      .join("; ");
  }
  return schema;
}

/** A dataset profile (`{"num_rows": 10, ...}`) as `num_rows: 10, ...`. */
export function datasetProfileText(profile: string | undefined): string {
  if (!profile) return "";
  const v = parsed(profile);
  if (!v || typeof v !== "object" || Array.isArray(v)) return profile;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${typeof x === "string" ? x : JSON.stringify(x)}`)
    .join(", ");
}
