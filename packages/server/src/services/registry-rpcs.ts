import type { REGISTRY_ENDPOINTS } from "@sextant/protocol";
import * as Req from "./registry-requests.js";
import type { RegistryService } from "./registry-service.js";
import { type Rpc, rpcsOf } from "./rpc.js";

/** Name of an rpc in protocol's `REGISTRY_ENDPOINTS`. */
export type RegistryEndpointName = (typeof REGISTRY_ENDPOINTS)[number]["name"];

const rpc = rpcsOf<RegistryService>();

/** Every registry rpc, keyed by protocol endpoint name (the table the routes are built from). */
export const REGISTRY_RPCS: Readonly<Record<RegistryEndpointName, Rpc<RegistryService>>> = {
  createRegisteredModel: rpc(Req.CreateRegisteredModelRequest, (s, r) => s.createRegisteredModel(r)),
  renameRegisteredModel: rpc(Req.RenameRegisteredModelRequest, (s, r) => s.renameRegisteredModel(r)),
  updateRegisteredModel: rpc(Req.UpdateRegisteredModelRequest, (s, r) => s.updateRegisteredModel(r)),
  deleteRegisteredModel: rpc(Req.NameRequest, (s, r) => s.deleteRegisteredModel(r)),
  getRegisteredModel: rpc(Req.NameRequest, (s, r) => s.getRegisteredModel(r)),
  searchRegisteredModels: rpc(Req.SearchRequest, (s, r) => s.searchRegisteredModels(r)),
  getLatestVersions: rpc(Req.GetLatestVersionsRequest, (s, r) => s.getLatestVersions(r)),
  setRegisteredModelTag: rpc(Req.SetRegisteredModelTagRequest, (s, r) => s.setRegisteredModelTag(r)),
  deleteRegisteredModelTag: rpc(Req.DeleteRegisteredModelTagRequest, (s, r) => s.deleteRegisteredModelTag(r)),
  setRegisteredModelAlias: rpc(Req.SetAliasRequest, (s, r) => s.setRegisteredModelAlias(r)),
  deleteRegisteredModelAlias: rpc(Req.AliasRequest, (s, r) => s.deleteRegisteredModelAlias(r)),
  getModelVersionByAlias: rpc(Req.AliasRequest, (s, r) => s.getModelVersionByAlias(r)),
  createModelVersion: rpc(Req.CreateModelVersionRequest, (s, r) => s.createModelVersion(r)),
  updateModelVersion: rpc(Req.UpdateModelVersionRequest, (s, r) => s.updateModelVersion(r)),
  transitionModelVersionStage: rpc(Req.TransitionStageRequest, (s, r) => s.transitionModelVersionStage(r)),
  deleteModelVersion: rpc(Req.VersionRequest, (s, r) => s.deleteModelVersion(r)),
  getModelVersion: rpc(Req.VersionRequest, (s, r) => s.getModelVersion(r)),
  searchModelVersions: rpc(Req.SearchRequest, (s, r) => s.searchModelVersions(r)),
  getModelVersionDownloadUri: rpc(Req.VersionRequest, (s, r) => s.getModelVersionDownloadUri(r)),
  setModelVersionTag: rpc(Req.SetModelVersionTagRequest, (s, r) => s.setModelVersionTag(r)),
  deleteModelVersionTag: rpc(Req.DeleteModelVersionTagRequest, (s, r) => s.deleteModelVersionTag(r)),
};
