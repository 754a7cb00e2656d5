import { useEffect, useState } from "react";

export interface FilterBoxProps {
  readonly value: string;
  readonly onApply: (filter: string) => void;
  /** The server's grammar error for the applied filter, shown right under the box. */
  readonly error?: string;
  readonly placeholder?: string;
}

/** MLflow's search box: edits locally, applies on Enter, shows the grammar error inline. */
export function FilterBox({ value, onApply, error, placeholder }: FilterBoxProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <div className="filter-box">
      <div className="filter-row">
        <input
          className={`filter-input${error ? " invalid" : ""}`}
          type="search"
          value={text}
          placeholder={placeholder ?? "metrics.rmse < 1 and params.model = 'tree'"}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") onApply(text.trim());
          }}
          aria-label="Search runs"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "filter-error" : undefined}
          spellCheck={false}
        />
        {value ? (
          <button type="button" onClick={() => onApply("")}>
            Clear
          </button>
        ) : null}
      </div>
      {error ? (
        <div id="filter-error" className="filter-error" role="alert" data-testid="filter-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
