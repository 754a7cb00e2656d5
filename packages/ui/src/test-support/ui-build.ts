import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** packages/ui */
export const UI_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The built bundle the server serves. */
export const UI_DIST = join(UI_ROOT, "dist");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure packages/ui/dist is a build of the current sources: builds with Vite (about a
 * second) when dist is missing or older than any source file. `npm test` has already built it.
 */
export function ensureUiBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(UI_DIST, "index.html")).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(newestMtime(join(UI_ROOT, "src")), statSync(join(UI_ROOT, "index.html")).mtimeMs);
  if (built >= sources) return;
  execFileSync(process.execPath, [join(UI_ROOT, "../../node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: UI_ROOT,
    stdio: "inherit",
  });
}
