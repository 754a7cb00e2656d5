export type * from "./stores/tracking-store.js";
export type * from "./search/search-types.js";
export { parseExperimentFilter, parseExperimentOrderBy } from "./search/parse-experiment-search.js";
export { parseRunFilter, parseRunOrderBy } from "./search/parse-run-search.js";
export { type RunningServer, type StartServerOptions, startServer } from "./app/start-server.js";
export { type ServerConfig, type ServerOptions, resolveServerConfig } from "./app/resolve-server-config.js";
export { type AppDeps, type AppLogger, createApp } from "./http/create-app.js";
export { TrackingService, type TrackingServiceOptions } from "./services/tracking-service.js";
