import type { Run } from "@sextant/protocol";
import { metricNumber } from "./format.js";

/** MLflow's system tags the UI reads. */
export const SYSTEM_TAGS = {
  runName: "mlflow.runName",
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  gitCommit: "mlflow.source.git.commit",
  parentRunId: "mlflow.parentRunId",
  note: "mlflow.note.content",
} as const;

/** A run flattened for the table: maps for O(1) cell lookup and sorting. */
export interface RunRow {
  readonly run: Run;
  readonly runId: string;
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  readonly metrics: ReadonlyMap<string, number>;
  readonly tags: ReadonlyMap<string, string>;
}

/** Flattens one run (the latest value per metric key as sent by runs/search). */
export function toRunRow(run: Run): RunRow {
  const params = new Map<string, string>();
  for (const p of run.data.params ?? []) params.set(p.key, p.value);
  const metrics = new Map<string, number>();
  for (const m of run.data.metrics ?? []) metrics.set(m.key, metricNumber(m.value));
  const tags = new Map<string, string>();
  for (const t of run.data.tags ?? []) tags.set(t.key, t.value);
  const name = run.info.run_name || tags.get(SYSTEM_TAGS.runName) || run.info.run_id;
  return { run, runId: run.info.run_id, name, params, metrics, tags };
}

/** The sorted union of param, metric and tag keys across rows. */
export function collectKeys(rows: readonly RunRow[]): { params: string[]; metrics: string[]; tags: string[] } {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  for (const r of rows) {
    for (const k of r.params.keys()) params.add(k);
    for (const k of r.metrics.keys()) metrics.add(k);
    for (const k of r.tags.keys()) tags.add(k);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { params: sort(params), metrics: sort(metrics), tags: sort(tags) };
}
