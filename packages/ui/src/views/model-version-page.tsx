import { getModelVersion, isRegistryMissing } from "../api/registry-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { KeyValueTable } from "../components/key-value-table.js";
import { StagePill } from "../components/stage-pill.js";
import { RegistryUnavailable } from "../components/registry-unavailable.js";
import { useAsync } from "../components/use-async.js";
import { formatTime } from "../lib/format.js";
import { Link } from "../router/link.js";
import { routeHref } from "../router/route.js";

/** Where a version's source points inside the UI: its run's artifacts for `runs:/` sources. */
function sourceLink(source: string | undefined, runId: string | undefined): string | undefined {
  if (!source) return undefined;
  const m = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (m?.[1]) return `${routeHref({ kind: "run", runId: m[1] })}${m[2] ? `?artifact=${encodeURIComponent(`${m[2]}/MLmodel`)}` : ""}`;
  if (runId) return routeHref({ kind: "run", runId });
  return undefined;
}

/** One model version: stage, status, aliases, description, tags, and links to its run and source. */
export function ModelVersionPage({ name, version }: { readonly name: string; readonly version: string }) {
  const mv = useAsync((signal) => getModelVersion(name, version, signal), [name, version]);
  if (isRegistryMissing(mv.error)) {
    return (
      <div className="page">
        <h1>
          {name} v{version}
        </h1>
        <RegistryUnavailable />
      </div>
    );
  }
  const v = mv.data;
  const src = sourceLink(v?.source, v?.run_id);
  return (
    <div className="page model-version-page">
      <div className="breadcrumbs">
        <Link href={routeHref({ kind: "models" })}>Models</Link> › <Link href={routeHref({ kind: "model", name })}>{name}</Link> ›
      </div>
      <h1 data-testid="model-version-title">
        {name} · Version {version}
      </h1>
      <ErrorBanner error={mv.error} prefix="Could not load the model version" />
      {v ? (
        <>
          <section className="card">
            <KeyValueTable
              rows={[
                { key: "Stage", value: v.current_stage && v.current_stage !== "None" ? <StagePill stage={v.current_stage} /> : "None" },
                { key: "Status", value: `${v.status ?? ""}${v.status_message ? ` (${v.status_message})` : ""}` },
                { key: "Aliases", value: (v.aliases ?? []).map((a) => `@${a}`).join(", ") },
                { key: "Registered", value: formatTime(v.creation_timestamp) },
                { key: "Last modified", value: formatTime(v.last_updated_timestamp) },
                { key: "Created by", value: v.user_id ?? "" },
                { key: "Source run", value: v.run_id ? <Link href={routeHref({ kind: "run", runId: v.run_id })}>{v.run_id}</Link> : "" },
                { key: "Source", value: src ? <Link href={src}>{v.source}</Link> : (v.source ?? "") },
                ...(v.model_id ? [{ key: "Logged model", value: v.model_id }] : []),
                ...(v.run_link ? [{ key: "Run link", value: <a href={v.run_link}>{v.run_link}</a> }] : []),
              ].filter((r) => r.value !== "")}
              empty=""
              testId="model-version-overview"
            />
          </section>
          <section className="card">
            <h2>Description</h2>
            {v.description ? <p className="description">{v.description}</p> : <p className="muted">No description.</p>}
          </section>
          <section className="card">
            <h2>Tags</h2>
            <KeyValueTable rows={(v.tags ?? []).map((t) => ({ key: t.key, value: t.value }))} empty="No tags." />
          </section>
        </>
      ) : null}
    </div>
  );
}
