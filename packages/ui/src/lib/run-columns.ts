import { formatDuration, formatNumber, formatTime } from "./format.js";
import { type RunRow, SYSTEM_TAGS } from "./run-row.js";

export type ColumnKind = "attribute" | "param" | "metric" | "tag";

/** One column of the runs table; `id` is `kind:key` and is what the URL and picker store. */
export interface RunColumn {
  readonly id: string;
  readonly kind: ColumnKind;
  readonly key: string;
  readonly label: string;
  readonly width: number;
}

export type SortValue = number | string | undefined;

const ATTRIBUTES: readonly { key: string; label: string; width: number }[] = [
  { key: "start_time", label: "Created", width: 172 },
  { key: "duration", label: "Duration", width: 90 },
  { key: "status", label: "Status", width: 100 },
  { key: "user_id", label: "User", width: 110 },
  { key: "source", label: "Source", width: 150 },
  { key: "version", label: "Version", width: 90 },
  { key: "experiment_id", label: "Experiment", width: 150 },
  { key: "run_id", label: "Run ID", width: 140 },
];

/** The attribute columns (the run name column is always shown and is not listed here). */
export function attributeColumns(): RunColumn[] {
  return ATTRIBUTES.map((a) => ({ id: `attribute:${a.key}`, kind: "attribute", key: a.key, label: a.label, width: a.width }));
}

/** A param, metric or tag column. */
export function keyColumn(kind: "param" | "metric" | "tag", key: string): RunColumn {
  return { id: `${kind}:${key}`, kind, key, label: key, width: kind === "metric" ? 110 : 120 };
}

/** The always-present name column; sortable like the others. */
export const NAME_COLUMN: RunColumn = { id: "attribute:run_name", kind: "attribute", key: "run_name", label: "Run Name", width: 220 };

/** Parses `kind:key` back to a column (null for an unknown kind). */
export function columnFromId(id: string): RunColumn | null {
  const i = id.indexOf(":");
  if (i < 0) return null;
  const kind = id.slice(0, i);
  const key = id.slice(i + 1);
  if (kind === "attribute") {
    if (key === "run_name") return NAME_COLUMN;
    return attributeColumns().find((c) => c.key === key) ?? null;
  }
  if (kind === "param" || kind === "metric" || kind === "tag") return keyColumn(kind, key);
  return null;
}

/** The value a column sorts by: numbers for times, durations and metrics, text otherwise. */
export function sortValue(row: RunRow, col: RunColumn): SortValue {
  const info = row.run.info;
  switch (col.kind) {
    case "metric":
      return row.metrics.get(col.key);
    case "param": {
      const v = row.params.get(col.key);
      if (v === undefined) return undefined;
      const n = Number(v);
      return v.trim() !== "" && Number.isFinite(n) ? n : v;
    }
    case "tag":
      return row.tags.get(col.key);
    case "attribute":
      switch (col.key) {
        case "run_name":
          return row.name;
        case "start_time":
          return info.start_time === undefined ? undefined : Number(info.start_time);
        case "duration":
          return info.end_time && info.start_time ? Number(info.end_time) - Number(info.start_time) : undefined;
        case "status":
          return info.status;
        case "user_id":
          return info.user_id || row.tags.get(SYSTEM_TAGS.user);
        case "source":
          return row.tags.get(SYSTEM_TAGS.sourceName);
        case "version":
          return row.tags.get(SYSTEM_TAGS.gitCommit);
        case "experiment_id":
          return info.experiment_id;
        case "run_id":
          return info.run_id;
      }
  }
  return undefined;
}

/** The text a cell shows. */
export function cellText(row: RunRow, col: RunColumn): string {
  const info = row.run.info;
  if (col.kind === "metric") return formatNumber(row.metrics.get(col.key));
  if (col.kind === "attribute") {
    if (col.key === "start_time") return formatTime(info.start_time);
    if (col.key === "duration") return formatDuration(info.start_time, info.end_time);
    if (col.key === "version") return (row.tags.get(SYSTEM_TAGS.gitCommit) ?? "").slice(0, 7);
    if (col.key === "source") {
      const s = row.tags.get(SYSTEM_TAGS.sourceName) ?? "";
      return s.split(/[\\/]/).pop() ?? s;
    }
  }
  const v = sortValue(row, col);
  return v === undefined ? "" : String(v);
}
