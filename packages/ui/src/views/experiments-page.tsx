import type { Experiment, ViewType } from "@sextant/protocol";
import { useMemo, useRef, useState } from "react";
import { errorText } from "../api/api-error.js";
import { createExperiment, deleteExperiment, renameExperiment, restoreExperiment, searchExperiments } from "../api/tracking-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { useAsync } from "../components/use-async.js";
import { useVirtualRows } from "../components/use-virtual-rows.js";
import { formatTime } from "../lib/format.js";
import { fixedRowLayout } from "../lib/row-layout.js";
import { Link } from "../router/link.js";
import { navigate, updateQuery, useLocation } from "../router/navigation.js";
import { routeHref } from "../router/route.js";

const ROW = 40;
const HEAD = 30;
const VIEWS: Readonly<Record<string, ViewType>> = { active: "ACTIVE_ONLY", deleted: "DELETED_ONLY", all: "ALL" };

async function loadAllExperiments(viewType: ViewType, signal: AbortSignal): Promise<Experiment[]> {
  const all: Experiment[] = [];
  let pageToken: string | undefined;
  do {
    const page = await searchExperiments({ viewType, maxResults: 1000, pageToken, signal });
    for (const e of page.items) all.push(e);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

function ExperimentRow({
  exp,
  top,
  checked,
  onCheck,
  onChanged,
}: {
  readonly exp: Experiment;
  readonly top: number;
  readonly checked: boolean;
  readonly onCheck: (on: boolean) => void;
  readonly onChanged: (error?: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(exp.name);
  const deleted = exp.lifecycle_stage === "deleted";
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
      onChanged();
    } catch (e) {
      onChanged(errorText(e));
    }
  };
  return (
    <div className={`exp-row${deleted ? " deleted" : ""}`} style={{ top }} data-testid="experiment-row" data-experiment-id={exp.experiment_id}>
      <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} aria-label={`Select experiment ${exp.name}`} />
      <div className="exp-name">
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setEditing(false);
              if (name.trim() && name !== exp.name) act(() => renameExperiment(exp.experiment_id, name.trim()));
            }}
          >
            <input value={name} onChange={(e) => setName(e.target.value)} aria-label="New experiment name" />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <Link href={routeHref({ kind: "runs", experimentIds: [exp.experiment_id] })} title={exp.name} className="exp-link">
            {exp.name}
          </Link>
        )}
      </div>
      <div className="exp-id muted">
        {exp.experiment_id}
      </div>
      <div className="exp-time muted">
        {formatTime(exp.creation_time)}
      </div>
      <div className="exp-actions">
        {deleted ? (
          <button type="button" onClick={() => act(() => restoreExperiment(exp.experiment_id))}>
            Restore
          </button>
        ) : (
          <>
            <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${exp.name}`}>
              Rename
            </button>
            <button type="button" onClick={() => act(() => deleteExperiment(exp.experiment_id))} aria-label={`Delete ${exp.name}`}>
              Delete
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The home page: every experiment (virtual scrolling, so thousands stay fast), a search box
 * over names, create, rename, delete and restore, and checkboxes to open several
 * experiments' runs together.
 */
export function ExperimentsPage() {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const view = params.get("view") ?? "active";
  const search = params.get("q") ?? "";
  const experiments = useAsync((signal) => loadAllExperiments(VIEWS[view] ?? "ACTIVE_ONLY", signal), [view]);
  const [actionError, setActionError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState("");
  const [newLocation, setNewLocation] = useState("");
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const scrollRef = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => {
    const all = experiments.data ?? [];
    const needle = search.toLowerCase();
    const list = needle ? all.filter((e) => e.name.toLowerCase().includes(needle) || e.experiment_id === search) : all.slice();
    return list.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }, [experiments.data, search]);
  const layout = useMemo(() => fixedRowLayout(shown.length, ROW), [shown.length]);
  const { start, end } = useVirtualRows(scrollRef, layout, 10, HEAD);

  const onChanged = (err?: string) => {
    setActionError(err);
    experiments.reload();
  };
  const create = async () => {
    setActionError(undefined);
    try {
      const id = await createExperiment(newName.trim(), newLocation.trim() || undefined);
      setCreating(false);
      setNewName("");
      setNewLocation("");
      navigate(routeHref({ kind: "runs", experimentIds: [id] }));
    } catch (e) {
      setActionError(errorText(e));
    }
  };
  const checkedIds = shown.filter((e) => checked.has(e.experiment_id)).map((e) => e.experiment_id);

  const rows = [];
  for (let i = start; i < end; i++) {
    const exp = shown[i];
    if (!exp) continue;
    rows.push(
      <ExperimentRow
        key={exp.experiment_id}
        exp={exp}
        top={i * ROW}
        checked={checked.has(exp.experiment_id)}
        onCheck={(on) => {
          const next = new Set(checked);
          if (on) next.add(exp.experiment_id);
          else next.delete(exp.experiment_id);
          setChecked(next);
        }}
        onChanged={onChanged}
      />,
    );
  }
  return (
    <div className="page experiments-page">
      <h1>Experiments</h1>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search experiments by name"
          defaultValue={search}
          onChange={(e) => updateQuery({ q: e.target.value })}
          aria-label="Search experiments"
        />
        <label>
          Show{" "}
          <select value={view} onChange={(e) => updateQuery({ view: e.target.value === "active" ? "" : e.target.value })} aria-label="Lifecycle filter">
            <option value="active">Active</option>
            <option value="deleted">Deleted</option>
            <option value="all">All</option>
          </select>
        </label>
        <span className="spacer" />
        <button type="button" disabled={checkedIds.length === 0} onClick={() => navigate(routeHref({ kind: "runs", experimentIds: checkedIds }))}>
          Open runs of selected{checkedIds.length ? ` (${checkedIds.length})` : ""}
        </button>
        <button type="button" className="primary" onClick={() => setCreating(!creating)}>
          Create experiment
        </button>
      </div>
      {creating ? (
        <form
          className="create-form"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <input placeholder="Experiment name" value={newName} onChange={(e) => setNewName(e.target.value)} aria-label="Experiment name" />
          <input placeholder="Artifact location (optional)" value={newLocation} onChange={(e) => setNewLocation(e.target.value)} aria-label="Artifact location" />
          <button type="submit" className="primary" disabled={!newName.trim()}>
            Create
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {actionError ? (
        <div className="error-banner" role="alert">
          {actionError}
        </div>
      ) : null}
      <ErrorBanner error={experiments.error} prefix="Could not load experiments" />
      <div className="muted small" data-testid="experiments-count">
        {experiments.data ? `${shown.length.toLocaleString()} of ${experiments.data.length.toLocaleString()} experiments` : "loading…"}
      </div>
      <div className="exp-scroll" ref={scrollRef}>
        <div className="exp-head">
          <span />
          <span>Name</span>
          <span>ID</span>
          <span>Created</span>
          <span />
        </div>
        {experiments.data && shown.length === 0 ? (
          <p className="empty-state exp-empty">{search ? `No experiment name contains “${search}”.` : view === "active" ? "No experiments yet." : "No experiments here."}</p>
        ) : null}
        <div style={{ height: shown.length * ROW, position: "relative" }}>{rows}</div>
      </div>
    </div>
  );
}
