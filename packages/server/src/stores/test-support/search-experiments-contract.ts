import type { Experiment } from "@sextant/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import type { FilterClause, OrderByClause } from "../../search/search-types.js";
import type { SearchExperimentsQuery } from "../tracking-store.js";
import { expectMlflowError, type StoreHandle, unique } from "./store-fixture.js";

const pause = () => new Promise((r) => setTimeout(r, 3));

/** searchExperiments: name / time / tag filters, ordering, view types, paging. */
export function describeSearchExperimentsContract(handle: () => StoreHandle): void {
  describe("searchExperiments", () => {
    let prefix: string;
    let a: Experiment;
    let b: Experiment;
    let c: Experiment;
    let d: Experiment;
    const mine: FilterClause = { type: "attribute", key: "name", comparator: "LIKE", value: "" };
    const search = async (filter: readonly FilterClause[], options: Partial<SearchExperimentsQuery> = {}) =>
      (
        await handle().store.searchExperiments({
          viewType: "ACTIVE_ONLY",
          filter: [{ ...mine, value: `${prefix}-%` }, ...filter],
          orderBy: [],
          maxResults: 100,
          ...options,
        })
      ).items.map((e) => e.name.slice(prefix.length + 1));
    const attr = (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({
      type: "attribute",
      key,
      comparator,
      value,
    });
    const tag = (key: string, comparator: FilterClause["comparator"], value: FilterClause["value"]): FilterClause => ({
      type: "tag",
      key,
      comparator,
      value,
    });
    const order = (key: string, ascending: boolean): OrderByClause => ({ type: "attribute", key, ascending });

    beforeAll(async () => {
      const { store } = handle();
      prefix = unique("xs");
      const make = async (name: string, tags: { key: string; value: string }[] = []) => {
        await pause();
        return store.getExperiment(await store.createExperiment({ name: `${prefix}-${name}`, tags }));
      };
      a = await make("apple", [{ key: "k", value: "v1" }]);
      b = await make("banana", [{ key: "k", value: "v2" }]);
      c = await make("cherry");
      d = await make("date");
      await pause();
      await store.setExperimentLifecycle(d.experiment_id, "deleted");
      d = await store.getExperiment(d.experiment_id);
    });

    it("orders by creation_time DESC, experiment_id ASC by default and honours the view type", async () => {
      expect(await search([])).toEqual(["cherry", "banana", "apple"]);
      expect(await search([], { viewType: "DELETED_ONLY" })).toEqual(["date"]);
      expect(await search([], { viewType: "ALL" })).toEqual(["date", "cherry", "banana", "apple"]);
    });

    it("returns experiments with their tags", async () => {
      const { store } = handle();
      const page = await store.searchExperiments({
        viewType: "ACTIVE_ONLY",
        filter: [attr("name", "=", a.name)],
        orderBy: [],
        maxResults: 10,
      });
      expect(page.items).toEqual([a]);
    });

    it("filters on name with =, !=, LIKE (case-sensitive), ILIKE", async () => {
      expect(await search([attr("name", "=", `${prefix}-banana`)])).toEqual(["banana"]);
      expect(await search([attr("name", "!=", `${prefix}-banana`)])).toEqual(["cherry", "apple"]);
      expect(await search([attr("name", "LIKE", "%an%")])).toEqual(["banana"]);
      expect(await search([attr("name", "LIKE", "%AN%")])).toEqual([]);
      expect(await search([attr("name", "ILIKE", "%CHERRY")])).toEqual(["cherry"]);
    });

    it("filters on creation_time and last_update_time", async () => {
      expect(await search([attr("creation_time", ">=", b.creation_time)])).toEqual(["cherry", "banana"]);
      expect(await search([attr("creation_time", "<", b.creation_time)])).toEqual(["apple"]);
      expect(await search([attr("last_update_time", ">", d.last_update_time)], { viewType: "ALL" })).toEqual([]);
      expect(await search([attr("last_update_time", ">", c.last_update_time)], { viewType: "ALL" })).toEqual(["date"]);
    });

    it("filters on tags; an experiment lacking the tag never matches", async () => {
      expect(await search([tag("k", "=", "v1")])).toEqual(["apple"]);
      expect(await search([tag("k", "!=", "v1")])).toEqual(["banana"]);
      expect(await search([tag("k", "LIKE", "v%")])).toEqual(["banana", "apple"]);
      expect(await search([tag("k", "ILIKE", "V2")])).toEqual(["banana"]);
    });

    it("orders by name, experiment_id, creation_time and last_update_time", async () => {
      expect(await search([], { orderBy: [order("name", true)] })).toEqual(["apple", "banana", "cherry"]);
      expect(await search([], { orderBy: [order("name", false)] })).toEqual(["cherry", "banana", "apple"]);
      expect(await search([], { orderBy: [order("experiment_id", true)] })).toEqual(["apple", "banana", "cherry"]);
      expect(await search([], { orderBy: [order("creation_time", true)] })).toEqual(["apple", "banana", "cherry"]);
      expect(await search([], { orderBy: [order("last_update_time", false)], viewType: "ALL" })).toEqual([
        "date",
        "cherry",
        "banana",
        "apple",
      ]);
    });

    it("pages with opaque tokens", async () => {
      const { store } = handle();
      const query = {
        viewType: "ALL" as const,
        filter: [{ ...mine, value: `${prefix}-%` }],
        orderBy: [order("name", true)],
        maxResults: 3,
      };
      const first = await store.searchExperiments(query);
      expect(first.items.map((e) => e.experiment_id)).toEqual([a, b, c].map((e) => e.experiment_id));
      expect(first.nextPageToken).toBeDefined();
      const second = await store.searchExperiments({ ...query, pageToken: first.nextPageToken! });
      expect(second.items.map((e) => e.experiment_id)).toEqual([d.experiment_id]);
      expect(second.nextPageToken).toBeUndefined();
      await expectMlflowError(store.searchExperiments({ ...query, pageToken: "bad token" }), "INVALID_PARAMETER_VALUE", "Invalid page token");
    });

    it("rejects unknown attributes and order keys with INVALID_PARAMETER_VALUE", async () => {
      const { store } = handle();
      const base = { viewType: "ACTIVE_ONLY" as const, filter: [], orderBy: [], maxResults: 10 };
      await expectMlflowError(store.searchExperiments({ ...base, filter: [attr("owner", "=", "x")] }), "INVALID_PARAMETER_VALUE", "owner");
      await expectMlflowError(store.searchExperiments({ ...base, filter: [attr("creation_time", "LIKE", "1%")] }), "INVALID_PARAMETER_VALUE");
      await expectMlflowError(store.searchExperiments({ ...base, orderBy: [order("owner", true)] }), "INVALID_PARAMETER_VALUE", "owner");
    });
  });
}
