import { MlflowError } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { parseRunFilter, parseRunOrderBy } from "./parse-run-search.js";
import type { FilterClause } from "./search-types.js";

function errorOf(run: () => unknown): MlflowError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).code).toBe("INVALID_PARAMETER_VALUE");
    return error as MlflowError;
  }
  throw new Error("expected an MlflowError");
}

const metric = (key: string, comparator: FilterClause["comparator"], value: number): FilterClause => ({
  type: "metric",
  key,
  comparator,
  value,
});

describe("parseRunFilter: valid filters", () => {
  const cases: ReadonlyArray<readonly [string, readonly FilterClause[]]> = [
    ["metric.acc >= 0.94", [metric("acc", ">=", 0.94)]],
    ["metric.acc>=100", [metric("acc", ">=", 100)]],
    ["metrics.`test acc` > 0.9", [metric("test acc", ">", 0.9)]],
    ['metrics."legit name" >= 0.243', [metric("legit name", ">=", 0.243)]],
    ['metrics."X//Y#$$@&Z" = 3', [metric("X//Y#$$@&Z", "=", 3)]],
    ['metrics."accuracy.2.0" > 5', [metric("accuracy.2.0", ">", 5)]],
    ["metrics.acc > -1", [metric("acc", ">", -1)]],
    ["metrics.loss < 1e-3", [metric("loss", "<", 0.001)]],
    ["metrics.loss <= -2.5E+2", [metric("loss", "<=", -250)]],
    ["metrics.loss != .5", [metric("loss", "!=", 0.5)]],
    ["metrics.loss>-.5", [metric("loss", ">", -0.5)]],
    ["metrics.5fold_auc > 0.7", [metric("5fold_auc", ">", 0.7)]],
    ["metrics.val.loss < 0.2", [metric("val.loss", "<", 0.2)]],
    ["`metric`.a >= 0.1", [metric("a", ">=", 0.1)]],
    ["  metrics.acc   >   0.5  ", [metric("acc", ">", 0.5)]],
    ["metrics.précision > 0.5", [metric("précision", ">", 0.5)]],
    ["params.m!='tf'", [{ type: "parameter", key: "m", comparator: "!=", value: "tf" }]],
    ['params."m"!="tf"', [{ type: "parameter", key: "m", comparator: "!=", value: "tf" }]],
    ["param.C = '0.1'", [{ type: "parameter", key: "C", comparator: "=", value: "0.1" }]],
    ["parameters.C = ''", [{ type: "parameter", key: "C", comparator: "=", value: "" }]],
    ['params.m = "L\'Hosp"', [{ type: "parameter", key: "m", comparator: "=", value: "L'Hosp" }]],
    ["params.m = 'L''Hosp'", [{ type: "parameter", key: "m", comparator: "=", value: "L'Hosp" }]],
    ["params.m = 'L\\'Hosp'", [{ type: "parameter", key: "m", comparator: "=", value: "L'Hosp" }]],
    ["params.model like 'Lin%'", [{ type: "parameter", key: "model", comparator: "LIKE", value: "Lin%" }]],
    ["params.model ILike '%reg%'", [{ type: "parameter", key: "model", comparator: "ILIKE", value: "%reg%" }]],
    ["params.lr IS NULL", [{ type: "parameter", key: "lr", comparator: "IS NULL", value: null }]],
    ["tags.version is not null", [{ type: "tag", key: "version", comparator: "IS NOT NULL", value: null }]],
    ["tags.mlflow.runName = 'r1'", [{ type: "tag", key: "mlflow.runName", comparator: "=", value: "r1" }]],
    ['tags."mlflow.runName" = \'r1\'', [{ type: "tag", key: "mlflow.runName", comparator: "=", value: "r1" }]],
    ["tags.`t.a.g` != 'a b'", [{ type: "tag", key: "t.a.g", comparator: "!=", value: "a b" }]],
    ["tags.'quoted key' = 'v'", [{ type: "tag", key: "quoted key", comparator: "=", value: "v" }]],
    ["attribute.artifact_uri = '1/23/4'", [{ type: "attribute", key: "artifact_uri", comparator: "=", value: "1/23/4" }]],
    ["attributes.start_time >= 1234", [{ type: "attribute", key: "start_time", comparator: ">=", value: 1234 }]],
    ["attr.end_time < 99", [{ type: "attribute", key: "end_time", comparator: "<", value: 99 }]],
    ["run.status = 'RUNNING'", [{ type: "attribute", key: "status", comparator: "=", value: "RUNNING" }]],
    ["status = 'FINISHED'", [{ type: "attribute", key: "status", comparator: "=", value: "FINISHED" }]],
    ["created > 5", [{ type: "attribute", key: "start_time", comparator: ">", value: 5 }]],
    ["attributes.Created > 5", [{ type: "attribute", key: "start_time", comparator: ">", value: 5 }]],
    ["`Run Name` = 'x'", [{ type: "attribute", key: "run_name", comparator: "=", value: "x" }]],
    ['attributes."run name" LIKE \'x%\'', [{ type: "attribute", key: "run_name", comparator: "LIKE", value: "x%" }]],
    ["attributes.user_id ILIKE 'ann%'", [{ type: "attribute", key: "user_id", comparator: "ILIKE", value: "ann%" }]],
    ["run_id IN ('a1', 'b2')", [{ type: "attribute", key: "run_id", comparator: "IN", value: ["a1", "b2"] }]],
    ["attributes.run_id not in ('a1',)", [{ type: "attribute", key: "run_id", comparator: "NOT IN", value: ["a1"] }]],
    ['attributes.run_id IN ("a1")', [{ type: "attribute", key: "run_id", comparator: "IN", value: ["a1"] }]],
    ["dataset.name = 'my_dataset'", [{ type: "dataset", key: "name", comparator: "=", value: "my_dataset" }]],
    ["datasets.digest IN ('d1','d2')", [{ type: "dataset", key: "digest", comparator: "IN", value: ["d1", "d2"] }]],
    ["datasets.context NOT IN ('eval')", [{ type: "dataset", key: "context", comparator: "NOT IN", value: ["eval"] }]],
    [
      "metrics.rmse < 1 and params.model_class = 'LR' AnD tags.a IS NULL",
      [
        metric("rmse", "<", 1),
        { type: "parameter", key: "model_class", comparator: "=", value: "LR" },
        { type: "tag", key: "a", comparator: "IS NULL", value: null },
      ],
    ],
    ["", []],
    ["   \t\n ", []],
  ];
  it.each(cases)("%s", (filter, expected) => {
    expect(parseRunFilter(filter)).toEqual(expected);
  });

  it("treats an absent filter as no filter", () => {
    expect(parseRunFilter(undefined)).toEqual([]);
  });
});

describe("parseRunFilter: syntax errors name the token and its position", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["metrics.acc >> 1", "Invalid filter 'metrics.acc >> 1': unexpected token '>' at position 13, expected a number or a quoted string"],
    ["metrics.acc ~ 1", "Invalid filter 'metrics.acc ~ 1': unexpected character '~' at position 12"],
    ["metrics.acc <> 1", "unexpected token '>' at position 13"],
    ["metrics.acc == 1", "unexpected token '=' at position 13"],
    ["metrics.A > 0.1 OR params.B = 'LR'", "OR at position 16 is not supported; MLflow's search grammar only joins clauses with AND"],
    ["metrics.A > 0.1 NAND params.B = 'LR'", "unexpected token 'NAND' at position 16, expected AND or the end of the filter"],
    ["metrics.A > 0.1 AND (params.B = 'LR')", "unexpected token '(' at position 20, expected a column such as metrics.<key>"],
    ["metrics.acc >= 0.94; metrics.rmse < 1", "unexpected character ';' at position 19"],
    ["metrics.acc > 0.9 AND", "unexpected end at position 21, expected a column"],
    ["metric.acc !=", "unexpected end at position 13, expected a number or a quoted string"],
    ["params.acc LR", "unexpected token 'LR' at position 11, expected a comparator"],
    ["params.acc = 'LR", "unterminated string starting at position 13: add the closing '"],
    ["params.acc = \"LR'", "unterminated string starting at position 13"],
    ["`metrics.A > 0.1", "unterminated string starting at position 0"],
    ["tags.acc = = 'LR'", "unexpected token '=' at position 11"],
    ["1 = 1", "unexpected token '1' at position 0, expected a column"],
    ["'a' = 'a'", "unexpected token ''a'' at position 0, expected a column"],
    ["metrics.acc > 1abc", "unexpected character 'a' at position 15 after number '1'"],
    ["params.my-param = 'x'", "unexpected character '-' at position 9"],
    ["metrics. acc > 1", "expected a key right after '.' at position 7"],
    ["metrics.acc > 1 metrics.b > 2", "unexpected token 'metrics' at position 16, expected AND"],
    ["attributes.status IS 'RUNNING'", "unexpected token ''RUNNING'' at position 21, expected NULL or NOT NULL after IS"],
    ["tags.a IS NOT 'x'", "unexpected token ''x'' at position 14, expected NULL after IS NOT"],
    ["run_id NOT LIKE 'x'", "unexpected token 'LIKE' at position 11, expected IN after NOT"],
    ["run_id IN 'a'", "unexpected token ''a'' at position 10, expected '(' to start the list of values after IN"],
    ["run_id IN ()", "empty list at position 10; IN needs at least one quoted value"],
    ["run_id IN ('a' 'b')", "unexpected token ''b'' at position 15, expected ',' or ')' in the list"],
    ["run_id IN ('a', 1)", "unexpected token '1' at position 16, expected a quoted string in the list"],
    ["run_id IN ('a'", "unexpected end at position 14, expected ',' or ')' in the list"],
    ["run_id = ('a')", "unexpected token '(' at position 9, expected a number or a quoted string (a list of values needs IN or NOT IN)"],
  ];
  it.each(cases)("%s", (filter, message) => {
    expect(errorOf(() => parseRunFilter(filter)).message).toContain(message);
  });
});

describe("parseRunFilter: clause errors name the clause and the field", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["metrics.acc = 'x'", "Invalid clause 'metrics.acc = 'x'': expected a numeric value for metric 'acc', found 'x'"],
    ["metric.model = '5'", "expected a numeric value for metric 'model', found '5'"],
    ["metrics.acc != metrics.acc", "Invalid clause 'metrics.acc != metrics': expected a numeric value"],
    ["metrics.acc > 1e999", "number 1e999 is out of range for metric 'acc'"],
    ["params.acc = 5", "expected a quoted string value for parameter 'acc' (e.g. 'my-value'), found 5"],
    ["tags.acc = LR", "expected a quoted string value for tag 'acc' (e.g. 'my-value'), found LR"],
    ["params.acc = `LR`", "expected a quoted string value for parameter 'acc' (e.g. 'my-value'), found `LR`"],
    ["attribute.status = 1", "expected a quoted string value for attribute 'status'"],
    ["attribute.status = true", "expected a quoted string value for attribute 'status' (e.g. 'my-value'), found true"],
    ["attributes.start_time = 'now'", "expected a numeric value for attribute 'start_time', found 'now'"],
    ["created = 'now'", "expected a numeric value for attribute 'start_time'"],
    ["m.acc >= 0.94", "Invalid clause 'm.acc >= 0.94': invalid entity type 'm' at position 0; valid prefixes are metric, metrics, parameter"],
    ["metrics.acc > 1 AND p.model >= 'LR'", "Invalid clause 'p.model >= 'LR'': invalid entity type 'p' at position 20"],
    ['"metrics".acc > 1', "invalid entity type '\"metrics\"' at position 0"],
    ["METRICS.acc > 1", "invalid entity type 'METRICS'"],
    ["acc >= 0.94", "Invalid clause 'acc >= 0.94': invalid attribute key 'acc'; valid keys are run_id, run_name, user_id, status, artifact_uri, start_time, end_time"],
    ["attribute.lifecycle_stage = 'active'", "invalid attribute key 'lifecycle_stage'"],
    ["attribute.experiment_id != '1'", "invalid attribute key 'experiment_id'"],
    ["attributes.constructor = 'x'", "invalid attribute key 'constructor'"],
    ["dataset.profile = 'num_rows: 10'", "invalid dataset key 'profile'; valid keys are name, digest, context"],
    ["metrics.`` > 1", "empty key at position 8"],
    ['tags.mlflow."runName" = \'x\'', "the quoted part at position 12 must be the whole key"],
    ["metrics.acc LIKE '1'", "comparator 'LIKE' is not supported for metric 'acc'; use one of =, !=, >, >=, <, <="],
    ["metrics.acc IS NULL", "comparator 'IS NULL' is not supported for metric 'acc'"],
    ["params.a > 'x'", "comparator '>' is not supported for parameter 'a'; use one of =, !=, LIKE, ILIKE, IS NULL, IS NOT NULL"],
    ["params.a IN ('x')", "comparator 'IN' is not supported for parameter 'a'"],
    ["tags.a <= 'x'", "comparator '<=' is not supported for tag 'a'"],
    ["attributes.status > 'x'", "comparator '>' is not supported for attribute 'status'; use one of =, !=, LIKE, ILIKE"],
    ["attributes.run_name IN ('foo','bar')", "comparator 'IN' is not supported for attribute 'run_name'"],
    ["attributes.status IS NULL", "comparator 'IS NULL' is not supported for attribute 'status'"],
    ["attributes.start_time LIKE 1234", "comparator 'LIKE' is not supported for attribute 'start_time'"],
    ["datasets.name > 'x'", "comparator '>' is not supported for dataset 'name'"],
    ["datasets.name = 40", "expected a quoted string value for dataset 'name'"],
  ];
  it.each(cases)("%s", (filter, message) => {
    expect(errorOf(() => parseRunFilter(filter)).message).toContain(message);
  });

  it("reports the first problem in reading order", () => {
    expect(errorOf(() => parseRunFilter("metrics.a = 'x' AND metrics.b >> 1")).message).toBe(
      "Invalid clause 'metrics.a = 'x'': expected a numeric value for metric 'a', found 'x'",
    );
    expect(errorOf(() => parseRunFilter("metrics.a >> 1 AND metrics.b = 'x'")).message).toBe(
      "Invalid filter 'metrics.a >> 1 AND metrics.b = 'x'': unexpected token '>' at position 11, expected a number or a quoted string",
    );
  });
});

describe("parseRunOrderBy", () => {
  const valid: ReadonlyArray<readonly [string, string, string, boolean]> = [
    ["metrics.`test acc` DESC", "metric", "test acc", false],
    ["metrics.`Mean Square Error`", "metric", "Mean Square Error", true],
    ['metrics."key1"  desc', "metric", "key1", false],
    ["params.C ASC", "parameter", "C", true],
    ["params.my_param aSc", "parameter", "my_param", true],
    ["tags.mlflow.runName", "tag", "mlflow.runName", true],
    ["attributes.start_time", "attribute", "start_time", true],
    ["start_time DESC", "attribute", "start_time", false],
    ["created", "attribute", "start_time", true],
    ["run.run_name desc", "attribute", "run_name", false],
    ["attr.end_time", "attribute", "end_time", true],
    ["  status  ", "attribute", "status", true],
  ];
  it.each(valid)("%s", (entry, type, key, ascending) => {
    expect(parseRunOrderBy([entry])).toEqual([{ type, key, ascending }]);
  });

  it("keeps the order of several entries and treats absent as none", () => {
    expect(parseRunOrderBy(["metrics.acc DESC", "start_time"])).toEqual([
      { type: "metric", key: "acc", ascending: false },
      { type: "attribute", key: "start_time", ascending: true },
    ]);
    expect(parseRunOrderBy(undefined)).toEqual([]);
    expect(parseRunOrderBy([])).toEqual([]);
  });

  const invalid: ReadonlyArray<readonly [string, string]> = [
    ["m.acc", "Invalid order_by clause 'm.acc': invalid entity type 'm' at position 0"],
    ["acc", "invalid attribute key 'acc'; valid order_by keys are run_id, run_name"],
    ["attribute.experiment_id", "invalid attribute key 'experiment_id'"],
    ["`Run name`", "invalid attribute key 'Run name'"],
    ["`metrics.A`", "invalid attribute key 'metrics.A'"],
    ["`metrics.A", "unterminated string starting at position 0"],
    ["attribute.run_id ACS", "invalid ordering 'ACS' at position 17, expected ASC or DESC"],
    ["attribute.run_id decs", "invalid ordering 'decs' at position 17"],
    ["metrics.A != 1", "unexpected token '!=' at position 10, expected ASC, DESC or the end of the clause"],
    ["metrics.A DESC DESC", "unexpected token 'DESC' at position 15"],
    ["", "Invalid order_by clause '': unexpected end at position 0, expected a column such as metrics.<key>"],
    ["datasets.name", "cannot order by dataset columns; order by one of: metric, parameter, tag, attribute"],
  ];
  it.each(invalid)("rejects %s", (entry, message) => {
    expect(errorOf(() => parseRunOrderBy([entry])).message).toContain(message);
  });
});

describe("robustness", () => {
  it("answers any input with clauses or an INVALID_PARAMETER_VALUE, never another error", () => {
    const pieces = ["metrics", "params", "tags", "attributes", "datasets", ".", "acc", "`a b`", '"k"', "'v'", "'",
      "1", "-2.5e3", ".5", "=", "!=", ">", "<=", " ", "AND", "OR", "IN", "NOT", "IS", "NULL", "LIKE", "(", ")", ",",
      "run_id", "start_time", "name", "~", "\\", "é"];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      let input = "";
      const length = 1 + Math.floor(random() * 12);
      for (let i = 0; i < length; i++) input += pieces[Math.floor(random() * pieces.length)];
      for (const parse of [() => parseRunFilter(input), () => parseRunOrderBy([input])]) {
        try {
          expect(Array.isArray(parse())).toBe(true);
        } catch (error) {
          expect(error, input).toBeInstanceOf(MlflowError);
          expect((error as MlflowError).code).toBe("INVALID_PARAMETER_VALUE");
        }
      }
    }
  });
});
