import { readFile } from "node:fs/promises";
import { type DataFrame, parseScoringCsv, parseScoringJson, recordsToFrame } from "@sextant/sdk";

/**
 * Reads a batch input file for `sextant models predict`: CSV with a header (`-t csv`), or
 * JSON in any scoring format (`dataframe_split`, `dataframe_records`, `instances`, `inputs`)
 * or a bare list of records / `{columns, data}` object. BAD_REQUEST naming the problem.
 */
export async function readPredictInput(path: string, contentType: "json" | "csv"): Promise<DataFrame> {
  const text = await readFile(path, "utf8");
  if (contentType === "csv") return parseScoringCsv(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const { MlflowError } = await import("@sextant/protocol");
    throw new MlflowError("BAD_REQUEST", `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(body)) return recordsToFrame(body);
  if (typeof body === "object" && body !== null && "columns" in body && "data" in body) return parseScoringJson({ dataframe_split: body });
  return parseScoringJson(body);
}

/** Predictions as MLflow's `predict` writes them: JSON `{"predictions": [...]}` or one CSV column. */
export function formatPredictions(predictions: readonly unknown[], contentType: "json" | "csv"): string {
  if (contentType === "json") return `${JSON.stringify({ predictions })}\n`;
  const value = (p: unknown) => (typeof p === "object" && p !== null ? JSON.stringify(p) : String(p));
  return `predictions\n${predictions.map((p) => value(p)).join("\n")}\n`;
}
