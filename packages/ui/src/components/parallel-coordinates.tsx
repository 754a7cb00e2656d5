import { type Dimension, dimensionRange } from "../lib/compare-dimensions.js";
import { formatNumber } from "../lib/format.js";
import { niceTicks } from "../lib/nice-ticks.js";
import { useCanvas } from "./use-canvas.js";

export interface ParallelCoordinatesProps {
  readonly dimensions: readonly Dimension[];
  readonly runLabels: readonly string[];
  readonly colors: readonly string[];
}

const HEIGHT = 320;
const PAD_TOP = 34;
const PAD_BOTTOM = 24;

function truncate(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}

/**
 * A parallel-coordinates plot on a canvas: one vertical axis per chosen param or metric,
 * one polyline per run in the run's colour; text params are categorical axes.
 */
export function ParallelCoordinates({ dimensions, runLabels, colors }: ParallelCoordinatesProps) {
  const ref = useCanvas(
    (ctx, width, height) => {
      ctx.font = "12px system-ui, sans-serif";
      if (dimensions.length < 2) {
        ctx.fillStyle = "#666";
        ctx.fillText("Pick at least two params or metrics.", 16, 24);
        return;
      }
      const left = 50;
      const right = width - 50;
      const gap = (right - left) / (dimensions.length - 1);
      const plotH = height - PAD_TOP - PAD_BOTTOM;
      const ranges = dimensions.map(dimensionRange);
      const yOf = (d: number, v: number) => {
        const [lo, hi] = ranges[d] as [number, number];
        return PAD_TOP + plotH - ((v - lo) / (hi - lo)) * plotH;
      };
      // Lines first, axes on top.
      for (let r = 0; r < runLabels.length; r++) {
        ctx.strokeStyle = colors[r] ?? "#1f77b4";
        ctx.lineWidth = 2;
        ctx.globalAlpha = 0.85;
        ctx.beginPath();
        let pen = false;
        dimensions.forEach((dim, d) => {
          const v = dim.values[r] ?? Number.NaN;
          if (!Number.isFinite(v)) {
            pen = false;
            return;
          }
          const x = left + d * gap;
          const y = yOf(d, v);
          if (pen) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
          pen = true;
        });
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      dimensions.forEach((dim, d) => {
        const x = left + d * gap;
        ctx.strokeStyle = "#444";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(x, PAD_TOP);
        ctx.lineTo(x, PAD_TOP + plotH);
        ctx.stroke();
        ctx.fillStyle = "#222";
        ctx.textAlign = "center";
        // A title never runs past the canvas edge or into the next axis's title.
        const room = Math.min(gap - 8, 2 * Math.min(x, width - x) - 4);
        ctx.fillText(truncate(ctx, dim.label, Math.max(40, room)), x, 14);
        ctx.fillStyle = "#888";
        ctx.fillText(dim.kind, x, 27);
        ctx.textAlign = "left";
        const [lo, hi] = ranges[d] as [number, number];
        const ticks = dim.categories ? dim.categories.map((_, i) => i) : niceTicks(lo, hi, 5);
        for (const t of ticks) {
          const y = yOf(d, t);
          ctx.strokeStyle = "#444";
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(x - 3, y);
          ctx.lineTo(x + 3, y);
          ctx.stroke();
          const label = truncate(ctx, dim.categories ? (dim.categories[t] ?? "") : formatNumber(t), Math.max(30, gap / 2 - 6));
          // A white halo keeps tick labels readable where run lines cross them.
          ctx.strokeStyle = "rgba(255,255,255,0.9)";
          ctx.lineWidth = 3;
          ctx.lineJoin = "round";
          ctx.strokeText(label, x + 5, y + 4);
          ctx.fillStyle = "#555";
          ctx.fillText(label, x + 5, y + 4);
        }
      });
    },
    HEIGHT,
    [dimensions, runLabels, colors],
  );
  return (
    <div className="canvas-box" data-testid="parallel-coordinates">
      <canvas ref={ref} aria-label="Parallel coordinates plot" role="img" />
    </div>
  );
}
