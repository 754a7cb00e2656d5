import { InvalidArgumentError } from "commander";

/** Most worker processes `--workers` accepts: a typo such as 400 should not fork 400 servers. */
export const MAX_WORKERS = 64;

/**
 * Parses a `-w/--workers` value: a whole number from 1 to MAX_WORKERS. Throws commander's
 * InvalidArgumentError with a one-line message otherwise, so it also serves as an option parser.
 */
export function parseWorkers(value: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_WORKERS) {
    throw new InvalidArgumentError(
      `Invalid --workers ${JSON.stringify(value)}: use a whole number of processes from 1 to ${MAX_WORKERS}.`,
    );
  }
  return n;
}
