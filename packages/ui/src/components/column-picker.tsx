import { useState } from "react";
import type { RunColumn } from "../lib/run-columns.js";

export interface ColumnPickerProps {
  readonly groups: readonly { readonly title: string; readonly columns: readonly RunColumn[] }[];
  readonly isVisible: (col: RunColumn) => boolean;
  readonly onChange: (changes: Readonly<Record<string, boolean>>) => void;
}

/** A "Columns" button opening checkboxes for every attribute, metric, param and tag column. */
export function ColumnPicker({ groups, isVisible, onChange }: ColumnPickerProps) {
  const [open, setOpen] = useState(false);
  const [needle, setNeedle] = useState("");
  const shown = groups.reduce((n, g) => n + g.columns.filter(isVisible).length, 0);
  const match = (c: RunColumn) => !needle || c.label.toLowerCase().includes(needle.toLowerCase());
  return (
    <div className="column-picker">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
        Columns ({shown})
      </button>
      {open ? (
        <div className="column-picker-panel" role="dialog" aria-label="Pick columns">
          <div className="column-picker-top">
            <input placeholder="Find a column" value={needle} onChange={(e) => setNeedle(e.target.value)} aria-label="Find a column" />
            <button type="button" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
          {groups.map((g) => {
            const cols = g.columns.filter(match);
            if (cols.length === 0) return null;
            return (
              <fieldset key={g.title}>
                <legend>
                  {g.title}{" "}
                  <button type="button" className="link-button" onClick={() => onChange(Object.fromEntries(cols.map((c) => [c.id, true])))}>
                    all
                  </button>{" "}
                  <button type="button" className="link-button" onClick={() => onChange(Object.fromEntries(cols.map((c) => [c.id, false])))}>
                    none
                  </button>
                </legend>
                {cols.map((c) => (
                  <label key={c.id} className="column-option" title={c.label}>
                    <input type="checkbox" checked={isVisible(c)} onChange={(e) => onChange({ [c.id]: e.target.checked })} /> {c.label}
                  </label>
                ))}
              </fieldset>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
