import { useState } from "react";
import { formatNumber } from "../lib/format.js";
import type { RunRow } from "../lib/run-row.js";

interface DiffRow {
  readonly section: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly differs: boolean;
}

function diffRows(rows: readonly RunRow[]): DiffRow[] {
  const out: DiffRow[] = [];
  const add = (section: string, keys: Iterable<string>, get: (r: RunRow, k: string) => string | undefined) => {
    for (const key of [...new Set(keys)].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
      const values = rows.map((r) => get(r, key) ?? "");
      out.push({ section, key, values, differs: values.some((v) => v !== values[0]) });
    }
  };
  add("Parameters", rows.flatMap((r) => [...r.params.keys()]), (r, k) => r.params.get(k));
  add("Metrics", rows.flatMap((r) => [...r.metrics.keys()]), (r, k) => (r.metrics.has(k) ? formatNumber(r.metrics.get(k)) : undefined));
  add(
    "Tags",
    rows.flatMap((r) => [...r.tags.keys()].filter((k) => !k.startsWith("mlflow."))),
    (r, k) => r.tags.get(k),
  );
  return out;
}

/**
 * Params, latest metrics and user tags of the compared runs side by side; rows whose values
 * differ are highlighted, and a toggle hides the rows that are the same everywhere.
 */
export function DiffTable({ rows, colors }: { readonly rows: readonly RunRow[]; readonly colors: readonly string[] }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const all = diffRows(rows);
  const shown = onlyDiffs ? all.filter((r) => r.differs) : all;
  let section = "";
  return (
    <div>
      <label className="small">
        <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Show only differences (
        {all.filter((r) => r.differs).length} of {all.length})
      </label>
      <div className="diff-wrap">
        <table className="data-table diff-table" data-testid="diff-table">
          <thead>
            <tr>
              <th />
              {rows.map((r, i) => (
                <th key={r.runId}>
                  <span className="swatch" style={{ background: colors[i] }} /> {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.flatMap((d) => {
              const out = [];
              if (d.section !== section) {
                section = d.section;
                out.push(
                  <tr key={`section:${d.section}`} className="diff-section">
                    <th colSpan={rows.length + 1}>{d.section}</th>
                  </tr>,
                );
              }
              out.push(
                <tr key={`${d.section}:${d.key}`} className={d.differs ? "differs" : "same"} data-testid="diff-row" data-key={d.key} data-differs={d.differs}>
                  <th scope="row">{d.key}</th>
                  {d.values.map((v, i) => (
                    <td key={rows[i]?.runId ?? i}>{v}</td>
                  ))}
                </tr>,
              );
              return out;
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
