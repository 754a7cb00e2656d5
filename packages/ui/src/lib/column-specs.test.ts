import { describe, expect, it } from "vitest";
import { columnSpecText, datasetProfileText, datasetSchemaText } from "./column-specs.js";

describe("schema text", () => {
  it("lists an MLmodel signature's columns as name: type", () => {
    expect(columnSpecText('[{"type": "double", "name": "tenure", "required": true}, {"type": "long", "name": "tickets", "required": false}]')).toBe(
      "tenure: double, tickets: long (optional)",
    );
    expect(columnSpecText('[{"type": "long", "required": true}]')).toBe("long");
    expect(columnSpecText('[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]')).toBe("tensor float32 [-1,4]");
    expect(columnSpecText("not json")).toBe("not json");
    expect(columnSpecText(undefined)).toBe("");
  });

  it("reads dataset schemas and profiles", () => {
    expect(datasetSchemaText('{"mlflow_colspec": [{"type": "double", "name": "x"}, {"type": "string", "name": "city"}]}')).toBe("x: double, city: string");
    expect(
      datasetSchemaText('{"mlflow_tensorspec": {"features": "[{\\"type\\": \\"tensor\\", \\"tensor-spec\\": {\\"dtype\\": \\"float64\\", \\"shape\\": [-1, 3]}}]", "targets": null}}'),
    ).toBe("features: tensor float64 [-1,3]");
    expect(datasetSchemaText("{oops")).toBe("{oops");
    expect(datasetProfileText('{"num_rows": 182340, "num_elements": 364680}')).toBe("num_rows: 182340, num_elements: 364680");
    expect(datasetProfileText(undefined)).toBe("");
  });
});
