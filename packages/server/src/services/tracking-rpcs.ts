import type { TRACKING_ENDPOINTS } from "@sextant/protocol";
import { type Rpc, rpcsOf } from "./rpc.js";
import * as Req from "./tracking-requests.js";
import type { TrackingService } from "./tracking-service.js";

/** Name of an rpc in protocol's `TRACKING_ENDPOINTS`. */
export type TrackingEndpointName = (typeof TRACKING_ENDPOINTS)[number]["name"];

const rpc = rpcsOf<TrackingService>();

/**
 * The tracking rpcs this service answers, keyed by protocol endpoint name. Endpoints absent here
 * are served by other route tables: `listArtifacts` by the artifact routes, `logOutputs` with the
 * logged models.
 */
export const TRACKING_RPCS: Readonly<Partial<Record<TrackingEndpointName, Rpc<TrackingService>>>> = {
  createExperiment: rpc(Req.CreateExperimentRequest, (s, r) => s.createExperiment(r)),
  getExperiment: rpc(Req.GetExperimentRequest, (s, r) => s.getExperiment(r)),
  getExperimentByName: rpc(Req.GetExperimentByNameRequest, (s, r) => s.getExperimentByName(r)),
  searchExperiments: rpc(Req.SearchExperimentsRequest, (s, r) => s.searchExperiments(r)),
  updateExperiment: rpc(Req.UpdateExperimentRequest, (s, r) => s.updateExperiment(r)),
  deleteExperiment: rpc(Req.ExperimentIdRequest, (s, r) => s.deleteExperiment(r)),
  restoreExperiment: rpc(Req.ExperimentIdRequest, (s, r) => s.restoreExperiment(r)),
  setExperimentTag: rpc(Req.SetExperimentTagRequest, (s, r) => s.setExperimentTag(r)),
  deleteExperimentTag: rpc(Req.DeleteExperimentTagRequest, (s, r) => s.deleteExperimentTag(r)),
  createRun: rpc(Req.CreateRunRequest, (s, r) => s.createRun(r)),
  getRun: rpc(Req.RunIdRequest, (s, r) => s.getRun(r)),
  updateRun: rpc(Req.UpdateRunRequest, (s, r) => s.updateRun(r)),
  deleteRun: rpc(Req.RunIdRequest, (s, r) => s.deleteRun(r)),
  restoreRun: rpc(Req.RunIdRequest, (s, r) => s.restoreRun(r)),
  searchRuns: rpc(Req.SearchRunsRequest, (s, r) => s.searchRuns(r)),
  setTag: rpc(Req.SetTagRequest, (s, r) => s.setTag(r)),
  deleteTag: rpc(Req.DeleteTagRequest, (s, r) => s.deleteTag(r)),
  logParam: rpc(Req.LogParamRequest, (s, r) => s.logParam(r)),
  logMetric: rpc(Req.LogMetricRequest, (s, r) => s.logMetric(r)),
  logBatch: rpc(Req.LogBatchRequest, (s, r) => s.logBatch(r)),
  logModel: rpc(Req.LogModelRequest, (s, r) => s.logModel(r)),
  logInputs: rpc(Req.LogInputsRequest, (s, r) => s.logInputs(r)),
  getMetricHistory: rpc(Req.GetMetricHistoryRequest, (s, r) => s.getMetricHistory(r)),
  getMetricHistoryBulkInterval: rpc(Req.GetMetricHistoryBulkIntervalRequest, (s, r) =>
    s.getMetricHistoryBulkInterval(r),
  ),
};
