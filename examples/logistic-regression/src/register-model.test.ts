import type { MlflowClient } from "@sextant/sdk";
import { RestError } from "@sextant/sdk";
import { describe, expect, it } from "vitest";
import { registerModel } from "./register-model.js";

type Call = { name: string; body: unknown };

/** A client whose registry answers with `answer` (an error to throw, or a body). */
function fakeClient(answer: (name: string) => unknown): { client: Pick<MlflowClient, "call">; calls: Call[] } {
  const calls: Call[] = [];
  const client = {
    call: async (name: string, body: unknown) => {
      calls.push({ name, body });
      const reply = answer(name);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  } as unknown as Pick<MlflowClient, "call">;
  return { client, calls };
}

describe("registerModel", () => {
  it("creates the registered model and a version from runs:/<run>/<path>", async () => {
    const { client, calls } = fakeClient((name) => (name === "createModelVersion" ? { model_version: { version: "3" } } : {}));
    await expect(registerModel(client, "test_model", "r1", "model")).resolves.toEqual({ registered: true, name: "test_model", version: "3" });
    expect(calls).toEqual([
      { name: "createRegisteredModel", body: { name: "test_model" } },
      { name: "createModelVersion", body: { name: "test_model", source: "runs:/r1/model", run_id: "r1" } },
    ]);
  });

  it("accepts an existing registered model", async () => {
    const { client } = fakeClient((name) =>
      name === "createRegisteredModel" ? new RestError("RESOURCE_ALREADY_EXISTS", "exists", 400) : { model_version: { version: 4 } },
    );
    await expect(registerModel(client, "test_model", "r1", "model")).resolves.toMatchObject({ registered: true, version: "4" });
  });

  it("reports a server without a registry instead of failing", async () => {
    const { client, calls } = fakeClient(() => new RestError("ENDPOINT_NOT_FOUND", "no route", 404));
    await expect(registerModel(client, "test_model", "r1", "model")).resolves.toEqual({ registered: false, name: "test_model" });
    expect(calls).toHaveLength(1);
  });

  it("passes other refusals on", async () => {
    const { client } = fakeClient(() => new RestError("PERMISSION_DENIED", "no", 403));
    await expect(registerModel(client, "test_model", "r1", "model")).rejects.toMatchObject({ errorCode: "PERMISSION_DENIED" });
  });
});
