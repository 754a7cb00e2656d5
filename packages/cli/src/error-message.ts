/** The message of anything a command caught, for its one-line `sextant <command>: ...` report. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
