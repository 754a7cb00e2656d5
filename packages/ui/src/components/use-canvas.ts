import { type RefObject, useEffect, useRef } from "react";

/** Draws into a canvas sized to its box (sharp on high-DPI screens), redrawing on resize. */
export function useCanvas(
  draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
  height: number,
  deps: readonly unknown[],
): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to redraw
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const paint = () => {
      const width = canvas.parentElement?.clientWidth || 600;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      draw(ctx, width, height);
      canvas.setAttribute("data-drawn", "1");
    };
    paint();
    let last = canvas.parentElement?.clientWidth ?? 0;
    const ro = new ResizeObserver(() => {
      const w = canvas.parentElement?.clientWidth ?? 0;
      if (Math.abs(w - last) > 2) {
        last = w;
        paint();
      }
    });
    if (canvas.parentElement) ro.observe(canvas.parentElement);
    return () => ro.disconnect();
  }, [height, ...deps]);
  return ref;
}
