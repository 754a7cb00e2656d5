import { type RefObject, useEffect, useState } from "react";
import type { RowLayout } from "../lib/row-layout.js";

export interface VirtualWindow {
  /** First row index to render (inclusive). */
  readonly start: number;
  /** Last row index to render (exclusive). */
  readonly end: number;
}

/**
 * Which rows of a list are inside the scroll container's viewport (plus `overscan` rows each
 * side), given where the rows sit (`layout`). Only those rows are rendered, so 10,000 rows
 * cost as much as 40. `headerHeight` is the space above the first row inside the container.
 */
export function useVirtualRows(containerRef: RefObject<HTMLElement | null>, layout: RowLayout, overscan = 8, headerHeight = 0): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 800 });
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [containerRef]);
  if (layout.count === 0) return { start: 0, end: 0 };
  const top = Math.max(0, view.top - headerHeight);
  const start = Math.max(0, layout.indexAt(top) - overscan);
  const end = Math.min(layout.count, layout.indexAt(top + view.height) + 1 + overscan);
  return { start, end: Math.max(start, end) };
}
