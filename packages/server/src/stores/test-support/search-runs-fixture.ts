import type { Run } from "@sextant/protocol";
import type { FilterClause, OrderByClause } from "../../search/search-types.js";
import type { SearchRunsQuery, TrackingStore } from "../tracking-store.js";
import { dataset } from "./input-contract.js";
import { metric, unique } from "./store-fixture.js";

/** Runs of the search fixture, by role. */
export interface SearchFixture {
  readonly experimentId: string;
  readonly otherExperimentId: string;
  readonly alpha: string;
  readonly beta: string;
  readonly gamma: string;
  readonly deleted: string;
  readonly other: string;
}

/**
 * Two experiments: alpha (start 1000, FINISHED), beta (3000, RUNNING, loss NaN), gamma (2000,
 * FAILED, no loss / lr / team), deleted (2000, deleted), and other (4000) in the second one.
 */
export async function createSearchFixture(store: TrackingStore): Promise<SearchFixture> {
  const experimentId = await store.createExperiment({ name: unique("search") });
  const otherExperimentId = await store.createExperiment({ name: unique("search-other") });
  const make = async (name: string, userId: string, startTime: number, experiment = experimentId) =>
    (await store.createRun({ experimentId: experiment, runName: name, userId, startTime, tags: [] })).info.run_id;

  const alpha = await make("alpha", "alice", 1000);
  await store.logBatch(alpha, {
    metrics: [metric("acc", 0.2, 0), metric("acc", 0.9, 1), metric("loss", 0.3, 1)],
    params: [
      { key: "model", value: "Linear" },
      { key: "lr", value: "0.1" },
      { key: "pattern", value: "a*b[c]?" },
    ],
    tags: [
      { key: "team", value: "vision" },
      { key: "label", value: "Cat" },
    ],
  });
  await store.updateRun(alpha, { status: "FINISHED", endTime: 2000 });
  await store.logInputs(alpha, [dataset("ds-train", "d1", "training")]);

  const beta = await make("beta", "bob", 3000);
  await store.logBatch(beta, {
    metrics: [metric("acc", 0.5), metric("loss", Number.NaN)],
    params: [
      { key: "model", value: "linear" },
      { key: "lr", value: "0.01" },
      { key: "pattern", value: "axxb[c]?" },
    ],
    tags: [
      { key: "team", value: "nlp" },
      { key: "label", value: "cat" },
    ],
  });
  await store.logInputs(beta, [dataset("ds-eval", "d2", "evaluation")]);

  const gamma = await make("gamma", "alice", 2000);
  await store.logBatch(gamma, { metrics: [metric("acc", 0.7)], params: [{ key: "model", value: "tree" }], tags: [] });
  await store.updateRun(gamma, { status: "FAILED", endTime: 5000 });

  const deleted = await make("delta", "carol", 2000);
  await store.setRunLifecycle(deleted, "deleted");

  const other = await make("epsilon", "dave", 4000, otherExperimentId);
  await store.logBatch(other, { metrics: [metric("acc", 0.95)], params: [], tags: [] });
  return { experimentId, otherExperimentId, alpha, beta, gamma, deleted, other };
}

/** Runs ids a search returns, in order. */
export async function searchIds(
  store: TrackingStore,
  fixture: SearchFixture,
  filter: readonly FilterClause[],
  options: Partial<Omit<SearchRunsQuery, "filter">> = {},
): Promise<string[]> {
  const page = await store.searchRuns({
    experimentIds: [fixture.experimentId],
    filter,
    viewType: "ACTIVE_ONLY",
    orderBy: [],
    maxResults: 100,
    ...options,
  });
  return page.items.map((r: Run) => r.info.run_id);
}

/** Builders of hand-written FilterClauses (as the search parser would produce them). */
export const by = {
  metric: (key: string, comparator: FilterClause["comparator"], value: number): FilterClause => ({ type: "metric", key, comparator, value }),
  param: (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({
    type: "parameter",
    key,
    comparator,
    value,
  }),
  tag: (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({ type: "tag", key, comparator, value }),
  attr: (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({
    type: "attribute",
    key,
    comparator,
    value,
  }),
  dataset: (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({
    type: "dataset",
    key,
    comparator,
    value,
  }),
};

/** An order_by clause. */
export function order(type: OrderByClause["type"], key: string, ascending = true): OrderByClause {
  return { type, key, ascending };
}
