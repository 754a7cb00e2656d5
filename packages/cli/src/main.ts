#!/usr/bin/env node
import { SEXTANT_VERSION } from "@sextant/protocol";
import { Command } from "commander";
import { registerArtifactsCommand } from "./commands/artifacts.js";
import { registerDbCommand } from "./commands/db.js";
import { registerModelsCommand } from "./commands/models.js";
import { registerRunCommand } from "./commands/run.js";
import { registerRunsCommand } from "./commands/runs.js";
import { registerServerCommand } from "./commands/server.js";
import { registerUiCommand } from "./commands/ui.js";

/** Builds the `sextant` command tree; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command("sextant")
    .description("ML lifecycle platform that speaks MLflow's wire protocol")
    .version(SEXTANT_VERSION, "--version")
    // Program options only before the command name: `sextant run <uri> --version <git ref>` is run's flag.
    .enablePositionalOptions()
    .showHelpAfterError();
  registerServerCommand(program);
  registerDbCommand(program);
  registerArtifactsCommand(program);
  registerRunCommand(program);
  registerRunsCommand(program);
  registerUiCommand(program);
  registerModelsCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
