import { beforeAll, describe, expect, it } from "vitest";
import { by, createSearchFixture, order, type SearchFixture, searchIds } from "./search-runs-fixture.js";
import { expectMlflowError, type StoreHandle } from "./store-fixture.js";

/** searchRuns: every filter kind, ordering with MLflow's null handling, view types, paging. */
export function describeSearchRunsContract(handle: () => StoreHandle): void {
  describe("searchRuns", () => {
    let f: SearchFixture;
    const ids = (...args: Parameters<typeof searchIds> extends [unknown, unknown, ...infer R] ? R : never) =>
      searchIds(handle().store, f, ...args);
    beforeAll(async () => {
      f = await createSearchFixture(handle().store);
    });

    it("orders by start_time DESC then run id by default and honours the view type", async () => {
      expect(await ids([])).toEqual([f.beta, f.gamma, f.alpha]);
      expect(await ids([], { viewType: "DELETED_ONLY" })).toEqual([f.deleted]);
      const tied = [f.gamma, f.deleted].sort();
      expect(await ids([], { viewType: "ALL" })).toEqual([f.beta, ...tied, f.alpha]);
      expect(await ids([], { experimentIds: [f.experimentId, f.otherExperimentId] })).toEqual([f.other, f.beta, f.gamma, f.alpha]);
      expect(await ids([], { experimentIds: ["987000", "nope"] })).toEqual([]);
    });

    it("returns each run with its latest metrics, params, tags and inputs", async () => {
      const { store } = handle();
      const [found] = (await store.searchRuns({ experimentIds: [f.experimentId], filter: [by.attr("run_id", "=", f.alpha)], viewType: "ACTIVE_ONLY", orderBy: [], maxResults: 10 })).items;
      expect(found).toEqual(await store.getRun(f.alpha));
      expect(found?.data.metrics).toContainEqual({ key: "acc", value: 0.9, step: 1, timestamp: 1000 });
      expect(found?.inputs?.dataset_inputs?.[0]?.dataset.name).toBe("ds-train");
    });

    it("filters on latest metric values; NaN only satisfies !=, and a missing metric nothing", async () => {
      expect(await ids([by.metric("acc", ">", 0.6)])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.metric("acc", ">=", 0.9)])).toEqual([f.alpha]);
      expect(await ids([by.metric("acc", "<=", 0.5)])).toEqual([f.beta]);
      expect(await ids([by.metric("acc", "<", 0.5)])).toEqual([]);
      expect(await ids([by.metric("acc", "=", 0.5)])).toEqual([f.beta]);
      expect(await ids([by.metric("acc", "!=", 0.5)])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.metric("loss", "<", 1)])).toEqual([f.alpha]);
      expect(await ids([by.metric("loss", "!=", 0.3)])).toEqual([f.beta]);
      expect(await ids([by.metric("acc", ">", 0.2)])).toContain(f.alpha); // latest (0.9), not history
      expect(await ids([by.metric("acc", "<", 0.3)])).not.toContain(f.alpha);
    });

    it("filters params with =, !=, LIKE (case-sensitive), ILIKE, IN, NOT IN; a run lacking the key never matches", async () => {
      expect(await ids([by.param("model", "=", "linear")])).toEqual([f.beta]);
      expect(await ids([by.param("model", "!=", "tree")])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.param("lr", "!=", "0.1")])).toEqual([f.beta]);
      expect(await ids([by.param("model", "LIKE", "lin%")])).toEqual([f.beta]);
      expect(await ids([by.param("model", "LIKE", "Lin%")])).toEqual([f.alpha]);
      expect(await ids([by.param("model", "LIKE", "l_near")])).toEqual([f.beta]);
      expect(await ids([by.param("model", "ILIKE", "LIN%")])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.param("model", "ILIKE", "%EE")])).toEqual([f.gamma]);
      expect(await ids([by.param("model", "IN", ["tree", "Linear"])])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.param("model", "NOT IN", ["tree"])])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.param("model", "IN", [])])).toEqual([]);
    });

    it("treats GLOB-like characters literally in LIKE patterns", async () => {
      expect(await ids([by.param("pattern", "LIKE", "a*b[c]?")])).toEqual([f.alpha]);
      expect(await ids([by.param("pattern", "LIKE", "a*b%")])).toEqual([f.alpha]);
      expect(await ids([by.param("pattern", "LIKE", "a%b[c]_")])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.param("pattern", "ILIKE", "A*B[C]?")])).toEqual([f.alpha]);
    });

    it("filters tags, including the run name tag", async () => {
      expect(await ids([by.tag("label", "=", "Cat")])).toEqual([f.alpha]);
      expect(await ids([by.tag("label", "LIKE", "c%")])).toEqual([f.beta]);
      expect(await ids([by.tag("label", "ILIKE", "CAT")])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.tag("team", "!=", "nlp")])).toEqual([f.alpha]);
      expect(await ids([by.tag("mlflow.runName", "=", "gamma")])).toEqual([f.gamma]);
      expect(await ids([by.tag("team", "IN", ["nlp", "vision"])])).toEqual([f.beta, f.alpha]);
    });

    it("filters attributes: run_id, run_name, status, user_id, artifact_uri, times, lifecycle_stage", async () => {
      expect(await ids([by.attr("run_id", "IN", [f.alpha, f.gamma, f.deleted])])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.attr("run_id", "NOT IN", [f.alpha])])).toEqual([f.beta, f.gamma]);
      expect(await ids([by.attr("run_id", "=", f.beta)])).toEqual([f.beta]);
      expect(await ids([by.attr("run_id", "!=", f.beta)])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.attr("run_name", "=", "alpha")])).toEqual([f.alpha]);
      expect(await ids([by.attr("run_name", "LIKE", "%ta")])).toEqual([f.beta]);
      expect(await ids([by.attr("run name", "ILIKE", "GAMMA")])).toEqual([f.gamma]);
      expect(await ids([by.attr("status", "=", "FINISHED")])).toEqual([f.alpha]);
      expect(await ids([by.attr("status", "IN", ["RUNNING", "FAILED"])])).toEqual([f.beta, f.gamma]);
      expect(await ids([by.attr("user_id", "=", "alice")])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.attr("artifact_uri", "LIKE", `%${f.alpha}%`)])).toEqual([f.alpha]);
      expect(await ids([by.attr("start_time", ">=", 2000)])).toEqual([f.beta, f.gamma]);
      expect(await ids([by.attr("created", "<", 2000)])).toEqual([f.alpha]);
      expect(await ids([by.attr("end_time", ">", 3000)])).toEqual([f.gamma]);
      expect(await ids([by.attr("end_time", "<=", 5000)])).toEqual([f.gamma, f.alpha]);
      expect(await ids([by.attr("lifecycle_stage", "=", "deleted")], { viewType: "ALL" })).toEqual([f.deleted]);
    });

    it("filters datasets by name, digest and context", async () => {
      expect(await ids([by.dataset("name", "=", "ds-train")])).toEqual([f.alpha]);
      expect(await ids([by.dataset("name", "LIKE", "ds-%")])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.dataset("digest", "IN", ["d1", "d2"])])).toEqual([f.beta, f.alpha]);
      expect(await ids([by.dataset("digest", "!=", "d1")])).toEqual([f.beta]);
      expect(await ids([by.dataset("context", "=", "evaluation")])).toEqual([f.beta]);
      expect(await ids([by.dataset("context", "ILIKE", "TRAIN%")])).toEqual([f.alpha]);
    });

    it("combines clauses with AND", async () => {
      const filter = [by.metric("acc", ">", 0.4), by.param("model", "ILIKE", "linear"), by.tag("team", "!=", "nlp")];
      expect(await ids(filter)).toEqual([f.alpha]);
      expect(await ids([by.metric("acc", ">", 0.4), by.attr("user_id", "=", "bob"), by.dataset("context", "=", "evaluation")])).toEqual([f.beta]);
    });

    it("orders by a metric with NaN after numbers and runs lacking it last, both directions", async () => {
      expect(await ids([], { orderBy: [order("metric", "acc", false)] })).toEqual([f.alpha, f.gamma, f.beta]);
      expect(await ids([], { orderBy: [order("metric", "acc", true)] })).toEqual([f.beta, f.gamma, f.alpha]);
      expect(await ids([], { orderBy: [order("metric", "loss", true)] })).toEqual([f.alpha, f.beta, f.gamma]);
      expect(await ids([], { orderBy: [order("metric", "loss", false)] })).toEqual([f.alpha, f.beta, f.gamma]);
    });

    it("orders by params, tags and attributes with missing values last", async () => {
      expect(await ids([], { orderBy: [order("parameter", "lr", true)] })).toEqual([f.beta, f.alpha, f.gamma]);
      expect(await ids([], { orderBy: [order("parameter", "lr", false)] })).toEqual([f.alpha, f.beta, f.gamma]);
      expect(await ids([], { orderBy: [order("tag", "team", true)] })).toEqual([f.beta, f.alpha, f.gamma]);
      expect(await ids([], { orderBy: [order("tag", "team", false)] })).toEqual([f.alpha, f.beta, f.gamma]);
      expect(await ids([], { orderBy: [order("attribute", "start_time", true)] })).toEqual([f.alpha, f.gamma, f.beta]);
      expect(await ids([], { orderBy: [order("attribute", "end_time", true)] })).toEqual([f.alpha, f.gamma, f.beta]);
      expect(await ids([], { orderBy: [order("attribute", "end_time", false)] })).toEqual([f.gamma, f.alpha, f.beta]);
      expect(await ids([], { orderBy: [order("attribute", "run_name", true)] })).toEqual([f.alpha, f.beta, f.gamma]);
      expect(await ids([], { orderBy: [order("attribute", "user_id", true), order("metric", "acc", false)] })).toEqual([
        f.alpha,
        f.gamma,
        f.beta,
      ]);
    });

    it("breaks ties by start_time DESC, then run id", async () => {
      // gamma and deleted share start_time 2000: equal order keys fall back to start_time DESC, run id.
      const tied = [f.gamma, f.deleted].sort();
      expect(await ids([by.attr("start_time", "=", 2000)], { viewType: "ALL", orderBy: [order("attribute", "user_id", false)] })).toEqual([
        f.deleted,
        f.gamma,
      ]);
      expect(await ids([by.attr("start_time", "=", 2000)], { viewType: "ALL", orderBy: [order("metric", "absent", true)] })).toEqual(tied);
      expect(await ids([], { viewType: "ALL", orderBy: [order("parameter", "absent", false)] })).toEqual([f.beta, ...tied, f.alpha]);
    });

    it("pages with opaque tokens that cover every run once, in order", async () => {
      const { store } = handle();
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await store.searchRuns({
          experimentIds: [f.experimentId, f.otherExperimentId],
          filter: [],
          viewType: "ALL",
          orderBy: [order("metric", "acc", false)],
          maxResults: 2,
          ...(pageToken ? { pageToken } : {}),
        });
        seen.push(...page.items.map((r) => r.info.run_id));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(seen).toEqual([f.other, f.alpha, f.gamma, f.beta, f.deleted]);
      const exact = await store.searchRuns({ experimentIds: [f.experimentId], filter: [], viewType: "ACTIVE_ONLY", orderBy: [], maxResults: 3 });
      expect(exact.items).toHaveLength(3);
      expect(exact.nextPageToken).toBeUndefined();
    });

    it("rejects malformed page tokens and unusable clauses with INVALID_PARAMETER_VALUE", async () => {
      const { store } = handle();
      const base = { experimentIds: [f.experimentId], filter: [], viewType: "ACTIVE_ONLY", orderBy: [], maxResults: 10 } as const;
      await expectMlflowError(store.searchRuns({ ...base, pageToken: "not a token" }), "INVALID_PARAMETER_VALUE", "Invalid page token");
      await expectMlflowError(store.searchRuns({ ...base, filter: [by.metric("acc", "LIKE", 1)] }), "INVALID_PARAMETER_VALUE", "acc");
      await expectMlflowError(store.searchRuns({ ...base, filter: [by.attr("colour", "=", "red")] }), "INVALID_PARAMETER_VALUE", "colour");
      await expectMlflowError(store.searchRuns({ ...base, filter: [by.attr("start_time", "=", "soon")] }), "INVALID_PARAMETER_VALUE", "start_time");
      await expectMlflowError(store.searchRuns({ ...base, filter: [by.dataset("size", "=", "1")] }), "INVALID_PARAMETER_VALUE", "size");
      await expectMlflowError(store.searchRuns({ ...base, orderBy: [order("dataset", "name")] }), "INVALID_PARAMETER_VALUE");
      await expectMlflowError(
        store.searchRuns({ ...base, orderBy: [order("metric", "acc"), order("metric", "acc", false)] }),
        "INVALID_PARAMETER_VALUE",
        "duplicate",
      );
    });
  });
}
