import { memo, useRef } from "react";
import { routeHref } from "../router/route.js";
import { Link } from "../router/link.js";
import { cellText, NAME_COLUMN, type RunColumn } from "../lib/run-columns.js";
import type { RunRow } from "../lib/run-row.js";
import type { SortDirection } from "../lib/sort-rows.js";
import { StatusBadge } from "./status-badge.js";
import { useVirtualRows } from "./use-virtual-rows.js";

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 44;
const CHECK_WIDTH = 36;

export interface RunsTableProps {
  readonly rows: readonly RunRow[];
  readonly columns: readonly RunColumn[];
  readonly sort: { readonly columnId: string; readonly dir: SortDirection } | null;
  readonly onSort: (col: RunColumn) => void;
  readonly selected: ReadonlySet<string>;
  readonly onToggle: (runId: string, on: boolean) => void;
  readonly onToggleAll: (on: boolean) => void;
  /** Width of the name column (see nameColumnWidth; computed once per loaded set, not per sort). */
  readonly nameWidth: number;
}

/** Width that shows the longest run name in full (measured with the page's font). */
export function nameColumnWidth(rows: readonly RunRow[]): number {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  if (!ctx) return NAME_COLUMN.width;
  ctx.font = "14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  // Only names near the longest in characters can be the widest in pixels.
  let maxChars = 0;
  for (const r of rows) maxChars = Math.max(maxChars, r.name.length);
  let widest = 0;
  for (const r of rows) if (r.name.length >= maxChars * 0.6) widest = Math.max(widest, ctx.measureText(r.name).width);
  return Math.max(NAME_COLUMN.width, Math.ceil(widest) + 24);
}

const KIND_CAPTION: Readonly<Record<RunColumn["kind"], string>> = { attribute: "", param: "param", metric: "metric", tag: "tag" };

interface RowProps {
  readonly row: RunRow;
  readonly index: number;
  readonly columns: readonly RunColumn[];
  readonly template: string;
  readonly checked: boolean;
  readonly onToggle: (runId: string, on: boolean) => void;
}

const TableRow = memo(function TableRow({ row, index, columns, template, checked, onToggle }: RowProps) {
  const deleted = row.run.info.lifecycle_stage === "deleted";
  return (
    <div
      className={`rt-row${checked ? " selected" : ""}${deleted ? " deleted" : ""}`}
     
      data-testid="run-row"
      data-run-id={row.runId}
      style={{ top: index * ROW_HEIGHT, gridTemplateColumns: template }}
    >
      <div className="rt-cell rt-check">
        <input type="checkbox" checked={checked} onChange={(e) => onToggle(row.runId, e.target.checked)} aria-label={`Select run ${row.name}`} />
      </div>
      <div className="rt-cell rt-name">
        <Link href={routeHref({ kind: "run", runId: row.runId })} testId="run-link">
          {row.name}
        </Link>
      </div>
      {columns.map((c) => (
        <div key={c.id} className={`rt-cell rt-${c.kind}`} title={cellText(row, c)}>
          {c.id === "attribute:status" ? <StatusBadge status={row.run.info.status} /> : cellText(row, c)}
        </div>
      ))}
    </div>
  );
});

/**
 * The runs table: a sticky header whose cells sort on click (again to reverse), a real
 * checkbox per row, and only the rows in view rendered (fixed 32px rows).
 */
export function RunsTable({ rows, columns, sort, onSort, selected, onToggle, onToggleAll, nameWidth }: RunsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end } = useVirtualRows(scrollRef, rows.length, ROW_HEIGHT, 10, HEADER_HEIGHT);
  const template = `${CHECK_WIDTH}px ${nameWidth}px ${columns.map((c) => `${c.width}px`).join(" ")}`;
  const totalWidth = CHECK_WIDTH + nameWidth + columns.reduce((s, c) => s + c.width, 0);
  const allChecked = rows.length > 0 && rows.every((r) => selected.has(r.runId));
  const visible = [];
  for (let i = start; i < end; i++) {
    const row = rows[i];
    if (row) visible.push(<TableRow key={row.runId} row={row} index={i} columns={columns} template={template} checked={selected.has(row.runId)} onToggle={onToggle} />);
  }
  const header = (col: RunColumn) => {
    const active = sort?.columnId === col.id;
    const arrow = active ? (sort?.dir === "asc" ? " ▲" : " ▼") : "";
    return (
      <div
        key={col.id}
        className={`rt-cell rt-head rt-${col.kind}${col === NAME_COLUMN ? " rt-name" : ""}`}
       
        data-sort={active ? sort?.dir : undefined}
      >
        <button type="button" className="rt-sort" onClick={() => onSort(col)} title={`Sort by ${col.label}`} data-column-id={col.id}>
          {KIND_CAPTION[col.kind] ? <span className="rt-kind">{KIND_CAPTION[col.kind]}</span> : null}
          <span className="rt-label">
            {col.label}
            {arrow}
          </span>
        </button>
      </div>
    );
  };
  return (
    <div className="rt-scroll" ref={scrollRef} data-testid="runs-table">
      <div style={{ width: totalWidth, minWidth: "100%" }}>
        <div className="rt-header" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
          <div className="rt-cell rt-head rt-check">
            <input type="checkbox" checked={allChecked} onChange={(e) => onToggleAll(e.target.checked)} aria-label="Select all runs" />
          </div>
          {header(NAME_COLUMN)}
          {columns.map(header)}
        </div>
        <div className="rt-body" style={{ height: rows.length * ROW_HEIGHT }}>
          {visible}
        </div>
      </div>
    </div>
  );
}
