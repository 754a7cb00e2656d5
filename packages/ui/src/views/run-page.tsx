import type { Run } from "@sextant/protocol";
import { useEffect, useMemo, useState } from "react";
import { errorText } from "../api/api-error.js";
import { deleteRun, getExperiment, getRun, restoreRun, searchRuns } from "../api/tracking-api.js";
import { ArtifactBrowser } from "../components/artifact-browser.js";
import { ErrorBanner } from "../components/error-banner.js";
import { KeyValueTable } from "../components/key-value-table.js";
import { MetricChartCard } from "../components/metric-chart-card.js";
import { StatusBadge } from "../components/status-badge.js";
import { TagsEditor } from "../components/tags-editor.js";
import { useAsync } from "../components/use-async.js";
import { historyId, useMetricHistories } from "../components/use-metric-histories.js";
import { datasetProfileText, datasetSchemaText } from "../lib/column-specs.js";
import { formatDuration, formatNumber, formatTime, metricNumber } from "../lib/format.js";
import { SYSTEM_TAGS } from "../lib/run-row.js";
import { seriesColor } from "../lib/series-colors.js";
import { Link } from "../router/link.js";
import { useLocation } from "../router/navigation.js";
import { routeHref } from "../router/route.js";

const POLL_MS = 3000;

/** Re-fetches a RUNNING run every few seconds so its metrics and status update live. */
function useLiveRun(runId: string): { run: Run | undefined; error: unknown; reload: () => void } {
  const state = useAsync((signal) => getRun(runId, signal), [runId]);
  const running = state.data?.info.status === "RUNNING";
  const { reload } = state;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, reload]);
  return { run: state.data, error: state.data ? undefined : state.error, reload };
}

/** A dataset source as people read it: the URI or path inside MLflow's JSON source, else the text. */
function sourceText(source: string | undefined): string {
  if (!source) return "";
  try {
    const v: unknown = JSON.parse(source);
    if (v && typeof v === "object") {
      for (const k of ["uri", "url", "path", "table_name", "delta_table_name"]) {
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === "string" && x) return x;
      }
    }
  } catch {
    // not JSON: show as is
  }
  return source;
}

function DatasetInputs({ run }: { readonly run: Run }) {
  const inputs = run.inputs?.dataset_inputs ?? [];
  if (inputs.length === 0) return <p className="muted">No dataset inputs.</p>;
  return (
    <table className="data-table" data-testid="dataset-inputs">
      <thead>
        <tr>
          <th>Name</th>
          <th>Digest</th>
          <th>Context</th>
          <th>Source type</th>
          <th>Source</th>
          <th>Schema · profile</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((d) => (
          <tr key={`${d.dataset.name}/${d.dataset.digest}`}>
            <td className="nowrap">{d.dataset.name}</td>
            <td>
              <code>{d.dataset.digest}</code>
            </td>
            <td>{d.tags?.find((t) => t.key === "mlflow.data.context")?.value ?? ""}</td>
            <td>{d.dataset.source_type}</td>
            <td className="wrap" title={d.dataset.source}>
              {sourceText(d.dataset.source)}
            </td>
            <td className="small dataset-schema">
              {datasetSchemaText(d.dataset.schema)}
              {d.dataset.profile ? <div className="muted">{datasetProfileText(d.dataset.profile)}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One run: overview (status, times, duration, source, git commit, user, parent and child
 * runs), a chart per metric shown straight away, params, latest metrics, editable tags,
 * dataset inputs and the artifact browser. Polls while the run is RUNNING.
 */
export function RunPage({ runId }: { readonly runId: string }) {
  const location = useLocation();
  const artifactPath = new URLSearchParams(location.search).get("artifact") ?? "";
  const { run, error, reload } = useLiveRun(runId);
  const experimentId = run?.info.experiment_id;
  const experiment = useAsync((signal) => (experimentId ? getExperiment(experimentId, signal) : Promise.resolve(undefined)), [experimentId]);
  const children = useAsync(
    (signal) =>
      experimentId
        ? searchRuns({ experimentIds: [experimentId], filter: `tags.${SYSTEM_TAGS.parentRunId} = '${runId}'`, maxResults: 200, signal }).then((p) => p.items)
        : Promise.resolve([]),
    [experimentId, runId],
  );
  const parentId = run?.data.tags?.find((t) => t.key === SYSTEM_TAGS.parentRunId)?.value;
  const parent = useAsync((signal) => (parentId ? getRun(parentId, signal) : Promise.resolve(undefined)), [parentId]);
  const [actionError, setActionError] = useState<string | undefined>();

  const metrics = run?.data.metrics ?? [];
  const versions = useMemo(
    () =>
      [...metrics]
        .sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }))
        .map((m) => ({ runId, key: m.key, latestStep: Number(m.step), latestTimestamp: Number(m.timestamp) })),
    [metrics, runId],
  );
  const histories = useMetricHistories(versions);

  if (error) {
    return (
      <div className="page">
        <div className="breadcrumbs">
          <Link href={routeHref({ kind: "experiments" })}>Experiments</Link> ›
        </div>
        <h1 data-testid="run-title">Run {runId}</h1>
        <ErrorBanner error={error} prefix="Could not load the run" />
      </div>
    );
  }
  if (!run) return <div className="page muted">Loading run…</div>;

  const info = run.info;
  const tags = new Map((run.data.tags ?? []).map((t) => [t.key, t.value]));
  const name = info.run_name || tags.get(SYSTEM_TAGS.runName) || info.run_id;
  const commit = tags.get(SYSTEM_TAGS.gitCommit);
  const overview = [
    { key: "Run ID", value: <code>{info.run_id}</code> },
    { key: "Experiment", value: <Link href={routeHref({ kind: "runs", experimentIds: [info.experiment_id] })}>{experiment.data?.name ?? info.experiment_id}</Link> },
    { key: "Status", value: <StatusBadge status={info.status} /> },
    { key: "Started", value: formatTime(info.start_time) },
    { key: "Ended", value: formatTime(info.end_time) || (info.status === "RUNNING" ? "still running" : "") },
    { key: "Duration", value: formatDuration(info.start_time, info.end_time) },
    { key: "Source", value: [tags.get(SYSTEM_TAGS.sourceType), tags.get(SYSTEM_TAGS.sourceName)].filter(Boolean).join(": ") },
    { key: "Git commit", value: commit ? <code title={commit}>{commit}</code> : "" },
    { key: "User", value: info.user_id || tags.get(SYSTEM_TAGS.user) || "" },
    { key: "Lifecycle", value: info.lifecycle_stage },
    { key: "Artifact URI", value: <code>{info.artifact_uri}</code> },
    {
      key: "Parent run",
      value: parentId ? (
        <Link href={routeHref({ kind: "run", runId: parentId })} title={parentId} testId="parent-run-link">
          {parent.data?.info.run_name || parentId}
        </Link>
      ) : (
        ""
      ),
    },
    {
      key: "Child runs",
      value: (children.data ?? []).length ? (
        <span className="child-runs">
          {(children.data ?? []).map((c) => (
            <Link key={c.info.run_id} href={routeHref({ kind: "run", runId: c.info.run_id })} title={c.info.run_id} testId="child-run-link">
              {c.info.run_name || c.info.run_id}
            </Link>
          ))}
        </span>
      ) : (
        ""
      ),
    },
  ].filter((r) => r.value !== "");
  const note = tags.get(SYSTEM_TAGS.note);
  const act = async (fn: (id: string) => Promise<void>) => {
    try {
      await fn(runId);
      setActionError(undefined);
      reload();
    } catch (e) {
      setActionError(errorText(e));
    }
  };

  return (
    <div className="page run-page">
      <div className="breadcrumbs">
        <Link href={routeHref({ kind: "experiments" })}>Experiments</Link> ›{" "}
        <Link href={routeHref({ kind: "runs", experimentIds: [info.experiment_id] })}>{experiment.data?.name ?? info.experiment_id}</Link> ›
      </div>
      <div className="title-row">
        <h1 data-testid="run-title">{name}</h1>
        <StatusBadge status={info.status} />
        <span className="spacer" />
        {info.lifecycle_stage === "deleted" ? (
          <button type="button" onClick={() => act(restoreRun)}>
            Restore run
          </button>
        ) : (
          <button type="button" onClick={() => act(deleteRun)}>
            Delete run
          </button>
        )}
      </div>
      {actionError ? <div className="error-banner" role="alert">{actionError}</div> : null}
      {note ? <p className="run-note">{note}</p> : null}
      <section className="card">
        <h2>Overview</h2>
        <KeyValueTable rows={overview} empty="" testId="run-overview" />
      </section>
      <section className="card">
        <h2>Metric charts</h2>
        <ErrorBanner error={histories.error} prefix="Could not load metric history" />
        {versions.length === 0 ? <p className="muted">No metrics logged.</p> : null}
        <div className="chart-grid">
          {versions.map((v) => {
            const points = histories.byId.get(historyId(runId, v.key));
            return (
              <MetricChartCard
                key={v.key}
                metricKey={v.key}
                series={points ? [{ label: name, color: seriesColor(0), points }] : []}
                loading={!points}
              />
            );
          })}
        </div>
      </section>
      <div className="two-col">
        <section className="card">
          <h2>Parameters ({run.data.params?.length ?? 0})</h2>
          <KeyValueTable rows={(run.data.params ?? []).map((p) => ({ key: p.key, value: p.value }))} empty="No parameters." testId="params-table" />
        </section>
        <section className="card">
          <h2>Metrics ({metrics.length})</h2>
          <KeyValueTable
            rows={metrics.map((m) => ({ key: m.key, value: `${formatNumber(metricNumber(m.value))}  (step ${m.step})` }))}
            empty="No metrics."
            testId="metrics-table"
          />
        </section>
      </div>
      <section className="card">
        <h2>Tags</h2>
        <TagsEditor runId={runId} tags={run.data.tags ?? []} onChanged={reload} />
      </section>
      <section className="card">
        <h2>Datasets</h2>
        <DatasetInputs run={run} />
      </section>
      <section className="card">
        <h2>Artifacts</h2>
        <ArtifactBrowser runId={runId} selectedPath={artifactPath} />
      </section>
    </div>
  );
}
