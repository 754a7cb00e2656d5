import type { Experiment } from "@sextant/protocol";
import { MlflowError } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import type { ProjectTrackingClient } from "./project-tracking-client.js";
import { resolveExperimentId } from "./resolve-experiment-id.js";

/** Experiments in memory; only the calls resolveExperimentId makes. */
function experiments(initial: Experiment[]): ProjectTrackingClient {
  const all = [...initial];
  const unused = () => Promise.reject(new Error("not used"));
  return {
    getExperimentByName: async (name) => all.find((e) => e.name === name),
    getExperiment: async (id) => {
      const found = all.find((e) => e.experiment_id === id);
      if (!found) throw MlflowError.notFound(`No experiment ${id}`);
      return found;
    },
    createExperiment: async (name) => {
      const id = String(all.length + 100);
      all.push(experiment(id, name));
      return id;
    },
    createRun: unused,
    getRun: unused,
    updateRun: unused,
    logBatch: unused,
    logArtifact: unused,
  };
}

const experiment = (id: string, name: string, stage: "active" | "deleted" = "active"): Experiment => ({
  experiment_id: id,
  name,
  artifact_location: "",
  lifecycle_stage: stage,
  creation_time: 0,
  last_update_time: 0,
});

describe("resolveExperimentId", () => {
  const client = () => experiments([experiment("0", "Default"), experiment("7", "demo"), experiment("8", "gone", "deleted")]);

  it("uses the name (creating it), the id, the environment, else Default", async () => {
    const c = client();
    await expect(resolveExperimentId(c, { experimentName: "demo" })).resolves.toBe("7");
    const created = await resolveExperimentId(c, { experimentName: "new one" });
    await expect(resolveExperimentId(c, { experimentName: "new one" })).resolves.toBe(created);
    await expect(resolveExperimentId(c, { experimentId: "7" })).resolves.toBe("7");
    await expect(resolveExperimentId(c, { env: { MLFLOW_EXPERIMENT_NAME: "demo" } })).resolves.toBe("7");
    await expect(resolveExperimentId(c, { env: { MLFLOW_EXPERIMENT_ID: "7" } })).resolves.toBe("7");
    // A flag wins over the environment.
    await expect(resolveExperimentId(c, { experimentId: "0", env: { MLFLOW_EXPERIMENT_NAME: "demo" } })).resolves.toBe("0");
    await expect(resolveExperimentId(c, { env: {} })).resolves.toBe("0");
  });

  it("refuses ambiguous, unknown and deleted experiments", async () => {
    const c = client();
    await expect(resolveExperimentId(c, { experimentName: "demo", experimentId: "7" })).rejects.toThrow(
      "Specify only one of --experiment-name and --experiment-id (got name 'demo' and id '7')",
    );
    await expect(resolveExperimentId(c, { env: { MLFLOW_EXPERIMENT_NAME: "demo", MLFLOW_EXPERIMENT_ID: "7" } })).rejects.toThrow(
      /Specify only one of MLFLOW_EXPERIMENT_NAME and MLFLOW_EXPERIMENT_ID/,
    );
    await expect(resolveExperimentId(c, { experimentId: "99" })).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
    await expect(resolveExperimentId(c, { experimentName: "gone" })).rejects.toThrow(/Experiment 'gone' \(id 8\) is deleted/);
  });
});
