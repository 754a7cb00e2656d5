export type * from "./stores/tracking-store.js";
export type * from "./search/search-types.js";
