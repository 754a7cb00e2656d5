import { useEffect, useState } from "react";

/**
 * A piece of view state remembered in localStorage under `key` (for example the columns a
 * user picked for an experiment). Storage failures (private mode, quota) fall back to memory.
 */
export function useStoredState<T>(key: string, initial: T): [T, (v: T) => void] {
  const read = (): T => {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  };
  const [value, setValue] = useState<T>(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read only when the key changes
  useEffect(() => setValue(read()), [key]);
  const set = (v: T) => {
    setValue(v);
    try {
      window.localStorage.setItem(key, JSON.stringify(v));
    } catch {
      // memory only
    }
  };
  return [value, set];
}
