import { ApiError } from "./api-error.js";
import type { ModelVersion, RegisteredModel } from "./registry-types.js";
import { requestJson } from "./request-json.js";
import type { Page } from "./tracking-api.js";

/** True when the server does not serve the model registry endpoints at all. */
export function isRegistryMissing(err: unknown): boolean {
  return err instanceof ApiError && err.errorCode === "ENDPOINT_NOT_FOUND";
}

/** One page of registered-models/search. Throws ApiError (ENDPOINT_NOT_FOUND without a registry). */
export async function searchRegisteredModels(args: {
  readonly filter?: string;
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly signal?: AbortSignal;
}): Promise<Page<RegisteredModel>> {
  const res = await requestJson<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(
    "GET",
    "/mlflow/registered-models/search",
    {
      query: {
        filter: args.filter || undefined,
        max_results: args.maxResults ?? 100,
        order_by: ["name ASC"],
        page_token: args.pageToken,
      },
      signal: args.signal,
    },
  );
  return { items: res.registered_models ?? [], nextPageToken: res.next_page_token || undefined };
}

/** registered-models/get. Throws ApiError RESOURCE_DOES_NOT_EXIST / ENDPOINT_NOT_FOUND. */
export async function getRegisteredModel(name: string, signal?: AbortSignal): Promise<RegisteredModel> {
  const res = await requestJson<{ registered_model: RegisteredModel }>("GET", "/mlflow/registered-models/get", { query: { name }, signal });
  return res.registered_model;
}

/** Every version of one model (model-versions/search with `name='...'`, all pages). */
export async function searchModelVersions(name: string, signal?: AbortSignal): Promise<ModelVersion[]> {
  const all: ModelVersion[] = [];
  let pageToken: string | undefined;
  const filter = `name='${name.replaceAll("'", "\\'")}'`;
  do {
    const res = await requestJson<{ model_versions?: ModelVersion[]; next_page_token?: string }>("GET", "/mlflow/model-versions/search", {
      query: { filter, max_results: 1000, page_token: pageToken },
      signal,
    });
    for (const v of res.model_versions ?? []) all.push(v);
    pageToken = res.next_page_token || undefined;
  } while (pageToken);
  return all;
}

/** model-versions/get. Throws ApiError RESOURCE_DOES_NOT_EXIST / ENDPOINT_NOT_FOUND. */
export async function getModelVersion(name: string, version: string, signal?: AbortSignal): Promise<ModelVersion> {
  const res = await requestJson<{ model_version: ModelVersion }>("GET", "/mlflow/model-versions/get", { query: { name, version }, signal });
  return res.model_version;
}
