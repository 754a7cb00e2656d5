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
 * Measurements kept between layouts of one runs table (the next page of runs, a live poll):
 * each name's one-line width, and the lines each wrapping name takes at `linesWidth`.
 */
export interface NameMeasureCache {
  readonly widths: Map<string, number>;
  readonly lines: Map<string, number>;
  linesWidth: number;
}

/** An empty cache for `measureNameColumn`; keep one per table (e.g. in a ref). */
export function createNameMeasureCache(): NameMeasureCache {
  return { widths: new Map(), lines: new Map(), linesWidth: 0 };
}

/** Lines each name takes in a cell `width` px wide: one off-screen layout pass for them all. */
function measureLines(names: readonly string[], width: number): number[] {
  const box = document.createElement("div");
  box.setAttribute("aria-hidden", "true");
  box.style.cssText = "position:absolute;left:-100000px;top:0;visibility:hidden;contain:layout style";
  for (const name of names) {
    const cell = document.createElement("div");
    cell.className = "rt-name-measure";
    cell.style.width = `${width}px`;
    cell.textContent = name;
    box.appendChild(cell);
  }
  document.body.appendChild(box);
  const lines = names.map((_, i) => Math.max(1, Math.round((box.children[i] as HTMLElement).offsetHeight / NAME_LINE_HEIGHT)));
  box.remove();
  return lines;
}

/**
 * Lays out the run-name column so every name shows in full and the sticky column never hides
 * the columns after it: as wide as the widest name (measured with the page font), between
 * 220 and 360 px; names wider than that wrap, and the lines each takes are measured in an
 * off-screen copy of the cell (the browser decides where a name breaks) so the table can give
 * those rows their real height. Names measured before (same `cache`) are not measured again.
 */
export function measureNameColumn(rows: readonly RunRow[], cache: NameMeasureCache = createNameMeasureCache()): NameColumnLayout {
  const fitsSurely = Math.floor((NAME_MIN_WIDTH - NAME_PADDING - SLACK) / MAX_CHAR_PX);
  let ctx: CanvasRenderingContext2D | null | undefined;
  let widest = 0;
  for (const r of rows) {
    if (r.name.length <= fitsSurely) continue;
    let w = cache.widths.get(r.name);
    if (w === undefined) {
      if (ctx === undefined) {
        ctx = document.createElement("canvas").getContext("2d");
        if (ctx) ctx.font = FONT;
      }
      if (!ctx) return { width: NAME_MIN_WIDTH, lines: new Map() };
      w = ctx.measureText(r.name).width;
      cache.widths.set(r.name, w);
    }
    widest = Math.max(widest, w);
  }
  const width = Math.min(NAME_MAX_WIDTH, Math.max(NAME_MIN_WIDTH, Math.ceil(widest) + NAME_PADDING + SLACK));
  if (cache.linesWidth !== width) {
    cache.lines.clear();
    cache.linesWidth = width;
  }
  const mayWrap = (name: string) => (cache.widths.get(name) ?? 0) > width - NAME_PADDING - SLACK;
  const unmeasured = [...new Set(rows.filter((r) => mayWrap(r.name) && !cache.lines.has(r.name)).map((r) => r.name))];
  if (unmeasured.length > 0) {
    const measured = measureLines(unmeasured, width);
    for (const [i, name] of unmeasured.entries()) cache.lines.set(name, measured[i] ?? 1);
  }
  const lines = new Map<string, number>();
  for (const r of rows) {
    const n = cache.lines.get(r.name);
    if (n !== undefined && n > 1) lines.set(r.runId, n);
  }
  return { width, lines };
}
