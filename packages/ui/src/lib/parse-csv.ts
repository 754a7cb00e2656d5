/**
 * Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) or TSV text into rows of
 * cells, stopping after `maxRows` rows so a huge file previews quickly.
 */
export function parseCsv(text: string, opts: { readonly delimiter?: string; readonly maxRows?: number } = {}): string[][] {
  const delim = opts.delimiter ?? ",";
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    row.push(cell);
    cell = "";
    rows.push(row);
    row = [];
  };
  while (i < n && rows.length < maxRows) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (ch === delim) {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      endRow();
      i += 2;
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      i++;
    } else {
      cell += ch;
      i++;
    }
  }
  if (rows.length < maxRows && (cell !== "" || row.length > 0)) endRow();
  return rows;
}
