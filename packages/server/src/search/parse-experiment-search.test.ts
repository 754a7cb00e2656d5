import { MlflowError } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { parseExperimentFilter, parseExperimentOrderBy } from "./parse-experiment-search.js";
import type { FilterClause, OrderByClause } from "./search-types.js";

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).code).toBe("INVALID_PARAMETER_VALUE");
    return (error as MlflowError).message;
  }
  throw new Error("expected an MlflowError");
}

describe("parseExperimentFilter", () => {
  const valid: ReadonlyArray<readonly [string, readonly FilterClause[]]> = [
    ["name = 'Default'", [{ type: "attribute", key: "name", comparator: "=", value: "Default" }]],
    ['attribute.name ILIKE "exp%"', [{ type: "attribute", key: "name", comparator: "ILIKE", value: "exp%" }]],
    ["name like 'jamie-foo C+%'", [{ type: "attribute", key: "name", comparator: "LIKE", value: "jamie-foo C+%" }]],
    ["creation_time > 1700000000000", [{ type: "attribute", key: "creation_time", comparator: ">", value: 1700000000000 }]],
    ["attribute.last_update_time <= 5", [{ type: "attribute", key: "last_update_time", comparator: "<=", value: 5 }]],
    ["tags.team = 'ml'", [{ type: "tag", key: "team", comparator: "=", value: "ml" }]],
    ["tag.`owner email` != 'a@b.c'", [{ type: "tag", key: "owner email", comparator: "!=", value: "a@b.c" }]],
    ["tag.key1 IS NOT NULL and tag.key2 is null", [
      { type: "tag", key: "key1", comparator: "IS NOT NULL", value: null },
      { type: "tag", key: "key2", comparator: "IS NULL", value: null },
    ]],
    ["", []],
  ];
  it.each(valid)("%s", (filter, expected) => {
    expect(parseExperimentFilter(filter)).toEqual(expected);
  });

  const invalid: ReadonlyArray<readonly [string, string]> = [
    ["attributes.name = 'x'", "invalid entity type 'attributes' at position 0; valid prefixes are attribute, tag, tags"],
    ["metrics.acc > 1", "invalid entity type 'metrics'"],
    ["experiment_id = '1'", "invalid attribute key 'experiment_id'; valid keys are name, creation_time, last_update_time"],
    ["name IN ('a')", "comparator 'IN' is not supported for attribute 'name'; use one of =, !=, LIKE, ILIKE"],
    ["name IS NULL", "comparator 'IS NULL' is not supported for attribute 'name'"],
    ["creation_time LIKE '1%'", "comparator 'LIKE' is not supported for attribute 'creation_time'"],
    ["creation_time > 'yesterday'", "expected a numeric value for attribute 'creation_time', found 'yesterday'"],
    ["tags.team > 'ml'", "comparator '>' is not supported for tag 'team'"],
    ["name = 'a' OR name = 'b'", "OR at position 11 is not supported"],
  ];
  it.each(invalid)("rejects %s", (filter, message) => {
    expect(messageOf(() => parseExperimentFilter(filter))).toContain(message);
  });
});

describe("parseExperimentOrderBy", () => {
  const valid: ReadonlyArray<readonly [string, OrderByClause]> = [
    ["name", { type: "attribute", key: "name", ascending: true }],
    ["name DESC", { type: "attribute", key: "name", ascending: false }],
    ["attribute.experiment_id asc", { type: "attribute", key: "experiment_id", ascending: true }],
    ["creation_time DESC", { type: "attribute", key: "creation_time", ascending: false }],
    ["last_update_time", { type: "attribute", key: "last_update_time", ascending: true }],
  ];
  it.each(valid)("%s", (entry, expected) => {
    expect(parseExperimentOrderBy([entry])).toEqual([expected]);
  });

  const invalid: ReadonlyArray<readonly [string, string]> = [
    ["tags.team", "Invalid order_by clause 'tags.team': cannot order by tag columns; order by one of: attribute"],
    ["start_time", "invalid attribute key 'start_time'; valid order_by keys are name, experiment_id, creation_time, last_update_time"],
    ["name aCs", "invalid ordering 'aCs' at position 5, expected ASC or DESC"],
    ["metrics.acc", "invalid entity type 'metrics'"],
  ];
  it.each(invalid)("rejects %s", (entry, message) => {
    expect(messageOf(() => parseExperimentOrderBy([entry]))).toContain(message);
  });
});
