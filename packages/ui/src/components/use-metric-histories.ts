import type { Metric } from "@sextant/protocol";
import { useEffect, useRef, useState } from "react";
import { isAbort } from "../api/api-error.js";
import { getMetricHistory } from "../api/tracking-api.js";

/** What identifies a metric's current history: its key plus its latest step and time. */
export interface MetricVersion {
  readonly runId: string;
  readonly key: string;
  readonly latestStep: number;
  readonly latestTimestamp: number;
}

export interface Histories {
  /** `runId\u0000key` -> points. */
  readonly byId: ReadonlyMap<string, readonly Metric[]>;
  readonly loading: boolean;
  readonly error: unknown;
}

/** The map key of one run's metric. */
export function historyId(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}

/**
 * Fetches the full history of each (run, metric) and refetches only those whose latest
 * step or timestamp moved (live runs), keeping the rest on screen.
 */
export function useMetricHistories(versions: readonly MetricVersion[]): Histories {
  const [byId, setById] = useState<ReadonlyMap<string, readonly Metric[]>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const fetched = useRef(new Map<string, string>());
  const signature = versions.map((v) => `${v.runId}/${v.key}/${v.latestStep}/${v.latestTimestamp}`).join("|");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` is the identity of `versions`
  useEffect(() => {
    const ctl = new AbortController();
    const todo = versions.filter((v) => fetched.current.get(historyId(v.runId, v.key)) !== `${v.latestStep}/${v.latestTimestamp}`);
    if (todo.length === 0) {
      setLoading(false);
      return;
    }
    setLoading(true);
    (async () => {
      const results = await Promise.all(
        todo.map(async (v) => [v, await getMetricHistory(v.runId, v.key, ctl.signal)] as const),
      );
      if (ctl.signal.aborted) return;
      setById((old) => {
        const next = new Map(old);
        for (const [v, points] of results) {
          next.set(historyId(v.runId, v.key), points);
          fetched.current.set(historyId(v.runId, v.key), `${v.latestStep}/${v.latestTimestamp}`);
        }
        return next;
      });
      setLoading(false);
    })().catch((e: unknown) => {
      if (ctl.signal.aborted || isAbort(e)) return;
      setError(e);
      setLoading(false);
    });
    return () => ctl.abort();
  }, [signature]);

  return { byId, loading, error };
}
