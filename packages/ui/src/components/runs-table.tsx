import { memo, type ReactNode, type RefObject, useEffect, useMemo, useRef } from "react";
import { routeHref } from "../router/route.js";
import { Link } from "../router/link.js";
import { fixedRowLayout, type RowLayout, variableRowLayout } from "../lib/row-layout.js";
import { cellText, NAME_COLUMN, type RunColumn } from "../lib/run-columns.js";
import type { RunRow } from "../lib/run-row.js";
import type { SortDirection } from "../lib/sort-rows.js";
import { NAME_LINE_HEIGHT, type NameColumnLayout } from "./name-column-layout.js";
import { StatusBadge } from "./status-badge.js";
import { useVirtualRows } from "./use-virtual-rows.js";

/** Height of a row whose run name fits on one line. */
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
  /** Width of the name column and the lines of wrapped names (see measureNameColumn; per loaded set, not per sort). */
  readonly nameLayout: NameColumnLayout;
  /** Shown inside the table when there are no rows. */
  readonly empty?: ReactNode;
  /** Experiment names by id: the Experiment column shows the name (the id on hover). */
  readonly experimentNames?: ReadonlyMap<string, string>;
}

const KIND_CAPTION: Readonly<Record<RunColumn["kind"], string>> = { attribute: "", param: "param", metric: "metric", tag: "tag" };

interface RowProps {
  readonly row: RunRow;
  readonly top: number;
  readonly height: number;
  readonly columns: readonly RunColumn[];
  readonly template: string;
  readonly checked: boolean;
  readonly onToggle: (runId: string, on: boolean) => void;
  readonly experimentNames: ReadonlyMap<string, string> | undefined;
}

function cellContent(row: RunRow, col: RunColumn, experimentNames: ReadonlyMap<string, string> | undefined): ReactNode {
  if (col.id === "attribute:status") return <StatusBadge status={row.run.info.status} />;
  if (col.id === "attribute:experiment_id") return experimentNames?.get(row.run.info.experiment_id) ?? row.run.info.experiment_id;
  return cellText(row, col);
}

const TableRow = memo(function TableRow({ row, top, height, columns, template, checked, onToggle, experimentNames }: RowProps) {
  const deleted = row.run.info.lifecycle_stage === "deleted";
  return (
    <div
      className={`rt-row${checked ? " selected" : ""}${deleted ? " deleted" : ""}`}
      data-testid="run-row"
      data-run-id={row.runId}
      style={{ top, height, gridTemplateColumns: template }}
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
        <div
          key={c.id}
          className={`rt-cell rt-${c.kind}`}
          title={c.id === "attribute:experiment_id" && experimentNames ? `${experimentNames.get(row.run.info.experiment_id) ?? ""} (ID ${row.run.info.experiment_id})` : cellText(row, c)}
        >
          {cellContent(row, c, experimentNames)}
        </div>
      ))}
    </div>
  );
});

function rowLayout(rows: readonly RunRow[], lines: ReadonlyMap<string, number>): RowLayout {
  if (lines.size === 0) return fixedRowLayout(rows.length, ROW_HEIGHT);
  const heights = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) heights[i] = ROW_HEIGHT + ((lines.get((rows[i] as RunRow).runId) ?? 1) - 1) * NAME_LINE_HEIGHT;
  return variableRowLayout(heights);
}

/** Marks the scroller while it is scrolled sideways, so the sticky name column casts a shadow. */
function useScrolledSideways(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const mark = () => el.toggleAttribute("data-scrolled-x", el.scrollLeft > 0);
    mark();
    el.addEventListener("scroll", mark, { passive: true });
    return () => el.removeEventListener("scroll", mark);
  }, [ref]);
}

/**
 * The runs table: a sticky header whose cells sort on click (again to reverse), a real
 * checkbox per row, a sticky run-name column showing every name in full (long names wrap),
 * and only the rows in view rendered. Sideways scrolling snaps to column edges, so no column
 * rests half hidden under the sticky name column.
 */
export function RunsTable({ rows, columns, sort, onSort, selected, onToggle, onToggleAll, nameLayout, empty, experimentNames }: RunsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const layout = useMemo(() => rowLayout(rows, nameLayout.lines), [rows, nameLayout]);
  const { start, end } = useVirtualRows(scrollRef, layout, 10, HEADER_HEIGHT);
  useScrolledSideways(scrollRef);
  const nameWidth = nameLayout.width;
  const template = `${CHECK_WIDTH}px ${nameWidth}px ${columns.map((c) => `${c.width}px`).join(" ")}`;
  const totalWidth = CHECK_WIDTH + nameWidth + columns.reduce((s, c) => s + c.width, 0);
  const allChecked = rows.length > 0 && rows.every((r) => selected.has(r.runId));
  const visible = [];
  for (let i = start; i < end; i++) {
    const row = rows[i];
    if (row) {
      visible.push(
        <TableRow
          key={row.runId}
          row={row}
          top={layout.top(i)}
          height={layout.height(i)}
          columns={columns}
          template={template}
          checked={selected.has(row.runId)}
          onToggle={onToggle}
          experimentNames={experimentNames}
        />,
      );
    }
  }
  const header = (col: RunColumn) => {
    const active = sort?.columnId === col.id;
    const arrow = active ? (sort?.dir === "asc" ? " ▲" : " ▼") : "";
    return (
      <div key={col.id} className={`rt-cell rt-head rt-${col.kind}${col === NAME_COLUMN ? " rt-name" : " rt-snap"}`} data-sort={active ? sort?.dir : undefined}>
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
    <div className="rt-scroll" ref={scrollRef} data-testid="runs-table" style={{ scrollPaddingLeft: CHECK_WIDTH + nameWidth }}>
      <div style={{ width: totalWidth, minWidth: "100%" }}>
        <div className="rt-header" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
          <div className="rt-cell rt-head rt-check">
            <input type="checkbox" checked={allChecked} onChange={(e) => onToggleAll(e.target.checked)} aria-label="Select all runs" />
          </div>
          {header(NAME_COLUMN)}
          {columns.map(header)}
        </div>
        {rows.length === 0 && empty ? <div className="rt-empty">{empty}</div> : null}
        <div className="rt-body" style={{ height: layout.totalHeight }}>
          {visible}
        </div>
      </div>
    </div>
  );
}
