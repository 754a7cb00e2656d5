import type { MetricHistoryJson } from "../stores/tracking-store.js";

/**
 * A response message already serialised as MLflow's protobuf JSON. The HTTP layer sends `json`
 * as it is, so a service can hand over text a store built (a long metric history) or a
 * constant (`{}`) without it being serialised again.
 */
export class EncodedResponse {
  readonly json: string;

  constructor(json: string) {
    this.json = json;
  }
}

/** The empty message `{}` that every write rpc answers. */
export const EMPTY_RESPONSE: EncodedResponse = Object.freeze(new EncodedResponse("{}"));

/**
 * get-history's response around a store-encoded page: `{"metrics":[...],"next_page_token":"..."}`,
 * with an empty list and a missing token omitted as MLflow does (so an empty history is `{}`).
 */
export function encodeMetricHistoryResponse(page: MetricHistoryJson): EncodedResponse {
  const fields: string[] = [];
  if (page.count > 0) fields.push(`"metrics":${page.metricsJson}`);
  if (page.nextPageToken) fields.push(`"next_page_token":${JSON.stringify(page.nextPageToken)}`);
  return new EncodedResponse(`{${fields.join(",")}}`);
}
