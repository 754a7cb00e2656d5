import { useState } from "react";
import { isRegistryMissing, searchRegisteredModels } from "../api/registry-api.js";
import type { RegisteredModel } from "../api/registry-types.js";
import { ErrorBanner } from "../components/error-banner.js";
import { RegistryUnavailable } from "../components/registry-unavailable.js";
import { useAsync } from "../components/use-async.js";
import { formatTime } from "../lib/format.js";
import { Link } from "../router/link.js";
import { updateQuery, useLocation } from "../router/navigation.js";
import { routeHref } from "../router/route.js";

const PAGE = 100;

function nameFilter(search: string): string | undefined {
  if (!search) return undefined;
  return `name ILIKE '%${search.replaceAll("'", "\\'")}%'`;
}

/**
 * Registered models: a name search (applies on Enter), pages of 100 with Previous/Next
 * (page tokens kept in the URL), latest versions, aliases and last change.
 */
export function ModelsPage() {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const search = params.get("q") ?? "";
  const pageToken = params.get("page") ?? undefined;
  const [text, setText] = useState(search);
  const [history, setHistory] = useState<readonly (string | undefined)[]>([]);
  const models = useAsync((signal) => searchRegisteredModels({ filter: nameFilter(search), maxResults: PAGE, pageToken, signal }), [search, pageToken]);

  if (isRegistryMissing(models.error)) {
    return (
      <div className="page">
        <h1>Registered models</h1>
        <RegistryUnavailable />
      </div>
    );
  }
  const list: readonly RegisteredModel[] = models.data?.items ?? [];
  return (
    <div className="page models-page">
      <h1>Registered models</h1>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search models by name (Enter)"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              setHistory([]);
              updateQuery({ q: text.trim(), page: undefined });
            }
          }}
          aria-label="Search models"
        />
      </div>
      <ErrorBanner error={models.error} prefix="Could not load models" />
      {models.data && list.length === 0 ? <p className="empty-state">{search ? "No model matches." : "No registered models yet."}</p> : null}
      {list.length > 0 ? (
        <table className="data-table" data-testid="models-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest versions</th>
              <th>Aliases</th>
              <th>Last modified</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.name} data-testid="model-row">
                <td className="wrap">
                  <Link href={routeHref({ kind: "model", name: m.name })}>{m.name}</Link>
                </td>
                <td>
                  {(m.latest_versions ?? []).map((v) => (
                    <Link
                      key={`${v.version}/${v.current_stage}`}
                      className={`pill${v.current_stage && v.current_stage !== "None" ? ` stage-${v.current_stage.toLowerCase()}` : ""}`}
                      href={routeHref({ kind: "modelVersion", name: m.name, version: v.version })}
                    >
                      v{v.version}
                      {v.current_stage && v.current_stage !== "None" ? ` ${v.current_stage}` : ""}
                    </Link>
                  ))}
                </td>
                <td>
                  {(m.aliases ?? []).map((a) => (
                    <span key={a.alias} className="pill alias">
                      @{a.alias} → v{a.version}
                    </span>
                  ))}
                </td>
                <td className="nowrap">{formatTime(m.last_updated_timestamp)}</td>
                <td className="small">{(m.tags ?? []).map((t) => `${t.key}=${t.value}`).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {history.length === 0 && !models.data?.nextPageToken ? null : (
      <div className="pager">
        <button
          type="button"
          disabled={history.length === 0}
          onClick={() => {
            const prev = history[history.length - 1];
            setHistory(history.slice(0, -1));
            updateQuery({ page: prev }, { push: true });
          }}
        >
          Previous
        </button>
        <button
          type="button"
          disabled={!models.data?.nextPageToken}
          onClick={() => {
            setHistory([...history, pageToken]);
            updateQuery({ page: models.data?.nextPageToken }, { push: true });
          }}
        >
          Next
        </button>
      </div>
      )}
    </div>
  );
}
