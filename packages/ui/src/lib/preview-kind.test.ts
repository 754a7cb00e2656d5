import { describe, expect, it } from "vitest";
import { previewKind } from "./preview-kind.js";

describe("previewKind", () => {
  it("recognises MLflow's artifact kinds", () => {
    expect(previewKind("model/MLmodel")).toBe("mlmodel");
    expect(previewKind("model/conda.yaml")).toBe("yaml");
    expect(previewKind("eval/results.JSON")).toBe("json");
    expect(previewKind("data/train.csv")).toBe("csv");
    expect(previewKind("data/train.tsv")).toBe("tsv");
    expect(previewKind("plots/roc.png")).toBe("image");
    expect(previewKind("logs/stdout.txt")).toBe("text");
    expect(previewKind("MLproject")).toBe("text");
    expect(previewKind("model/model.pkl")).toBe("none");
  });
});
