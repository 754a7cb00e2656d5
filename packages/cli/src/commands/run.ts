import type { Command } from "commander";

/** Registers `sextant run`. */
export function registerRunCommand(_program: Command): void {}
