export type * from "./stores/tracking-store.js";
export type * from "./search/search-types.js";
export { parseExperimentFilter, parseExperimentOrderBy } from "./search/parse-experiment-search.js";
export { parseRunFilter, parseRunOrderBy } from "./search/parse-run-search.js";
export { type RunningServer, type StartServerOptions, startServer } from "./app/start-server.js";
export { type ServerConfig, type ServerOptions, resolveServerConfig } from "./app/resolve-server-config.js";
export { type AppDeps, type AppLogger, createApp } from "./http/create-app.js";
export { TrackingService, type TrackingServiceOptions } from "./services/tracking-service.js";
export type * from "./artifacts/artifact-store.js";
export { ArtifactStoreRegistry, type ArtifactStoreFactory } from "./artifacts/artifact-store-registry.js";
export { type ArtifactStoreRegistryOptions, createArtifactStoreRegistry } from "./artifacts/builtin-artifact-stores.js";
export { LocalArtifactStore } from "./artifacts/local-artifact-store.js";
export { S3ArtifactStore, type S3ArtifactStoreOptions } from "./artifacts/s3-artifact-store.js";
export { s3ClientConfigFromEnv } from "./artifacts/s3-client-config.js";
export { normalizeArtifactPath } from "./artifacts/artifact-path.js";
export { artifactUriScheme, assertSafeArtifactLocation } from "./artifacts/artifact-uri.js";
export { attachmentDisposition, guessContentType } from "./artifacts/content-type.js";
export { ArtifactService, type ArtifactServiceOptions } from "./artifacts/artifact-service.js";
export { builtinTrackingStoreRegistry, openTrackingStore, upgradeDatabase } from "./stores/open-tracking-store.js";
export { sqlitePathFromUri } from "./stores/sql/sqlite-backend.js";
export {
  createTrackingStoreRegistry,
  redactUri,
  type TrackingStoreBackend,
  type TrackingStoreOptions,
  type TrackingStoreRegistry,
} from "./stores/tracking-store-registry.js";
export type * from "./stores/registry-store.js";
export type * from "./stores/logged-model-store.js";
export type * from "./stores/model-stores.js";
export { RegistryService, type RegistryServiceOptions } from "./services/registry-service.js";
export { LoggedModelService, type LoggedModelServiceOptions } from "./services/logged-model-service.js";
export { type SourceContext, verifyModelVersionSource } from "./services/model-version-source.js";
