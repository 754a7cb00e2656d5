import type { RunRow } from "../lib/run-row.js";

/** The run-name column is at least this wide... */
export const NAME_MIN_WIDTH = 220;
/** ...and at most this wide; longer names wrap onto more lines instead of widening it. */
export const NAME_MAX_WIDTH = 360;
/** Left + right padding of a name cell (`.rt-name` in styles.css). */
const NAME_PADDING = 16;
/** Slack so a name the canvas measures as fitting never wraps in the page by a sub-pixel. */
const SLACK = 8;
/** Line height of a wrapped name (`.rt-row .rt-name` in styles.css; `.rt-name-measure` has no vertical padding). */
export const NAME_LINE_HEIGHT = 18;
const FONT = "14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** No character of the UI font at 14px is wider than this, so shorter names need no measuring. */
const MAX_CHAR_PX = 18;

/** How the run-name column is laid out for one set of runs. */
export interface NameColumnLayout {
  /** Width in px: the grid track, the sticky cell and the header cell all use it. */
  readonly width: number;
  /** Lines taken by each name that wraps (names absent here take one line). */
  readonly lines: ReadonlyMap<string, number>;
}

/**
 * Lays out the run-name column so every name shows in full and the sticky column never hides
 * the columns after it: as wide as the widest name (measured with the page font), between
 * 220 and 360 px; names wider than that wrap, and the lines each takes are measured in an
 * off-screen copy of the cell so the table can give those rows their real height.
 */
export function measureNameColumn(rows: readonly RunRow[]): NameColumnLayout {
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return { width: NAME_MIN_WIDTH, lines: new Map() };
  ctx.font = FONT;
  const fitsSurely = Math.floor((NAME_MIN_WIDTH - NAME_PADDING - SLACK) / MAX_CHAR_PX);
  const widths = new Map<string, number>();
  let widest = 0;
  for (const r of rows) {
    if (r.name.length <= fitsSurely || widths.has(r.name)) continue;
    const w = ctx.measureText(r.name).width;
    widths.set(r.name, w);
    widest = Math.max(widest, w);
  }
  const width = Math.min(NAME_MAX_WIDTH, Math.max(NAME_MIN_WIDTH, Math.ceil(widest) + NAME_PADDING + SLACK));
  const wrapping = [...widths].filter(([, w]) => w > width - NAME_PADDING - SLACK).map(([name]) => name);
  if (wrapping.length === 0) return { width, lines: new Map() };

  // The browser decides where a name breaks; one off-screen layout pass measures them all.
  const box = document.createElement("div");
  box.setAttribute("aria-hidden", "true");
  box.style.cssText = "position:absolute;left:-100000px;top:0;visibility:hidden;contain:layout style";
  for (const name of wrapping) {
    const cell = document.createElement("div");
    cell.className = "rt-name-measure";
    cell.style.width = `${width}px`;
    cell.textContent = name;
    box.appendChild(cell);
  }
  document.body.appendChild(box);
  const linesByName = new Map<string, number>();
  wrapping.forEach((name, i) => {
    const h = (box.children[i] as HTMLElement).offsetHeight;
    linesByName.set(name, Math.max(1, Math.round(h / NAME_LINE_HEIGHT)));
  });
  box.remove();
  const lines = new Map<string, number>();
  for (const r of rows) {
    const n = linesByName.get(r.name);
    if (n && n > 1) lines.set(r.runId, n);
  }
  return { width, lines };
}
