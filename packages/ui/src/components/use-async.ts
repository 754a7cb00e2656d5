import { type DependencyList, useCallback, useEffect, useState } from "react";
import { isAbort } from "../api/api-error.js";

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Runs the loader again (keeps the old data on screen until the new data arrives). */
  readonly reload: () => void;
}

/**
 * Runs `load` when `deps` change, aborting the previous call; errors land in `error`
 * (never in the console). Aborts on unmount.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    load(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted || isAbort(e)) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
