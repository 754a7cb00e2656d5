export * from "./endpoints.js";
export * from "./error-codes.js";
export * from "./limits.js";
export * from "./mlflow-error.js";
export * from "./server-version.js";
export * from "./tracking-types.js";
export * from "./registry-types.js";
export * from "./model-uri.js";
