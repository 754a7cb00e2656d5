import type { Command } from "commander";

/** Registers `sextant db`. */
export function registerDbCommand(_program: Command): void {}
