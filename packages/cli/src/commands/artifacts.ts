import type { Command } from "commander";

/** Registers `sextant artifacts`. */
export function registerArtifactsCommand(_program: Command): void {}
