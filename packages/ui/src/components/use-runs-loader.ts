import type { Run, ViewType } from "@sextant/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { isAbort } from "../api/api-error.js";
import { getRun, searchRuns } from "../api/tracking-api.js";
import { type RunRow, toRunRow } from "../lib/run-row.js";

export interface RunsQuery {
  readonly experimentIds: readonly string[];
  /** The full filter sent to the server (user filter AND status filter). */
  readonly filter: string;
  readonly viewType: ViewType;
}

export interface RunsLoad {
  readonly rows: readonly RunRow[];
  /** True once every page has arrived (client-side sorting is then over all runs). */
  readonly complete: boolean;
  readonly error: unknown;
  readonly reload: () => void;
}

/** The first page is small so the first row shows at once; later pages are large. */
const FIRST_PAGE = 200;
const NEXT_PAGE = 5000;
const POLL_MS = 3000;

function quote(s: string): string {
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * Loads every run matching a query, page by page (the table renders after the first
 * page), then polls: RUNNING runs are refreshed and runs started since appear at the top,
 * without a reload. Errors (a bad filter answers INVALID_PARAMETER_VALUE) land in `error`.
 */
export function useRunsLoader(query: RunsQuery, live: boolean): RunsLoad {
  const [rows, setRows] = useState<readonly RunRow[]>([]);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [nonce, setNonce] = useState(0);
  const rowsRef = useRef<readonly RunRow[]>([]);
  const key = JSON.stringify(query);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the query's identity
  useEffect(() => {
    const ctl = new AbortController();
    const q = JSON.parse(key) as RunsQuery;
    setComplete(false);
    setError(undefined);
    const acc: RunRow[] = [];
    (async () => {
      let pageToken: string | undefined;
      let first = true;
      do {
        const page = await searchRuns({
          experimentIds: q.experimentIds,
          filter: q.filter,
          runViewType: q.viewType,
          maxResults: first ? FIRST_PAGE : NEXT_PAGE,
          pageToken,
          signal: ctl.signal,
        });
        if (ctl.signal.aborted) return;
        for (const r of page.items) acc.push(toRunRow(r));
        rowsRef.current = acc.slice();
        setRows(rowsRef.current);
        pageToken = page.nextPageToken;
        first = false;
      } while (pageToken);
      setComplete(true);
    })().catch((e: unknown) => {
      if (ctl.signal.aborted || isAbort(e)) return;
      rowsRef.current = [];
      setRows([]);
      setError(e);
    });
    return () => ctl.abort();
  }, [key, nonce]);

  // Live updates while the page is open.
  useEffect(() => {
    if (!live || !complete) return;
    const q = JSON.parse(key) as RunsQuery;
    const ctl = new AbortController();
    let timer = 0;
    const tick = async () => {
      try {
        const current = rowsRef.current;
        const known = new Set(current.map((r) => r.runId));
        const fresh = await searchRuns({ experimentIds: q.experimentIds, filter: q.filter, runViewType: q.viewType, maxResults: 50, signal: ctl.signal });
        const added = fresh.items.filter((r) => !known.has(r.info.run_id));
        const running = current.filter((r) => r.run.info.status === "RUNNING").map((r) => r.runId);
        const updated = new Map<string, Run>();
        for (const r of fresh.items) if (known.has(r.info.run_id)) updated.set(r.info.run_id, r);
        const stale = running.filter((id) => !updated.has(id));
        for (let i = 0; i < stale.length; i += 100) {
          const ids = stale.slice(i, i + 100);
          const page = await searchRuns({
            experimentIds: q.experimentIds,
            filter: `attributes.run_id IN (${ids.map(quote).join(", ")})`,
            runViewType: "ALL",
            maxResults: ids.length,
            signal: ctl.signal,
          }).catch(async () => ({ items: await Promise.all(ids.slice(0, 20).map((id) => getRun(id, ctl.signal))) }));
          for (const r of page.items) updated.set(r.info.run_id, r);
        }
        if (ctl.signal.aborted || (added.length === 0 && updated.size === 0)) return;
        let changed = added.length > 0;
        const next = current.map((row) => {
          const u = updated.get(row.runId);
          if (!u || JSON.stringify(u) === JSON.stringify(row.run)) return row;
          changed = true;
          return toRunRow(u);
        });
        if (!changed) return;
        rowsRef.current = [...added.map(toRunRow), ...next];
        setRows(rowsRef.current);
      } catch {
        // A failed poll is retried on the next tick; the table keeps what it has.
      } finally {
        if (!ctl.signal.aborted) timer = window.setTimeout(tick, POLL_MS);
      }
    };
    timer = window.setTimeout(tick, POLL_MS);
    return () => {
      ctl.abort();
      window.clearTimeout(timer);
    };
  }, [key, live, complete]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { rows, complete, error, reload };
}
