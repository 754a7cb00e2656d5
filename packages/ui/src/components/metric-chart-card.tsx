import { useState } from "react";
import type { ChartSeries, XAxisMode } from "../lib/chart-data.js";
import { MetricChart } from "./metric-chart.js";

export interface MetricChartCardProps {
  readonly metricKey: string;
  readonly series: readonly ChartSeries[];
  readonly loading?: boolean;
}

/** A titled chart with its own x-axis, log-scale and smoothing controls. */
export function MetricChartCard({ metricKey, series, loading }: MetricChartCardProps) {
  const [xMode, setXMode] = useState<XAxisMode>("step");
  const [logScale, setLogScale] = useState(false);
  const [smoothing, setSmoothing] = useState(0);
  const points = series.reduce((n, s) => n + s.points.length, 0);
  return (
    <section className="chart-card" aria-label={`Chart of ${metricKey}`}>
      <header className="chart-card-head">
        <h4 title={metricKey}>{metricKey}</h4>
        <span className="muted small chart-count">{loading ? "loading…" : `${points.toLocaleString()} point${points === 1 ? "" : "s"}`}</span>
      </header>
      <div className="chart-controls">
        <label>
          x:{" "}
          <select value={xMode} onChange={(e) => setXMode(e.target.value as XAxisMode)} aria-label="X axis">
            <option value="step">Step</option>
            <option value="time">Time (wall)</option>
            <option value="relative">Time (relative)</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log scale
        </label>
        <label title="Exponential moving average weight">
          smoothing{" "}
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
            aria-label="Smoothing"
          />{" "}
          {smoothing.toFixed(2)}
        </label>
      </div>
      {points === 0 ? (
        // No empty axes while the history loads (and no chart marked drawn before its points are).
        <p className="muted chart-placeholder">{loading ? "Loading…" : "No points."}</p>
      ) : (
        <MetricChart metricKey={metricKey} series={series} xMode={xMode} logScale={logScale} smoothing={smoothing} />
      )}
    </section>
  );
}
