export type * from "./stores/tracking-store.js";
export type * from "./search/search-types.js";
export { parseExperimentFilter, parseExperimentOrderBy } from "./search/parse-experiment-search.js";
export { parseRunFilter, parseRunOrderBy } from "./search/parse-run-search.js";
