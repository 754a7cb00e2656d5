import { type Metric, MlflowError } from "@sextant/protocol";
import type { MetricStore } from "../stores/tracking-store.js";
import { sampleMetricSteps } from "./sample-metric-steps.js";
import { checkRunId } from "./tracking-checks.js";
import type { GetMetricHistoryBulkInterval } from "./tracking-requests.js";

const MAX_RUNS = 100;
const MAX_RESULTS = 2500;

async function fullHistory(store: MetricStore, runId: string, metricKey: string): Promise<Metric[]> {
  const all: Metric[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.getMetricHistory({ runId, metricKey, ...(pageToken ? { pageToken } : {}) });
    all.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/**
 * get-history-bulk-interval (what the UI's charts load): for each of up to 100 runs, the values
 * of one metric at no more than `max_results` (1..2500, default 2500) evenly spread steps, within
 * [start_step, end_step] when given, each tagged with its `run_id`. INVALID_PARAMETER_VALUE for
 * bad limits or a half-given step range; RESOURCE_DOES_NOT_EXIST from the store.
 */
export async function bulkIntervalHistory(store: MetricStore, req: GetMetricHistoryBulkInterval): Promise<Metric[]> {
  if (req.run_ids.length > MAX_RUNS) {
    throw MlflowError.invalidParameter(
      `GetMetricHistoryBulkInterval request must specify at most ${MAX_RUNS} run_ids. Received ${req.run_ids.length} run_ids.`,
    );
  }
  const limit = req.max_results ?? MAX_RESULTS;
  if (limit < 1 || limit > MAX_RESULTS) throw MlflowError.invalidParameter(`max_results must be between 1 and ${MAX_RESULTS}.`);
  const { start_step: start, end_step: end } = req;
  if ((start === undefined) !== (end === undefined)) {
    throw MlflowError.invalidParameter("If either start step or end step are specified, both must be specified.");
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw MlflowError.invalidParameter(`end_step must be greater than start_step. Found start_step=${start} and end_step=${end}.`);
  }
  const out: Metric[] = [];
  for (const runId of req.run_ids) {
    const history = (await fullHistory(store, checkRunId(runId), req.metric_key)).filter(
      (m) => start === undefined || end === undefined || (m.step >= start && m.step <= end),
    );
    const picked = sampleMetricSteps([...new Set(history.map((m) => m.step))].sort((a, b) => a - b), limit);
    for (const m of history) if (picked.has(m.step)) out.push({ ...m, run_id: runId });
  }
  return out;
}
