import type { ComputedParameters } from "./compute-parameters.js";
import { formatCommand } from "./format-command.js";
import type { EntryPoint } from "./project-spec.js";
import { shellQuote } from "./shell-quote.js";

/**
 * The shell command that runs an entry point, as MLflow builds it: the command template
 * filled with the shell-quoted (resolved) parameter values, then every extra parameter
 * appended as `--name value` (both words shell-quoted).
 * Throws INVALID_PARAMETER_VALUE when the template is invalid (see `formatCommand`).
 */
export function entryPointCommand(entryPoint: EntryPoint, parameters: ComputedParameters): string {
  const quoted = new Map([...parameters.resolved].map(([name, value]) => [name, shellQuote(value)] as const));
  const command = formatCommand(entryPoint.command, quoted, `entry point ${entryPoint.name}`);
  const extra = [...parameters.extra].map(([name, value]) => `${shellQuote(`--${name}`)} ${shellQuote(value)}`);
  return [command, ...extra].join(" ");
}
