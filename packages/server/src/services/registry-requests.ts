import { type DecodedMessage, messageSchema } from "./request-schema.js";

/**
 * Request messages of the model registry rpcs (model_registry.proto) with the fields MLflow's
 * handlers require. Versions travel as strings, as in the proto.
 */

const name = { kind: "string", required: true } as const;
const version = { kind: "string", required: true } as const;
const keyValue = messageSchema({ key: { kind: "string", required: true }, value: { kind: "string" } });

export const CreateRegisteredModelRequest = messageSchema({
  name,
  tags: { kind: "messages", of: keyValue },
  description: { kind: "string" },
});
export const NameRequest = messageSchema({ name });
export const RenameRegisteredModelRequest = messageSchema({ name, new_name: { kind: "string", required: true } });
export const UpdateRegisteredModelRequest = messageSchema({ name, description: { kind: "string" } });
export const SearchRequest = messageSchema({
  filter: { kind: "string" },
  max_results: { kind: "int64" },
  order_by: { kind: "strings" },
  page_token: { kind: "string" },
});
export const GetLatestVersionsRequest = messageSchema({ name, stages: { kind: "strings" } });
export const SetRegisteredModelTagRequest = messageSchema({ name, key: { kind: "string", required: true }, value: { kind: "string" } });
export const DeleteRegisteredModelTagRequest = messageSchema({ name, key: { kind: "string", required: true } });
export const SetAliasRequest = messageSchema({ name, alias: { kind: "string", required: true }, version });
export const AliasRequest = messageSchema({ name, alias: { kind: "string", required: true } });
export const CreateModelVersionRequest = messageSchema({
  name,
  source: { kind: "string", required: true },
  run_id: { kind: "string" },
  tags: { kind: "messages", of: keyValue },
  run_link: { kind: "string" },
  description: { kind: "string" },
  model_id: { kind: "string" },
});
export const VersionRequest = messageSchema({ name, version });
export const UpdateModelVersionRequest = messageSchema({ name, version, description: { kind: "string" } });
export const TransitionStageRequest = messageSchema({
  name,
  version,
  stage: { kind: "string", required: true },
  archive_existing_versions: { kind: "bool" },
});
export const SetModelVersionTagRequest = messageSchema({ name, version, key: { kind: "string", required: true }, value: { kind: "string" } });
export const DeleteModelVersionTagRequest = messageSchema({ name, version, key: { kind: "string", required: true } });

export type CreateRegisteredModel = DecodedMessage<typeof CreateRegisteredModelRequest>;
export type NameOnly = DecodedMessage<typeof NameRequest>;
export type RenameRegisteredModel = DecodedMessage<typeof RenameRegisteredModelRequest>;
export type UpdateRegisteredModel = DecodedMessage<typeof UpdateRegisteredModelRequest>;
export type Search = DecodedMessage<typeof SearchRequest>;
export type GetLatestVersions = DecodedMessage<typeof GetLatestVersionsRequest>;
export type SetRegisteredModelTag = DecodedMessage<typeof SetRegisteredModelTagRequest>;
export type DeleteRegisteredModelTag = DecodedMessage<typeof DeleteRegisteredModelTagRequest>;
export type SetAlias = DecodedMessage<typeof SetAliasRequest>;
export type Alias = DecodedMessage<typeof AliasRequest>;
export type CreateModelVersion = DecodedMessage<typeof CreateModelVersionRequest>;
export type Version = DecodedMessage<typeof VersionRequest>;
export type UpdateModelVersion = DecodedMessage<typeof UpdateModelVersionRequest>;
export type TransitionStage = DecodedMessage<typeof TransitionStageRequest>;
export type SetModelVersionTag = DecodedMessage<typeof SetModelVersionTagRequest>;
export type DeleteModelVersionTag = DecodedMessage<typeof DeleteModelVersionTagRequest>;
