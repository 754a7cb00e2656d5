import type { MlflowClient } from "@sextant/sdk";

/** What happened when registering the model. */
export type RegistrationOutcome =
  | { readonly registered: true; readonly name: string; readonly version: string }
  /** The server has no model registry (its registry endpoints answer ENDPOINT_NOT_FOUND). */
  | { readonly registered: false; readonly name: string };

const errorCodeOf = (error: unknown): unknown => (error as { errorCode?: unknown } | undefined)?.errorCode;

/**
 * Registers the model logged at `artifactPath` of run `runId` as a new version of the
 * registered model `name`, as MLflow 2.x clients do: registered-models/create (an existing
 * name is fine), then model-versions/create with source `runs:/<run_id>/<path>`. When the
 * server has no registry, returns `registered: false` instead of failing the run. Rejects
 * with the SDK's RestError for any other refusal.
 */
export async function registerModel(
  client: Pick<MlflowClient, "call">,
  name: string,
  runId: string,
  artifactPath: string,
): Promise<RegistrationOutcome> {
  try {
    await client.call("createRegisteredModel", { name });
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === "ENDPOINT_NOT_FOUND") return { registered: false, name };
    if (code !== "RESOURCE_ALREADY_EXISTS") throw error;
  }
  const answer = (await client.call("createModelVersion", {
    name,
    source: `runs:/${runId}/${artifactPath}`,
    run_id: runId,
  })) as { model_version?: { version?: string | number } };
  return { registered: true, name, version: String(answer.model_version?.version ?? "?") };
}
