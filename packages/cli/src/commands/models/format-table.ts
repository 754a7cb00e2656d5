/** One column of a terminal table: its header and, optionally, the least width it may shrink to. */
export interface TableColumn {
  readonly header: string;
  readonly minWidth?: number;
}

/**
 * Lays out rows as a plain-text table no wider than `width` (default 80): columns two spaces
 * apart, padded to their longest cell; when too wide, the widest columns shrink first (never
 * below their `minWidth` or header) and cut cells end in `…`.
 */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], width = 80): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  const floor = columns.map((c) => Math.max(c.header.length, c.minWidth ?? 4));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > floor[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest < 0) break;
    widths[widest]!--;
  }
  const cell = (text: string, w: number) => (text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text.padEnd(w));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => cell(c ?? "", widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join("\n") + "\n";
}

/** A millisecond timestamp as `YYYY-MM-DD HH:MM` (UTC). */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}
