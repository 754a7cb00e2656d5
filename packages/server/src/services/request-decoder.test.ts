import { describe, expect, it } from "vitest";
import { createRequestDecoder } from "./request-decoder.js";
import { GetMetricHistoryRequest, LogBatchRequest, LogMetricRequest, SearchRunsRequest, UpdateRunRequest } from "./tracking-requests.js";

const logMetric = createRequestDecoder(LogMetricRequest);
const logBatch = createRequestDecoder(LogBatchRequest);
const searchRuns = createRequestDecoder(SearchRunsRequest);
const updateRun = createRequestDecoder(UpdateRunRequest);
const history = createRequestDecoder(GetMetricHistoryRequest);

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error");
}

describe("createRequestDecoder", () => {
  it("reads protobuf JSON: int64 and double as numbers or strings, NaN and infinities", () => {
    expect(logMetric({ run_id: "r1", key: "k", value: "NaN", timestamp: "1700000000000", step: "3" })).toEqual({
      run_id: "r1",
      key: "k",
      value: Number.NaN,
      timestamp: 1_700_000_000_000,
      step: 3,
    });
    expect(logMetric({ run_id: "r", key: "k", value: "-Infinity", timestamp: 1 }).value).toBe(Number.NEGATIVE_INFINITY);
    expect(logMetric({ run_id: "r", key: "k", value: "Infinity", timestamp: 1 }).value).toBe(Number.POSITIVE_INFINITY);
    expect(logMetric({ run_id: "r", key: "k", value: "1.5e3", timestamp: 1 }).value).toBe(1500);
  });

  it("takes the legacy run_uuid when run_id is absent", () => {
    expect(logMetric({ run_uuid: "old", key: "k", value: 1, timestamp: 1 }).run_id).toBe("old");
    expect(logMetric({ run_id: "new", run_uuid: "old", key: "k", value: 1, timestamp: 1 }).run_id).toBe("new");
  });

  it("names a missing required field the way MLflow does", () => {
    const e = errorOf(() => logMetric({ key: "k", value: 1, timestamp: 1 }));
    expect(e.code).toBe("INVALID_PARAMETER_VALUE");
    expect(e.message).toContain("Missing value for required parameter 'run_id'.");
    expect(errorOf(() => logMetric({ run_id: "", key: "k", value: 1, timestamp: 1 })).message).toContain("'run_id'");
    expect(errorOf(() => logMetric({ run_id: "r", key: "k", value: 1 })).message).toContain("'timestamp'");
  });

  it("names nested fields with their index", () => {
    const e = errorOf(() => logBatch({ run_id: "r", metrics: [{ key: "a", value: 1, timestamp: 1 }, { key: "b", value: 2 }] }));
    expect(e.message).toContain("Missing value for required parameter 'metrics[1].timestamp'");
    const t = errorOf(() => logBatch({ run_id: "r", params: [{ key: "a", value: 7 }] }));
    expect(t.message).toContain("Invalid value 7 for parameter 'params[0].value'");
    expect(t.message).toContain("expected a string");
  });

  it("rejects wrong types with the field, the value and what was expected", () => {
    expect(errorOf(() => logMetric({ run_id: "r", key: "k", value: "abc", timestamp: 1 })).message).toMatch(
      /Invalid value "abc" for parameter 'value' supplied: expected a number/,
    );
    expect(errorOf(() => logMetric({ run_id: "r", key: "k", value: true, timestamp: 1 })).code).toBe(
      "INVALID_PARAMETER_VALUE",
    );
    expect(errorOf(() => logMetric({ run_id: "r", key: "k", value: 1, timestamp: 1.5 })).message).toContain("'timestamp'");
    expect(errorOf(() => logMetric({ run_id: 5, key: "k", value: 1, timestamp: 1 })).message).toContain("'run_id'");
    expect(errorOf(() => logBatch({ run_id: "r", metrics: { key: "a" } })).message).toContain("expected a list");
    expect(errorOf(() => logMetric([])).message).toContain("must be a JSON object");
  });

  it("reads repeated fields from a list or a single query-string value, and defaults them to empty", () => {
    expect(searchRuns({ experiment_ids: "1", order_by: ["a", "b"], max_results: "10" })).toEqual({
      experiment_ids: ["1"],
      order_by: ["a", "b"],
      max_results: 10,
    });
    expect(logBatch({ run_id: "r" })).toEqual({ run_id: "r", metrics: [], params: [], tags: [] });
  });

  it("reads enums by name or number", () => {
    expect(updateRun({ run_id: "r", status: "FINISHED" }).status).toBe("FINISHED");
    expect(updateRun({ run_id: "r", status: 4 }).status).toBe("FAILED");
    expect(searchRuns({ run_view_type: "3" }).run_view_type).toBe("ALL");
    expect(errorOf(() => updateRun({ run_id: "r", status: "DONE" })).message).toContain("one of RUNNING, SCHEDULED");
  });

  it("ignores unknown fields and treats null as absent", () => {
    expect(history({ run_id: "r", metric_key: "m", max_results: null, extra: 1 })).toEqual({ run_id: "r", metric_key: "m" });
  });

  it("refuses integers JavaScript cannot hold exactly", () => {
    expect(errorOf(() => logMetric({ run_id: "r", key: "k", value: 1, timestamp: "9223372036854775807" })).message).toContain(
      "an integer between",
    );
  });
});
