import { LOGGED_MODEL_STATUS_NUMBERS } from "@sextant/protocol";
import { type DecodedMessage, messageSchema } from "./request-schema.js";

/** Request messages of the logged-model rpcs and runs/outputs (service.proto, MLflow 3.x). */

const modelId = { kind: "string", required: true } as const;
const keyValue = messageSchema({ key: { kind: "string", required: true }, value: { kind: "string" } });

export const CreateLoggedModelRequest = messageSchema({
  experiment_id: { kind: "string", required: true, numberAsString: true },
  name: { kind: "string" },
  model_type: { kind: "string" },
  source_run_id: { kind: "string" },
  params: { kind: "messages", of: keyValue },
  tags: { kind: "messages", of: keyValue },
});
export const ModelIdRequest = messageSchema({ model_id: modelId });
export const FinalizeLoggedModelRequest = messageSchema({
  model_id: modelId,
  status: { kind: "enum", values: LOGGED_MODEL_STATUS_NUMBERS, required: true },
});
export const SetLoggedModelTagsRequest = messageSchema({ model_id: modelId, tags: { kind: "messages", of: keyValue } });
export const DeleteLoggedModelTagRequest = messageSchema({ model_id: modelId, tag_key: { kind: "string", required: true } });
export const LogLoggedModelParamsRequest = messageSchema({ model_id: modelId, params: { kind: "messages", of: keyValue } });
export const SearchLoggedModelsRequest = messageSchema({
  experiment_ids: { kind: "strings", numberAsString: true },
  filter: { kind: "string" },
  datasets: { kind: "messages", of: messageSchema({ dataset_name: { kind: "string" }, dataset_digest: { kind: "string" } }) },
  max_results: { kind: "int64" },
  order_by: {
    kind: "messages",
    of: messageSchema({
      field_name: { kind: "string", required: true },
      ascending: { kind: "bool" },
      dataset_name: { kind: "string" },
      dataset_digest: { kind: "string" },
    }),
  },
  page_token: { kind: "string" },
});
export const LogOutputsRequest = messageSchema({
  run_id: { kind: "string", required: true },
  models: { kind: "messages", of: messageSchema({ model_id: modelId, step: { kind: "int64" } }) },
});

export type CreateLoggedModel = DecodedMessage<typeof CreateLoggedModelRequest>;
export type ModelIdOnly = DecodedMessage<typeof ModelIdRequest>;
export type FinalizeLoggedModel = DecodedMessage<typeof FinalizeLoggedModelRequest>;
export type SetLoggedModelTags = DecodedMessage<typeof SetLoggedModelTagsRequest>;
export type DeleteLoggedModelTag = DecodedMessage<typeof DeleteLoggedModelTagRequest>;
export type LogLoggedModelParams = DecodedMessage<typeof LogLoggedModelParamsRequest>;
export type SearchLoggedModels = DecodedMessage<typeof SearchLoggedModelsRequest>;
export type LogOutputs = DecodedMessage<typeof LogOutputsRequest>;
