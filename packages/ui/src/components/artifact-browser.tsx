import type { FileInfo } from "@sextant/protocol";
import { useState } from "react";
import { listArtifacts } from "../api/tracking-api.js";
import { formatBytes } from "../lib/format.js";
import { updateQuery } from "../router/navigation.js";
import { ArtifactPreview } from "./artifact-preview.js";
import { ErrorBanner } from "./error-banner.js";
import { useAsync } from "./use-async.js";

interface FolderProps {
  readonly runId: string;
  readonly path: string;
  readonly depth: number;
  readonly selected: string;
  readonly onSelect: (f: FileInfo) => void;
}

function Folder({ runId, path, depth, selected, onSelect }: FolderProps) {
  const listing = useAsync((signal) => listArtifacts(runId, path, signal), [runId, path]);
  if (listing.error) return <ErrorBanner error={listing.error} prefix="Could not list artifacts" />;
  if (!listing.data) return <div className="muted small tree-pad" style={{ paddingLeft: depth * 14 }}>loading…</div>;
  if (listing.data.length === 0) return <div className="muted small" style={{ paddingLeft: 6 + (depth + 1) * 14 }}>empty folder</div>;
  return <FileList runId={runId} files={listing.data} depth={depth} selected={selected} onSelect={onSelect} />;
}

function FileList({ runId, files, depth, selected, onSelect }: Omit<FolderProps, "path"> & { readonly files: readonly FileInfo[] }) {
  const sorted = [...files].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path));
  return (
    <ul className="artifact-tree">
      {sorted.map((f) => (
        <Entry key={f.path} runId={runId} file={f} depth={depth} selected={selected} onSelect={onSelect} />
      ))}
    </ul>
  );
}

function Entry({ runId, file, depth, selected, onSelect }: { runId: string; file: FileInfo; depth: number; selected: string; onSelect: (f: FileInfo) => void }) {
  const [open, setOpen] = useState(selected.startsWith(`${file.path}/`));
  const name = file.path.split("/").pop() ?? file.path;
  return (
    <li>
      <button
        type="button"
        className={`tree-item${selected === file.path ? " active" : ""}`}
        style={{ paddingLeft: 6 + depth * 14 }}
        onClick={() => (file.is_dir ? setOpen(!open) : onSelect(file))}
        data-testid="artifact-entry"
        data-path={file.path}
      >
        <span className="tree-icon">{file.is_dir ? (open ? "▾" : "▸") : "•"}</span> {name}
        {!file.is_dir && file.file_size !== undefined ? <span className="muted small"> {formatBytes(file.file_size)}</span> : null}
      </button>
      {file.is_dir && open ? <Folder runId={runId} path={file.path} depth={depth + 1} selected={selected} onSelect={onSelect} /> : null}
    </li>
  );
}

/**
 * A run's artifacts as a lazily loaded tree beside a preview of the chosen file. The chosen
 * path is kept in the URL (`?artifact=`), so a preview can be linked to.
 */
export function ArtifactBrowser({ runId, selectedPath }: { readonly runId: string; readonly selectedPath: string }) {
  const [chosen, setChosen] = useState<FileInfo | null>(selectedPath ? { path: selectedPath, is_dir: false } : null);
  const root = useAsync((signal) => listArtifacts(runId, "", signal), [runId]);
  const onSelect = (f: FileInfo) => {
    setChosen(f);
    updateQuery({ artifact: f.path });
  };
  if (root.error) return <ErrorBanner error={root.error} prefix="Could not list artifacts" />;
  if (!root.data) return <p className="muted">Loading artifacts…</p>;
  if (root.data.length === 0) return <p className="muted" data-testid="artifact-browser">No artifacts recorded for this run.</p>;
  return (
    <div className="artifact-browser" data-testid="artifact-browser">
      <div className="artifact-tree-pane">
        <FileList runId={runId} files={root.data} depth={0} selected={chosen?.path ?? ""} onSelect={onSelect} />
      </div>
      <div className="artifact-preview-pane">
        {chosen ? <ArtifactPreview key={chosen.path} runId={runId} file={chosen} /> : <p className="muted">Select a file to preview it.</p>}
      </div>
    </div>
  );
}
