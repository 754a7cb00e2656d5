import type { FileInfo } from "@sextant/protocol";
import type { ReactNode } from "react";
import { errorText } from "../api/api-error.js";
import { artifactUrl } from "../api/tracking-api.js";
import { columnSpecText } from "../lib/column-specs.js";
import { formatBytes } from "../lib/format.js";
import { parseCsv } from "../lib/parse-csv.js";
import { previewKind } from "../lib/preview-kind.js";
import { ErrorBanner } from "./error-banner.js";
import { KeyValueTable } from "./key-value-table.js";
import { useAsync } from "./use-async.js";

/** Files larger than this are offered for download instead of previewed. */
const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;
const MAX_CSV_ROWS = 500;

async function fetchText(url: string, signal: AbortSignal): Promise<string> {
  const res = await fetch(url, { signal });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // not JSON
    }
    throw new Error(`Could not read the artifact: ${message}`);
  }
  return res.text();
}

function CsvTable({ text, delimiter }: { readonly text: string; readonly delimiter: string }) {
  const rows = parseCsv(text, { delimiter, maxRows: MAX_CSV_ROWS + 1 });
  const [head, ...body] = rows;
  if (!head) return <p className="muted">Empty file.</p>;
  return (
    <div className="csv-wrap">
      <table className="csv-table" data-testid="csv-table">
        <thead>
          <tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.slice(0, MAX_CSV_ROWS).map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={i}>
              {r.map((c, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {body.length > MAX_CSV_ROWS ? <p className="muted small">Showing the first {MAX_CSV_ROWS} rows.</p> : null}
    </div>
  );
}

/** Parses YAML with the `yaml` package, loaded on first use so it stays out of the main bundle. */
async function parseYamlObject(text: string): Promise<Record<string, unknown>> {
  const { parse } = await import("yaml");
  const parsed: unknown = parse(text);
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function MlmodelView({ text }: { readonly text: string }) {
  const parsed = useAsync(() => parseYamlObject(text), [text]);
  if (parsed.loading) return <p className="muted">Reading MLmodel…</p>;
  const doc = parsed.data ?? {};
  const parseError = parsed.error === undefined ? undefined : errorText(parsed.error);
  const flavors = doc["flavors"] && typeof doc["flavors"] === "object" ? Object.keys(doc["flavors"] as object) : [];
  const signature = (doc["signature"] ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
  const rows: { key: string; value: ReactNode }[] = [];
  const add = (key: string, v: unknown, code = false) => {
    const text = str(v);
    if (text) rows.push({ key, value: code ? <code>{text}</code> : text });
  };
  add("Flavors", flavors.join(", "));
  add("Run ID", doc["run_id"]);
  add("Model ID", doc["model_id"] ?? doc["model_uuid"]);
  add("Created (UTC)", doc["utc_time_created"]);
  add("Artifact path", doc["artifact_path"]);
  add("MLflow version", doc["mlflow_version"]);
  add("Signature inputs", columnSpecText(signature["inputs"]), true);
  add("Signature outputs", columnSpecText(signature["outputs"]), true);
  add("Signature params", columnSpecText(signature["params"]), true);
  return (
    <div data-testid="mlmodel-preview">
      <h4>MLmodel</h4>
      {parseError ? <div className="error-banner">Not valid YAML: {parseError}</div> : <KeyValueTable rows={rows} empty="Empty MLmodel file." />}
      <pre className="code-preview">{text}</pre>
    </div>
  );
}

/**
 * Shows one artifact: text, pretty JSON, YAML, CSV/TSV as a table, images inline, MLmodel as
 * a summary of flavors and signature; anything else (or anything over 5 MB) as a download link.
 */
export function ArtifactPreview({ runId, file }: { readonly runId: string; readonly file: FileInfo }) {
  const kind = previewKind(file.path);
  const url = artifactUrl(runId, file.path);
  const tooBig = (file.file_size ?? 0) > MAX_PREVIEW_BYTES;
  const needsText = kind !== "image" && kind !== "none" && !tooBig;
  const text = useAsync((signal) => (needsText ? fetchText(url, signal) : Promise.resolve("")), [url, needsText]);
  const head = (
    <div className="preview-head">
      <strong>{file.path}</strong> <span className="muted small">{formatBytes(file.file_size)}</span>{" "}
      <a href={url} download={file.path.split("/").pop()}>
        Download
      </a>
    </div>
  );
  if (kind === "image") {
    return (
      <div className="artifact-preview" data-testid="artifact-preview" data-kind={kind}>
        {head}
        <img src={url} alt={file.path} className="image-preview" />
      </div>
    );
  }
  if (kind === "none" || tooBig) {
    return (
      <div className="artifact-preview" data-testid="artifact-preview" data-kind="none">
        {head}
        <p className="muted">{tooBig ? "This file is too large to preview." : "No preview for this file type."}</p>
      </div>
    );
  }
  let body = null;
  if (text.data !== undefined && !text.loading) {
    const t = text.data;
    if (kind === "json") {
      let pretty = t;
      try {
        pretty = JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        // show as is
      }
      body = <pre className="code-preview">{pretty}</pre>;
    } else if (kind === "csv" || kind === "tsv") body = <CsvTable text={t} delimiter={kind === "csv" ? "," : "\t"} />;
    else if (kind === "mlmodel") body = <MlmodelView text={t} />;
    else body = <pre className="code-preview">{t}</pre>;
  }
  return (
    <div className="artifact-preview" data-testid="artifact-preview" data-kind={kind}>
      {head}
      <ErrorBanner error={text.error} />
      {text.loading ? <p className="muted">Loading…</p> : body}
    </div>
  );
}
