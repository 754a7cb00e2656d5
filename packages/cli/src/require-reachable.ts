import { MlflowError } from "@sextant/protocol";

/**
 * Fails fast, in one line, when the tracking server at `trackingUri` does not answer at all
 * within 10 s (the SDK would otherwise retry for minutes). Any HTTP answer to `/health`
 * counts as reachable. Throws TEMPORARILY_UNAVAILABLE naming the server and what to do.
 */
export async function requireReachable(trackingUri: string): Promise<void> {
  const url = new URL(trackingUri);
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new MlflowError(
      "TEMPORARILY_UNAVAILABLE",
      `Cannot reach the tracking server ${url.origin} (MLFLOW_TRACKING_URI): ${reason}. Start it, or unset MLFLOW_TRACKING_URI to use ./mlruns`,
      { cause: error },
    );
  }
}
