import type { RunTag } from "@sextant/protocol";
import { useState } from "react";
import { errorText } from "../api/api-error.js";
import { deleteRunTag, setRunTag } from "../api/tracking-api.js";

export interface TagsEditorProps {
  readonly runId: string;
  readonly tags: readonly RunTag[];
  readonly onChanged: () => void;
}

function TagRow({ runId, tag, onChanged, onError }: { runId: string; tag: RunTag; onChanged: () => void; onError: (e: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(tag.value);
  const save = async () => {
    try {
      await setRunTag(runId, tag.key, value);
      setEditing(false);
      onChanged();
    } catch (e) {
      onError(errorText(e));
    }
  };
  return (
    <tr data-testid="tag-row" data-tag-key={tag.key}>
      <th scope="row">{tag.key}</th>
      <td>
        {editing ? (
          <textarea value={value} onChange={(e) => setValue(e.target.value)} aria-label={`Value of tag ${tag.key}`} rows={Math.min(6, value.split("\n").length + 1)} />
        ) : (
          <span className="tag-value">{tag.value}</span>
        )}
      </td>
      <td className="row-actions">
        {editing ? (
          <>
            <button type="button" className="primary" onClick={save}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => setEditing(true)} aria-label={`Edit tag ${tag.key}`}>
              Edit
            </button>
            <button
              type="button"
              aria-label={`Delete tag ${tag.key}`}
              onClick={async () => {
                try {
                  await deleteRunTag(runId, tag.key);
                  onChanged();
                } catch (e) {
                  onError(errorText(e));
                }
              }}
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/**
 * The run's tags, editable in place: edit a value, delete a tag, add a new one
 * (runs/set-tag, runs/delete-tag). MLflow's own `mlflow.*` tags are listed read-only
 * under a fold. Server validation errors are shown under the table.
 */
export function TagsEditor({ runId, tags, onChanged }: TagsEditorProps) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const user = tags.filter((t) => !t.key.startsWith("mlflow."));
  const system = tags.filter((t) => t.key.startsWith("mlflow."));
  const changed = () => {
    setError(undefined);
    onChanged();
  };
  return (
    <div className="tags-editor">
      {user.length === 0 ? (
        <p className="muted">No tags.</p>
      ) : (
        <table className="kv-table" data-testid="tags-table">
          <tbody>
            {user.map((t) => (
              <TagRow key={t.key} runId={runId} tag={t} onChanged={changed} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await setRunTag(runId, key.trim(), value);
            setKey("");
            setValue("");
            changed();
          } catch (err) {
            setError(errorText(err));
          }
        }}
      >
        <input placeholder="Tag name" value={key} onChange={(e) => setKey(e.target.value)} aria-label="New tag name" />
        <input placeholder="Value" value={value} onChange={(e) => setValue(e.target.value)} aria-label="New tag value" />
        <button type="submit" disabled={!key.trim()}>
          Add tag
        </button>
      </form>
      {error ? (
        <div className="error-banner" role="alert">
          {error}
        </div>
      ) : null}
      {system.length > 0 ? (
        <details>
          <summary>System tags ({system.length})</summary>
          <table className="kv-table">
            <tbody>
              {system.map((t) => (
                <tr key={t.key}>
                  <th scope="row">{t.key}</th>
                  <td className="tag-value">{t.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
