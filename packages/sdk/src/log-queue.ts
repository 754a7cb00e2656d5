import { LIMITS, type Metric, MlflowError, type Param, type RunTag } from "@sextant/protocol";
import { type BuiltBatch, buildBatch, type QueuedValue, valueBytes } from "./batch-builder.js";
import {
  paramValueString,
  validateKey,
  validateMetric,
  validateParamValue,
  validateTagValue,
} from "./input-validation.js";
import { isRestError, RestError } from "./rest-error.js";

/** Sends one log-batch request for the queue's run. */
export type SendBatch = (batch: {
  readonly metrics: readonly Metric[];
  readonly params: readonly Param[];
  readonly tags: readonly RunTag[];
}) => Promise<void>;

/** How a LogQueue batches. */
export interface LogQueueOptions {
  /** Send each value before the logging call resolves (no batching in the background). */
  readonly synchronous?: boolean;
  /** Longest time a value waits in the queue before a flush starts (default 1000 ms). */
  readonly flushIntervalMs?: number;
  /** Called whenever the queue goes from empty to non-empty (the owner tracks busy queues). */
  readonly onPending?: () => void;
}

/**
 * The batching, asynchronous logger of one run. A logging call validates its input (bad
 * input throws INVALID_PARAMETER_VALUE at once), queues the value and returns; the queue
 * sends log-batch requests in order, one at a time, when a full batch is waiting, when the
 * flush interval passes, and on `flush()`. Transient failures are retried by the transport
 * within its retry budget; if the budget runs out the values stay queued (nothing
 * acknowledged is dropped) and the next flush tries again. A batch the server refuses (4xx)
 * is dropped and its RestError is thrown by the next `flush()`.
 */
export class LogQueue {
  private values: QueuedValue[] = [];
  private head = 0;
  private pendingMetrics = 0;
  private pendingParams = 0;
  private pendingTags = 0;
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Batches the server refused (their values are dropped): reported by the next flush. */
  private readonly refusals: RestError[] = [];
  /** The transient failure that stopped sending, while values are still queued. */
  private stalled: unknown;
  private readonly params = new Map<string, string>();
  private readonly synchronous: boolean;
  private readonly flushIntervalMs: number;

  constructor(
    readonly runId: string,
    private readonly send: SendBatch,
    private readonly options: LogQueueOptions = {},
  ) {
    this.synchronous = options.synchronous ?? false;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
  }

  /** Values queued and not yet acknowledged by the server. */
  get pending(): number {
    return this.values.length - this.head;
  }

  /** Queues a metric value; `timestamp` defaults to now, `step` to 0. */
  logMetric(key: string, value: number, step = 0, timestamp: number = Date.now()): Promise<void> {
    validateKey("metric", key);
    validateMetric(key, value, step, timestamp);
    const metric: Metric = { key, value, timestamp, step };
    return this.enqueue([{ kind: "metric", metric, bytes: valueBytes(metric) }]);
  }

  /**
   * Queues a param. Params are immutable: logging the same value again is a no-op, another
   * value is INVALID_PARAMETER_VALUE (thrown here, not after a round trip).
   */
  logParam(key: string, value: unknown): Promise<void> {
    const param = this.checkParam(key, value);
    if (!param) return this.synchronous ? this.flush() : Promise.resolve();
    this.params.set(param.key, param.value);
    return this.enqueue([{ kind: "param", param, bytes: valueBytes(param) }]);
  }

  /** Queues a run tag (tags are mutable: the last value wins). */
  setTag(key: string, value: unknown): Promise<void> {
    validateKey("tag", key);
    const tag: RunTag = { key, value: String(value) };
    validateTagValue(key, tag.value);
    return this.enqueue([{ kind: "tag", tag, bytes: valueBytes(tag) }]);
  }

  /**
   * Queues several values atomically: all are validated before any is queued, so a bad one
   * leaves the queue untouched.
   */
  logMany(input: {
    readonly metrics?: readonly Metric[];
    readonly params?: readonly { readonly key: string; readonly value: unknown }[];
    readonly tags?: readonly { readonly key: string; readonly value: unknown }[];
  }): Promise<void> {
    const values: QueuedValue[] = [];
    const newParams = new Map<string, string>();
    for (const m of input.metrics ?? []) {
      validateKey("metric", m.key);
      validateMetric(m.key, m.value, m.step, m.timestamp);
      const metric: Metric = { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
      values.push({ kind: "metric", metric, bytes: valueBytes(metric) });
    }
    for (const p of input.params ?? []) {
      const param = this.checkParam(p.key, p.value, newParams);
      if (!param) continue;
      newParams.set(param.key, param.value);
      values.push({ kind: "param", param, bytes: valueBytes(param) });
    }
    for (const t of input.tags ?? []) {
      validateKey("tag", t.key);
      const tag: RunTag = { key: t.key, value: String(t.value) };
      validateTagValue(t.key, tag.value);
      values.push({ kind: "tag", tag, bytes: valueBytes(tag) });
    }
    for (const [key, value] of newParams) this.params.set(key, value);
    return this.enqueue(values);
  }

  /**
   * Sends everything queued so far and resolves once the server has acknowledged it.
   * Rejects with a RestError if the server refused a batch since the last flush (those
   * values were dropped), or with the error that exhausted the retry budget if values are
   * still queued (they stay queued; the next flush retries them with a fresh budget).
   */
  async flush(): Promise<void> {
    this.clearTimer();
    await this.drain();
    if (this.refusals.length > 0) {
      const [first, ...more] = this.refusals.splice(0);
      for (const other of more) process.emitWarning(`Sextant logging failure: ${other.message}`);
      throw first;
    }
    if (this.pending > 0 && this.stalled !== undefined) throw this.stalled;
  }

  /** Stops the flush timer without sending (the owner flushes first). */
  dispose(): void {
    this.clearTimer();
  }

  private checkParam(key: string, value: unknown, alsoKnown?: ReadonlyMap<string, string>): Param | undefined {
    validateKey("param", key);
    const text = paramValueString(key, value);
    validateParamValue(key, text);
    const known = alsoKnown?.get(key) ?? this.params.get(key);
    if (known === undefined) return { key, value: text };
    if (known === text) return undefined;
    throw MlflowError.invalidParameter(
      `Changing param values is not allowed. Param with key='${key}' was already logged with value='${known}' ` +
        `for run ID='${this.runId}'. Attempted logging new value '${text}'.`,
    );
  }

  private enqueue(values: readonly QueuedValue[]): Promise<void> {
    if (values.length === 0) return this.synchronous ? this.flush() : Promise.resolve();
    const wasEmpty = this.pending === 0;
    for (const value of values) {
      this.values.push(value);
      if (value.kind === "metric") this.pendingMetrics++;
      else if (value.kind === "param") this.pendingParams++;
      else this.pendingTags++;
    }
    if (wasEmpty) this.options.onPending?.();
    if (this.synchronous) return this.flush();
    if (
      this.pendingMetrics >= LIMITS.maxMetricsPerBatch ||
      this.pendingParams >= LIMITS.maxParamsPerBatch ||
      this.pendingTags >= LIMITS.maxTagsPerBatch
    ) {
      void this.drain();
    } else if (!this.timer && !this.draining) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.drain();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
    return Promise.resolve();
  }

  /** Starts (or joins) the one send loop. Never rejects: failures are recorded. */
  private drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.sendAll().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  private async sendAll(): Promise<void> {
    while (this.pending > 0) {
      const batch = buildBatch(this.values, this.head);
      try {
        await this.send(batch);
      } catch (error) {
        if (isRestError(error) && !error.retryable) {
          this.refusals.push(refused(error, batch, this.runId));
          this.consume(batch);
          continue;
        }
        this.stalled = error;
        return;
      }
      this.stalled = undefined;
      this.consume(batch);
    }
  }

  private consume(batch: BuiltBatch): void {
    for (let i = this.head; i < this.head + batch.consumed; i++) {
      const kind = (this.values[i] as QueuedValue).kind;
      if (kind === "metric") this.pendingMetrics--;
      else if (kind === "param") this.pendingParams--;
      else this.pendingTags--;
    }
    this.head += batch.consumed;
    if (this.head > 4096 && this.head * 2 > this.values.length) {
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function refused(error: RestError, batch: BuiltBatch, runId: string): RestError {
  return new RestError(
    error.errorCode,
    `${error.message} (log-batch for run ${runId} refused: ${batch.metrics.length} metrics, ` +
      `${batch.params.length} params and ${batch.tags.length} tags not logged)`,
    error.httpStatus,
    { cause: error },
  );
}
