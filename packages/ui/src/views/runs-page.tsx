import type { Experiment, ViewType } from "@sextant/protocol";
import { RUN_STATUSES } from "@sextant/protocol";
import { useCallback, useMemo, useRef, useState } from "react";
import { ApiError, errorText } from "../api/api-error.js";
import { deleteRun, getExperiment, restoreRun } from "../api/tracking-api.js";
import { ColumnPicker } from "../components/column-picker.js";
import { ErrorBanner } from "../components/error-banner.js";
import { FilterBox } from "../components/filter-box.js";
import { createNameMeasureCache, measureNameColumn } from "../components/name-column-layout.js";
import { RunsTable } from "../components/runs-table.js";
import { useAsync } from "../components/use-async.js";
import { useRunsLoader } from "../components/use-runs-loader.js";
import { useStoredState } from "../components/use-stored-state.js";
import { attributeColumns, columnFromId, keyColumn, type RunColumn } from "../lib/run-columns.js";
import { collectKeys } from "../lib/run-row.js";
import { type SortDirection, sortRows } from "../lib/sort-rows.js";
import { Link } from "../router/link.js";
import { navigate, updateQuery, useLocation } from "../router/navigation.js";
import { routeHref } from "../router/route.js";

const LIFECYCLES: Readonly<Record<string, ViewType>> = { active: "ACTIVE_ONLY", deleted: "DELETED_ONLY", all: "ALL" };

function defaultVisible(col: RunColumn, multiExperiment: boolean): boolean {
  if (col.kind === "metric" || col.kind === "param") return true;
  if (col.kind === "tag") return false;
  if (col.key === "experiment_id") return multiExperiment;
  return col.key !== "run_id";
}

/**
 * The runs of one or more experiments: filter box (MLflow grammar, applies on Enter, inline
 * errors), status and lifecycle filters, pickable columns, header-click sorting, row
 * checkboxes with Compare / Delete / Restore. Filter, sort, status and lifecycle live in the
 * URL so the view can be shared.
 */
export function RunsPage({ experimentIds }: { readonly experimentIds: readonly string[] }) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const userFilter = params.get("filter") ?? "";
  const status = params.get("status") ?? "";
  const lifecycle = params.get("lifecycle") ?? "active";
  const sortId = params.get("sort");
  const sortDir: SortDirection = params.get("dir") === "desc" ? "desc" : "asc";
  const multi = experimentIds.length > 1;

  const experiments = useAsync((signal) => Promise.all(experimentIds.map((id) => getExperiment(id, signal))), [experimentIds.join(",")]);
  const fullFilter = [userFilter, status ? `attributes.status = '${status}'` : ""].filter(Boolean).join(" AND ");
  const query = useMemo(
    () => ({ experimentIds, filter: fullFilter, viewType: LIFECYCLES[lifecycle] ?? "ACTIVE_ONLY" }),
    [experimentIds, fullFilter, lifecycle],
  );
  const { rows, complete, error, reload } = useRunsLoader(query, true);
  const filterError = error instanceof ApiError && error.errorCode === "INVALID_PARAMETER_VALUE" ? error.message : undefined;

  const keys = useMemo(() => collectKeys(rows), [rows]);
  const nameCache = useRef(createNameMeasureCache());
  const nameLayout = useMemo(() => measureNameColumn(rows, nameCache.current), [rows]);
  const groups = useMemo(
    () => [
      { title: "Attributes", columns: attributeColumns() },
      { title: "Metrics", columns: keys.metrics.map((k) => keyColumn("metric", k)) },
      { title: "Parameters", columns: keys.params.map((k) => keyColumn("param", k)) },
      { title: "Tags", columns: keys.tags.map((k) => keyColumn("tag", k)) },
    ],
    [keys],
  );
  const [overrides, setOverrides] = useStoredState<Record<string, boolean>>(`sextant.columns.${experimentIds.join(",")}`, {});
  const isVisible = useCallback((c: RunColumn) => overrides[c.id] ?? defaultVisible(c, multi), [overrides, multi]);
  const columns = useMemo(() => groups.flatMap((g) => g.columns.filter(isVisible)), [groups, isVisible]);

  const sortCol = useMemo(() => (sortId ? columnFromId(sortId) : null), [sortId]);
  const sorted = useMemo(() => (sortCol ? sortRows(rows, sortCol, sortDir) : rows), [rows, sortCol, sortDir]);
  const onSort = (col: RunColumn) => {
    const dir: SortDirection = sortId === col.id && sortDir === "asc" ? "desc" : "asc";
    updateQuery({ sort: col.id, dir });
  };

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const onToggle = useCallback((runId: string, on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(runId);
      else next.delete(runId);
      return next;
    });
  }, []);
  const onToggleAll = (on: boolean) => setSelected(on ? new Set(sorted.map((r) => r.runId)) : new Set());
  const selectedIds = sorted.filter((r) => selected.has(r.runId)).map((r) => r.runId);
  const selectedRows = rows.filter((r) => selected.has(r.runId));
  const [actionError, setActionError] = useState<string | undefined>();
  const runAction = async (action: (id: string) => Promise<void>) => {
    setActionError(undefined);
    try {
      for (const r of selectedRows) await action(r.runId);
      setSelected(new Set());
      reload();
    } catch (e) {
      setActionError(errorText(e));
    }
  };

  const title = experiments.data?.map((e: Experiment) => e.name).join(", ") ?? experimentIds.join(", ");
  const experimentNames = useMemo(
    () => (multi && experiments.data ? new Map(experiments.data.map((e) => [e.experiment_id, e.name])) : undefined),
    [multi, experiments.data],
  );
  if (experiments.error instanceof ApiError && experiments.error.errorCode === "RESOURCE_DOES_NOT_EXIST") {
    return (
      <div className="page runs-page">
        <div className="breadcrumbs">
          <Link href={routeHref({ kind: "experiments" })}>Experiments</Link> ›
        </div>
        <h1 data-testid="experiment-title">Experiment not found</h1>
        <ErrorBanner error={experiments.error} />
        <p>
          <Link href={routeHref({ kind: "experiments" })}>Back to the experiments</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page runs-page">
      <div className="breadcrumbs">
        <Link href={routeHref({ kind: "experiments" })}>Experiments</Link> ›
      </div>
      <h1 data-testid="experiment-title">{title}</h1>
      <ErrorBanner error={experiments.error} prefix="Could not load the experiment" />
      {experiments.data && !multi ? (
        <p className="muted small">
          Experiment ID {experiments.data[0]?.experiment_id} · Artifact location {experiments.data[0]?.artifact_location}
          {experiments.data[0]?.lifecycle_stage === "deleted" ? " · deleted" : ""}
        </p>
      ) : null}
      <FilterBox value={userFilter} onApply={(f) => updateQuery({ filter: f })} error={filterError} />
      <div className="toolbar">
        <label>
          Status{" "}
          <select value={status} onChange={(e) => updateQuery({ status: e.target.value })} aria-label="Status filter">
            <option value="">All</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lifecycle{" "}
          <select value={lifecycle} onChange={(e) => updateQuery({ lifecycle: e.target.value === "active" ? "" : e.target.value })} aria-label="Lifecycle filter">
            <option value="active">Active</option>
            <option value="deleted">Deleted</option>
            <option value="all">All</option>
          </select>
        </label>
        <ColumnPicker groups={groups} isVisible={isVisible} onChange={(ch) => setOverrides({ ...overrides, ...ch })} />
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={selectedIds.length < 2}
          onClick={() => navigate(routeHref({ kind: "compare", runIds: selectedIds }))}
          title="Select two or more runs to compare"
        >
          Compare{selectedIds.length ? ` (${selectedIds.length})` : ""}
        </button>
        <button type="button" disabled={!selectedRows.some((r) => r.run.info.lifecycle_stage === "active")} onClick={() => runAction(deleteRun)}>
          Delete
        </button>
        <button type="button" disabled={!selectedRows.some((r) => r.run.info.lifecycle_stage === "deleted")} onClick={() => runAction(restoreRun)}>
          Restore
        </button>
      </div>
      {actionError ? <div className="error-banner" role="alert">{actionError}</div> : null}
      {error && !filterError ? <ErrorBanner error={error} prefix="Could not load runs" /> : null}
      <div className="muted small" data-testid="runs-count">
        {rows.length.toLocaleString()} run{rows.length === 1 ? "" : "s"}
        {complete || error ? "" : " (loading…)"}
        {sortCol ? ` · sorted by ${sortCol.label} ${sortDir === "asc" ? "ascending" : "descending"}` : ""}
      </div>
      <RunsTable
        rows={sorted}
        columns={columns}
        sort={sortCol ? { columnId: sortCol.id, dir: sortDir } : null}
        onSort={onSort}
        selected={selected}
        onToggle={onToggle}
        onToggleAll={onToggleAll}
        nameLayout={nameLayout}
        experimentNames={experimentNames}
        empty={complete && !error ? (userFilter || status || lifecycle !== "active" ? "No runs match this filter." : multi ? "No runs in these experiments yet." : "No runs in this experiment yet.") : null}
      />
    </div>
  );
}
