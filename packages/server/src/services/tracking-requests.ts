import { type DecodedMessage, messageSchema } from "./request-schema.js";

/**
 * Request messages of the tracking rpcs (service.proto), with the fields MLflow's handlers
 * require (handlers.py schemas). One table per rpc; the decoded TypeScript types below are
 * derived from these tables.
 */

const VIEW_TYPE = { ACTIVE_ONLY: 1, DELETED_ONLY: 2, ALL: 3 } as const;
const RUN_STATUS = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;

const runId = { kind: "string", required: true, alias: "run_uuid" } as const;
const experimentId = { kind: "string", required: true, numberAsString: true } as const;

const keyValue = messageSchema({
  key: { kind: "string", required: true },
  value: { kind: "string" },
});

const metric = messageSchema({
  key: { kind: "string", required: true },
  value: { kind: "double", required: true },
  timestamp: { kind: "int64", required: true },
  step: { kind: "int64" },
  model_id: { kind: "string" },
  dataset_name: { kind: "string" },
  dataset_digest: { kind: "string" },
});

export const CreateExperimentRequest = messageSchema({
  name: { kind: "string", required: true },
  artifact_location: { kind: "string" },
  tags: { kind: "messages", of: keyValue },
});
export const GetExperimentRequest = messageSchema({ experiment_id: experimentId });
export const GetExperimentByNameRequest = messageSchema({ experiment_name: { kind: "string", required: true } });
export const SearchExperimentsRequest = messageSchema({
  max_results: { kind: "int64" },
  page_token: { kind: "string" },
  filter: { kind: "string" },
  order_by: { kind: "strings" },
  view_type: { kind: "enum", values: VIEW_TYPE },
});
export const UpdateExperimentRequest = messageSchema({
  experiment_id: experimentId,
  new_name: { kind: "string", required: true },
});
export const ExperimentIdRequest = messageSchema({ experiment_id: experimentId });
export const SetExperimentTagRequest = messageSchema({
  experiment_id: experimentId,
  key: { kind: "string", required: true },
  value: { kind: "string" },
});
export const DeleteExperimentTagRequest = messageSchema({
  experiment_id: experimentId,
  key: { kind: "string", required: true },
});

export const CreateRunRequest = messageSchema({
  experiment_id: { kind: "string", numberAsString: true },
  user_id: { kind: "string" },
  run_name: { kind: "string" },
  start_time: { kind: "int64" },
  tags: { kind: "messages", of: keyValue },
});
export const RunIdRequest = messageSchema({ run_id: runId });
export const UpdateRunRequest = messageSchema({
  run_id: runId,
  status: { kind: "enum", values: RUN_STATUS },
  end_time: { kind: "int64" },
  run_name: { kind: "string" },
});
export const SearchRunsRequest = messageSchema({
  experiment_ids: { kind: "strings", numberAsString: true },
  filter: { kind: "string" },
  run_view_type: { kind: "enum", values: VIEW_TYPE },
  max_results: { kind: "int64" },
  order_by: { kind: "strings" },
  page_token: { kind: "string" },
});
export const SetTagRequest = messageSchema({
  run_id: runId,
  key: { kind: "string", required: true },
  value: { kind: "string" },
});
export const DeleteTagRequest = messageSchema({
  run_id: runId,
  key: { kind: "string", required: true },
});
export const LogParamRequest = SetTagRequest;
export const LogMetricRequest = messageSchema({ run_id: runId, ...metric });
export const LogBatchRequest = messageSchema({
  run_id: runId,
  metrics: { kind: "messages", of: metric },
  params: { kind: "messages", of: keyValue },
  tags: { kind: "messages", of: keyValue },
});
export const LogModelRequest = messageSchema({
  run_id: runId,
  model_json: { kind: "string", required: true },
});
export const LogInputsRequest = messageSchema({
  run_id: runId,
  datasets: {
    kind: "messages",
    of: {
      tags: {
        kind: "messages",
        of: { key: { kind: "string", required: true }, value: { kind: "string", required: true } },
      },
      dataset: {
        kind: "message",
        required: true,
        of: {
          name: { kind: "string", required: true },
          digest: { kind: "string", required: true },
          source_type: { kind: "string", required: true },
          source: { kind: "string", required: true },
          schema: { kind: "string" },
          profile: { kind: "string" },
        },
      },
    },
  },
  models: { kind: "messages", of: { model_id: { kind: "string", required: true } } },
});
export const GetMetricHistoryRequest = messageSchema({
  run_id: runId,
  metric_key: { kind: "string", required: true },
  page_token: { kind: "string" },
  max_results: { kind: "int64" },
});
export const GetMetricHistoryBulkIntervalRequest = messageSchema({
  run_ids: { kind: "strings", required: true },
  metric_key: { kind: "string", required: true },
  start_step: { kind: "int64" },
  end_step: { kind: "int64" },
  max_results: { kind: "int64" },
});

export type CreateExperiment = DecodedMessage<typeof CreateExperimentRequest>;
export type GetExperiment = DecodedMessage<typeof GetExperimentRequest>;
export type GetExperimentByName = DecodedMessage<typeof GetExperimentByNameRequest>;
export type SearchExperiments = DecodedMessage<typeof SearchExperimentsRequest>;
export type UpdateExperiment = DecodedMessage<typeof UpdateExperimentRequest>;
export type ExperimentIdOnly = DecodedMessage<typeof ExperimentIdRequest>;
export type SetExperimentTag = DecodedMessage<typeof SetExperimentTagRequest>;
export type DeleteExperimentTag = DecodedMessage<typeof DeleteExperimentTagRequest>;
export type CreateRun = DecodedMessage<typeof CreateRunRequest>;
export type RunIdOnly = DecodedMessage<typeof RunIdRequest>;
export type UpdateRun = DecodedMessage<typeof UpdateRunRequest>;
export type SearchRuns = DecodedMessage<typeof SearchRunsRequest>;
export type SetTag = DecodedMessage<typeof SetTagRequest>;
export type DeleteTag = DecodedMessage<typeof DeleteTagRequest>;
export type LogParam = DecodedMessage<typeof LogParamRequest>;
export type LogMetric = DecodedMessage<typeof LogMetricRequest>;
export type LogBatch = DecodedMessage<typeof LogBatchRequest>;
export type LogModel = DecodedMessage<typeof LogModelRequest>;
export type LogInputs = DecodedMessage<typeof LogInputsRequest>;
export type GetMetricHistory = DecodedMessage<typeof GetMetricHistoryRequest>;
export type GetMetricHistoryBulkInterval = DecodedMessage<typeof GetMetricHistoryBulkIntervalRequest>;
