/**
 * How long and how often the SDK retries a request that failed for a transient reason
 * (connection refused/reset, timeout, 408, 429, 5xx). Retries are bounded by total time,
 * not by count, so a server restart of a few seconds or a minute is ridden out the same way.
 */
export interface RetryPolicy {
  /** Give up once this much time has passed since the first attempt (default 120 s). */
  readonly timeoutMs: number;
  /** Delay before the first retry; doubles on each retry (default 250 ms). */
  readonly initialDelayMs: number;
  /** Upper bound of a single delay (default 10 s). */
  readonly maxDelayMs: number;
}

/** MLflow clients retry for about two minutes; so do we. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { timeoutMs: 120_000, initialDelayMs: 250, maxDelayMs: 10_000 };

/**
 * The delay before retry number `retry` (0-based): exponential with "equal jitter", so
 * many clients restarting together do not hammer the server in lockstep.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(retry, 30));
  return base / 2 + Math.random() * (base / 2);
}

/** What a retried operation reports when it gives up. */
export interface RetryOutcome {
  readonly attempts: number;
  readonly elapsedMs: number;
}

/**
 * Runs `attempt` until it succeeds, `isRetryable(error)` is false, or the policy's time
 * budget would be exceeded by the next delay. The last error is passed to `onGiveUp`,
 * whose return value (usually a clearer error) is thrown.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean,
  onGiveUp: (error: unknown, outcome: RetryOutcome) => unknown = (error) => error,
): Promise<T> {
  const start = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const elapsedMs = Date.now() - start;
      const delay = backoffDelayMs(retry, policy);
      if (!isRetryable(error) || elapsedMs + delay > policy.timeoutMs) {
        throw onGiveUp(error, { attempts: retry + 1, elapsedMs });
      }
      await new Promise<void>((resolve) => setTimeout(resolve, delay));
    }
  }
}
