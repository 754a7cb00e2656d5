/** Sextant's version, as `sextant --version` reports it. */
export { SEXTANT_VERSION as VERSION } from "@sextant/protocol";
