import type { LOGGED_MODEL_ENDPOINTS } from "@sextant/protocol";
import * as Req from "./logged-model-requests.js";
import type { LoggedModelService } from "./logged-model-service.js";
import { type Rpc, rpcsOf } from "./rpc.js";

/** Name of an rpc in protocol's `LOGGED_MODEL_ENDPOINTS`, plus runs/outputs. */
export type LoggedModelEndpointName = (typeof LOGGED_MODEL_ENDPOINTS)[number]["name"] | "logOutputs";

const rpc = rpcsOf<LoggedModelService>();

/**
 * The logged-model rpcs keyed by endpoint name. `listLoggedModelArtifacts` is served by the
 * artifact side of the logged-model routes; `logOutputs` (a tracking endpoint) lives here
 * because it needs logged-model storage.
 */
export const LOGGED_MODEL_RPCS: Readonly<Partial<Record<LoggedModelEndpointName, Rpc<LoggedModelService>>>> = {
  createLoggedModel: rpc(Req.CreateLoggedModelRequest, (s, r) => s.createLoggedModel(r)),
  getLoggedModel: rpc(Req.ModelIdRequest, (s, r) => s.getLoggedModel(r)),
  finalizeLoggedModel: rpc(Req.FinalizeLoggedModelRequest, (s, r) => s.finalizeLoggedModel(r)),
  deleteLoggedModel: rpc(Req.ModelIdRequest, (s, r) => s.deleteLoggedModel(r)),
  searchLoggedModels: rpc(Req.SearchLoggedModelsRequest, (s, r) => s.searchLoggedModels(r)),
  setLoggedModelTags: rpc(Req.SetLoggedModelTagsRequest, (s, r) => s.setLoggedModelTags(r)),
  deleteLoggedModelTag: rpc(Req.DeleteLoggedModelTagRequest, (s, r) => s.deleteLoggedModelTag(r)),
  logLoggedModelParams: rpc(Req.LogLoggedModelParamsRequest, (s, r) => s.logLoggedModelParams(r)),
  logOutputs: rpc(Req.LogOutputsRequest, (s, r) => s.logOutputs(r)),
};
