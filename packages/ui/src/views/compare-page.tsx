import { useEffect, useMemo, useState } from "react";
import { getRun } from "../api/tracking-api.js";
import { DiffTable } from "../components/diff-table.js";
import { ErrorBanner } from "../components/error-banner.js";
import { MetricChartCard } from "../components/metric-chart-card.js";
import { ParallelCoordinates } from "../components/parallel-coordinates.js";
import { ScatterPlot } from "../components/scatter-plot.js";
import { useAsync } from "../components/use-async.js";
import { historyId, useMetricHistories } from "../components/use-metric-histories.js";
import { compareDimensions } from "../lib/compare-dimensions.js";
import { toRunRow } from "../lib/run-row.js";
import { seriesColor } from "../lib/series-colors.js";
import { Link } from "../router/link.js";
import { updateQuery, useLocation } from "../router/navigation.js";
import { routeHref } from "../router/route.js";

const POLL_MS = 3000;
const MAX_PC_AXES = 8;

/**
 * Several runs side by side: overlaid metric charts, a diff table that highlights
 * differences, a parallel-coordinates plot and a scatter of any param or metric against any
 * other (axes kept in the URL as `x` and `y`). Polls while any run is RUNNING.
 */
export function ComparePage({ runIds }: { readonly runIds: readonly string[] }) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const runs = useAsync((signal) => Promise.all(runIds.map((id) => getRun(id, signal))), [runIds.join(",")]);
  const { reload } = runs;
  const anyRunning = runs.data?.some((r) => r.info.status === "RUNNING") ?? false;
  useEffect(() => {
    if (!anyRunning) return;
    const t = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(t);
  }, [anyRunning, reload]);

  const rows = useMemo(() => (runs.data ?? []).map(toRunRow), [runs.data]);
  const colors = useMemo(() => rows.map((_, i) => seriesColor(i)), [rows]);
  const labels = useMemo(() => rows.map((r) => r.name), [rows]);
  const dims = useMemo(() => compareDimensions(rows), [rows]);

  const versions = useMemo(
    () =>
      (runs.data ?? []).flatMap((r) =>
        (r.data.metrics ?? []).map((m) => ({ runId: r.info.run_id, key: m.key, latestStep: Number(m.step), latestTimestamp: Number(m.timestamp) })),
      ),
    [runs.data],
  );
  const histories = useMetricHistories(versions);
  const metricKeys = useMemo(() => [...new Set(versions.map((v) => v.key))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })), [versions]);

  const [pcPicked, setPcPicked] = useState<readonly string[] | null>(null);
  const pcIds = pcPicked ?? dims.slice(0, MAX_PC_AXES).map((d) => d.id);
  const pcDims = dims.filter((d) => pcIds.includes(d.id));
  const xDim = dims.find((d) => d.id === params.get("x")) ?? dims.find((d) => d.kind === "param") ?? dims[0];
  const yDim = dims.find((d) => d.id === params.get("y")) ?? dims.find((d) => d.kind === "metric") ?? dims[1] ?? dims[0];

  if (runIds.length === 0) return <div className="page"><p>No runs chosen. Select runs in a runs table and press Compare.</p></div>;
  if (runs.error && !runs.data) return <div className="page"><ErrorBanner error={runs.error} prefix="Could not load the runs" /></div>;
  if (!runs.data) return <div className="page muted">Loading runs…</div>;

  const experimentIds = [...new Set(runs.data.map((r) => r.info.experiment_id))];
  const dimSelect = (label: string, value: string | undefined, onChange: (id: string) => void) => (
    <label>
      {label}{" "}
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value)} aria-label={`Scatter ${label} axis`}>
        {dims.map((d) => (
          <option key={d.id} value={d.id}>
            {d.kind}: {d.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="page compare-page">
      <div className="breadcrumbs">
        <Link href={routeHref({ kind: "experiments" })}>Experiments</Link> ›{" "}
        <Link href={routeHref({ kind: "runs", experimentIds })}>Runs</Link> ›
      </div>
      <h1>Comparing {rows.length} runs</h1>
      <ul className="compare-legend" data-testid="compare-runs">
        {rows.map((r, i) => (
          <li key={r.runId}>
            <span className="swatch" style={{ background: colors[i] }} />{" "}
            <Link href={routeHref({ kind: "run", runId: r.runId })}>{r.name}</Link>
          </li>
        ))}
      </ul>
      <section className="card">
        <h2>Metric charts</h2>
        <ErrorBanner error={histories.error} prefix="Could not load metric history" />
        {metricKeys.length === 0 ? <p className="muted">These runs have no metrics.</p> : null}
        <div className="chart-grid">
          {metricKeys.map((key) => {
            const series = rows
              .map((r, i) => ({ label: r.name, color: colors[i] ?? "#000", points: histories.byId.get(historyId(r.runId, key)) ?? [] }))
              .filter((s) => s.points.length > 0);
            return <MetricChartCard key={key} metricKey={key} series={series} loading={histories.loading && series.length === 0} />;
          })}
        </div>
      </section>
      <section className="card">
        <h2>Parameters and metrics</h2>
        <DiffTable rows={rows} colors={colors} />
      </section>
      <section className="card">
        <h2>Parallel coordinates</h2>
        <details className="axis-picker">
          <summary>Axes ({pcDims.length})</summary>
          {dims.map((d) => (
            <label key={d.id} className="column-option">
              <input
                type="checkbox"
                checked={pcIds.includes(d.id)}
                onChange={(e) => setPcPicked(e.target.checked ? [...pcIds, d.id] : pcIds.filter((id) => id !== d.id))}
              />{" "}
              {d.kind}: {d.label}
            </label>
          ))}
        </details>
        <ParallelCoordinates dimensions={pcDims} runLabels={labels} colors={colors} />
      </section>
      <section className="card">
        <h2>Scatter</h2>
        {xDim && yDim ? (
          <>
            <div className="toolbar">
              {dimSelect("X", xDim.id, (id) => updateQuery({ x: id }))}
              {dimSelect("Y", yDim.id, (id) => updateQuery({ y: id }))}
            </div>
            <ScatterPlot x={xDim} y={yDim} runLabels={labels} colors={colors} />
          </>
        ) : (
          <p className="muted">These runs have no params or metrics to plot.</p>
        )}
      </section>
    </div>
  );
}
