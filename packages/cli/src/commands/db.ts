import { redactUri, upgradeDatabase } from "@sextant/server";
import type { Command } from "commander";
import { errorMessage } from "../error-message.js";

/**
 * Registers `sextant db upgrade <url>` (MLflow's `mlflow db upgrade`): migrates the tracking
 * database at `url` to the latest schema and prints the migrations it applied, or that there
 * were none. A failure is one line on stderr and exit code 1.
 */
export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("Commands for managing the tracking database.");
  db.command("upgrade")
    .description(
      "Upgrade the schema of a tracking database (sqlite:///path.db, postgresql://...) to the latest " +
        "version. The server also does this when it starts; take a backup of a production database first.",
    )
    .argument("<url>", "database URI, as for --backend-store-uri")
    .action(async (url: string) => {
      try {
        const applied = await upgradeDatabase(url);
        if (applied.length === 0) {
          process.stdout.write(`${redactUri(url)}: schema already up to date, no migrations applied.\n`);
        } else {
          process.stdout.write(`${redactUri(url)}: applied ${applied.length} migration(s):\n`);
          for (const name of applied) process.stdout.write(`  ${name}\n`);
        }
      } catch (error) {
        const message = errorMessage(error);
        process.stderr.write(`sextant db upgrade: ${message}\n`);
        process.exitCode = 1;
      }
    });
}
