import { InvalidArgumentError } from "commander";

/**
 * Parses a `--port` value: an integer 0-65535 (0 picks a free port). Throws commander's
 * InvalidArgumentError with a one-line message otherwise, so it also serves as an option parser.
 */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value.trim()) || Number(value) > 65_535) {
    throw new InvalidArgumentError(`Invalid --port ${JSON.stringify(value)}: use a number from 0 to 65535 (0 picks a free port).`);
  }
  return Number(value);
}
