import { Transform } from "node:stream";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** `1536` -> `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/** `75` -> `1m15s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Where progress lines go: a terminal stream (redrawn in place) or nothing. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * A progress bar for one transfer command: total bytes done, rate and ETA, redrawn at most ten
 * times a second on a terminal; silent when the output is not a terminal (pipes, CI logs).
 * `meter()` gives a pass-through stream that counts the bytes flowing through it.
 */
export class TransferProgress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private label = "";

  constructor(
    private readonly verb: string,
    private total: number,
    private readonly output: ProgressOutput,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds bytes to the expected total (when sizes become known while listing). */
  expect(bytes: number): void {
    this.total += bytes;
  }

  /** Names the file being transferred. */
  file(label: string): void {
    this.label = label;
    this.draw(true);
  }

  /** A pass-through stream counting into this bar. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.advance(chunk.length);
        callback(null, chunk);
      },
    });
  }

  advance(bytes: number): void {
    this.done += bytes;
    this.draw(false);
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (!this.output.isTTY) return;
    this.draw(true);
    this.output.write("\n");
  }

  /** The current line's text (also what tests look at). */
  line(): string {
    const elapsed = Math.max((this.now() - this.started) / 1000, 0.001);
    const rate = this.done / elapsed;
    const percent = this.total > 0 ? Math.min(100, Math.floor((this.done / this.total) * 100)) : 100;
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.POSITIVE_INFINITY;
    const width = 20;
    const filled = Math.round((percent / 100) * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    return `${this.verb} ${bar} ${percent}% ${formatBytes(this.done)}/${formatBytes(this.total)} ${formatBytes(rate)}/s ETA ${formatDuration(eta)} ${this.label}`;
  }

  private draw(force: boolean): void {
    if (!this.output.isTTY) return;
    const now = this.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const columns = this.output.columns ?? 100;
    this.output.write(`\r${this.line().slice(0, columns - 1).padEnd(columns - 1)}`);
  }
}
