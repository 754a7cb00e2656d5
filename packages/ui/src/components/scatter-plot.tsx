import { type Dimension, dimensionRange } from "../lib/compare-dimensions.js";
import { formatNumber } from "../lib/format.js";
import { niceTicks } from "../lib/nice-ticks.js";
import { useCanvas } from "./use-canvas.js";

export interface ScatterPlotProps {
  readonly x: Dimension;
  readonly y: Dimension;
  readonly runLabels: readonly string[];
  readonly colors: readonly string[];
}

const HEIGHT = 340;

/** A canvas scatter of one param or metric against another, one labelled dot per run. */
export function ScatterPlot({ x, y, runLabels, colors }: ScatterPlotProps) {
  const ref = useCanvas(
    (ctx, width, height) => {
      ctx.font = "12px system-ui, sans-serif";
      const L = 70;
      const R = width - 20;
      const T = 16;
      const B = height - 46;
      const [x0, x1] = dimensionRange(x);
      const [y0, y1] = dimensionRange(y);
      const px = (v: number) => L + ((v - x0) / (x1 - x0)) * (R - L);
      const py = (v: number) => B - ((v - y0) / (y1 - y0)) * (B - T);
      ctx.strokeStyle = "#ccc";
      ctx.fillStyle = "#555";
      const xt = x.categories ? x.categories.map((_, i) => i) : niceTicks(x0, x1, 6);
      const yt = y.categories ? y.categories.map((_, i) => i) : niceTicks(y0, y1, 5);
      ctx.textAlign = "center";
      for (const t of xt) {
        const X = px(t);
        ctx.beginPath();
        ctx.moveTo(X, T);
        ctx.lineTo(X, B);
        ctx.stroke();
        ctx.fillText(x.categories ? (x.categories[t] ?? "") : formatNumber(t), X, B + 16);
      }
      ctx.textAlign = "right";
      for (const t of yt) {
        const Y = py(t);
        ctx.beginPath();
        ctx.moveTo(L, Y);
        ctx.lineTo(R, Y);
        ctx.stroke();
        ctx.fillText(y.categories ? (y.categories[t] ?? "") : formatNumber(t), L - 6, Y + 4);
      }
      ctx.strokeStyle = "#444";
      ctx.strokeRect(L, T, R - L, B - T);
      ctx.textAlign = "center";
      ctx.fillStyle = "#222";
      ctx.fillText(`${x.kind} ${x.label}`, (L + R) / 2, height - 8);
      ctx.save();
      ctx.translate(14, (T + B) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(`${y.kind} ${y.label}`, 0, 0);
      ctx.restore();
      ctx.textAlign = "left";
      for (let r = 0; r < runLabels.length; r++) {
        const vx = x.values[r] ?? Number.NaN;
        const vy = y.values[r] ?? Number.NaN;
        if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue;
        ctx.fillStyle = colors[r] ?? "#1f77b4";
        ctx.beginPath();
        ctx.arc(px(vx), py(vy), 6, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = "#333";
        const rightHalf = px(vx) > (L + R) / 2;
        ctx.textAlign = rightHalf ? "right" : "left";
        ctx.fillText(runLabels[r] ?? "", px(vx) + (rightHalf ? -9 : 9), py(vy) - 8);
      }
    },
    HEIGHT,
    [x, y, runLabels, colors],
  );
  return (
    <div className="canvas-box" data-testid="scatter-plot">
      <canvas ref={ref} aria-label={`Scatter of ${y.label} against ${x.label}`} role="img" />
    </div>
  );
}
