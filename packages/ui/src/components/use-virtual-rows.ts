import { type RefObject, useEffect, useState } from "react";

export interface VirtualWindow {
  /** First row index to render (inclusive). */
  readonly start: number;
  /** Last row index to render (exclusive). */
  readonly end: number;
}

/**
 * Which rows of a fixed-row-height list are inside the scroll container's viewport (plus
 * `overscan` rows each side). Only those rows are rendered, so 10,000 rows cost as much as 40.
 */
export function useVirtualRows(
  containerRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 8,
  headerHeight = 0,
): VirtualWindow {
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
  const top = Math.max(0, view.top - headerHeight);
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + view.height) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
