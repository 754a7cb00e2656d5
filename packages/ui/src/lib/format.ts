/** Display formatting shared by the views: times, durations, numbers, byte sizes. */

/** `2024-05-01 13:45:10` in the browser's time zone; "" for a missing time. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || ms === null || !Number.isFinite(Number(ms)) || Number(ms) <= 0) return "";
  const d = new Date(Number(ms));
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `1h 2m 3s`, `4.2s`, `350ms`; "" when either end is missing. */
export function formatDuration(startMs: number | undefined, endMs: number | undefined): string {
  if (!startMs || !endMs) return "";
  const ms = Number(endMs) - Number(startMs);
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h ${m}m ${sec}s` : `${m}m ${sec}s`;
}

/** Metric values: up to 6 significant digits, exponent for very large/small numbers. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined) return "";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/** `12.3 KB` style sizes. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || n === null) return "";
  const v = Number(n);
  if (v < 1024) return `${v} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let x = v / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(1)} ${units[i]}`;
}

/** MLflow carries NaN/±Infinity as strings on the wire; this turns any wire value into a number. */
export function metricNumber(v: unknown): number {
  return typeof v === "number" ? v : Number(v);
}
