import { useSyncExternalStore } from "react";

/** Fired on window after pushState/replaceState so every useLocation re-reads the URL. */
const NAVIGATE_EVENT = "sextant:navigate";

export interface LocationSnapshot {
  readonly pathname: string;
  readonly search: string;
  /** pathname + search, the identity of the snapshot. */
  readonly href: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentHref(): string {
  return window.location.pathname + window.location.search;
}

/** The current location; re-renders on navigation and on the back/forward buttons. */
export function useLocation(): LocationSnapshot {
  const href = useSyncExternalStore(subscribe, currentHref);
  const q = href.indexOf("?");
  return { pathname: q < 0 ? href : href.slice(0, q), search: q < 0 ? "" : href.slice(q), href };
}

/** Goes to a same-origin URL through the history API (replace keeps the back stack as is). */
export function navigate(href: string, opts: { readonly replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (opts.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * Sets or removes query parameters of the current URL. Filters and sorts replace the entry
 * (typing does not flood the back stack) unless `push` is set.
 */
export function updateQuery(changes: Readonly<Record<string, string | undefined>>, opts: { readonly push?: boolean } = {}): void {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, value);
  }
  const qs = params.toString();
  const href = window.location.pathname + (qs ? `?${qs}` : "");
  if (href === currentHref()) return;
  if (opts.push) window.history.pushState(null, "", href);
  else window.history.replaceState(null, "", href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
