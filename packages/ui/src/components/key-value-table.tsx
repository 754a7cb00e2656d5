import type { ReactNode } from "react";

export interface KeyValueRow {
  readonly key: string;
  readonly value: ReactNode;
}

/** A two-column table of names and values, with a message when empty. */
export function KeyValueTable({ rows, empty, testId }: { readonly rows: readonly KeyValueRow[]; readonly empty: string; readonly testId?: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="kv-table" data-testid={testId}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
