import { getRegisteredModel, isRegistryMissing, searchModelVersions } from "../api/registry-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { KeyValueTable } from "../components/key-value-table.js";
import { StagePill } from "../components/stage-pill.js";
import { RegistryUnavailable } from "../components/registry-unavailable.js";
import { useAsync } from "../components/use-async.js";
import { formatTime } from "../lib/format.js";
import { Link } from "../router/link.js";
import { routeHref } from "../router/route.js";

/** One registered model: description, tags, aliases and every version with stage and status. */
export function ModelPage({ name }: { readonly name: string }) {
  const model = useAsync((signal) => getRegisteredModel(name, signal), [name]);
  const versions = useAsync((signal) => searchModelVersions(name, signal), [name]);
  if (isRegistryMissing(model.error)) {
    return (
      <div className="page">
        <h1>{name}</h1>
        <RegistryUnavailable />
      </div>
    );
  }
  const m = model.data;
  const list = [...(versions.data ?? [])].sort((a, b) => Number(b.version) - Number(a.version));
  return (
    <div className="page model-page">
      <div className="breadcrumbs">
        <Link href={routeHref({ kind: "models" })}>Models</Link> ›
      </div>
      <h1 data-testid="model-title">{name}</h1>
      <ErrorBanner error={model.error} prefix="Could not load the model" />
      {m ? (
        <>
          <section className="card">
            <h2>Description</h2>
            {m.description ? <p className="description">{m.description}</p> : <p className="muted">No description.</p>}
            <KeyValueTable
              rows={[
                { key: "Created", value: formatTime(m.creation_timestamp) },
                { key: "Last modified", value: formatTime(m.last_updated_timestamp) },
                ...(m.user_id ? [{ key: "Created by", value: m.user_id }] : []),
              ]}
              empty=""
            />
          </section>
          <section className="card">
            <h2>Aliases</h2>
            {(m.aliases ?? []).length === 0 ? <p className="muted">No aliases.</p> : null}
            {(m.aliases ?? []).map((a) => (
              <Link key={a.alias} className="pill alias" href={routeHref({ kind: "modelVersion", name, version: a.version })}>
                @{a.alias} → v{a.version}
              </Link>
            ))}
          </section>
          <section className="card">
            <h2>Tags</h2>
            <KeyValueTable rows={(m.tags ?? []).map((t) => ({ key: t.key, value: t.value }))} empty="No tags." />
          </section>
        </>
      ) : null}
      {model.error ? null : (
      <section className="card">
        <h2>Versions</h2>
        <ErrorBanner error={versions.error} prefix="Could not load versions" />
        {versions.data && list.length === 0 ? <p className="muted">No versions.</p> : null}
        {list.length > 0 ? (
          <table className="data-table" data-testid="versions-table">
            <thead>
              <tr>
                <th>Version</th>
                <th>Registered</th>
                <th>Stage</th>
                <th>Aliases</th>
                <th>Status</th>
                <th>Source run</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.version} data-testid="version-row">
                  <td className="nowrap">
                    <Link href={routeHref({ kind: "modelVersion", name, version: v.version })}>Version {v.version}</Link>
                  </td>
                  <td className="nowrap">{formatTime(v.creation_timestamp)}</td>
                  <td>
                    <StagePill stage={v.current_stage} />
                  </td>
                  <td>
                    {(v.aliases ?? []).map((a) => (
                      <span key={a} className="pill alias">
                        @{a}
                      </span>
                    ))}
                  </td>
                  <td>{v.status ?? ""}</td>
                  <td>
                    {v.run_id ? (
                      <Link href={routeHref({ kind: "run", runId: v.run_id })} title={v.run_id}>
                        <code>{v.run_id.slice(0, 12)}</code>
                      </Link>
                    ) : (
                      ""
                    )}
                  </td>
                  <td className="small">{v.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      )}
    </div>
  );
}
