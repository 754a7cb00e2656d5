import type { Command } from "commander";

/** Registers `sextant server`. */
export function registerServerCommand(_program: Command): void {}
