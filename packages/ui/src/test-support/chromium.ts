import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type ConsoleMessage, type Page } from "playwright-core";

/** Debian's Chromium; `.ci/run` (scripts/install-test-deps.sh) installs it. Never downloaded. */
export const CHROMIUM_PATH = process.env.SEXTANT_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A page whose console errors and uncaught exceptions are collected for assertions. */
export interface WatchedPage {
  readonly page: Page;
  /** Console errors and page errors seen so far (text). */
  readonly errors: string[];
}

/** A running Chromium with a fresh, throwaway profile (`--user-data-dir` in a temp folder). */
export interface Chromium {
  readonly context: BrowserContext;
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium through playwright-core. A missing binary throws with the
 * install command, so the tests fail (in CI and locally alike) instead of skipping.
 */
export async function launchChromium(viewport = { width: 1440, height: 900 }): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or run scripts/install-test-deps.sh.`);
  }
  const profile = await mkdtemp(join(tmpdir(), "sextant-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
    viewport,
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (msg: ConsoleMessage) => {
        if (msg.type() === "error") errors.push(`${msg.text()} @ ${msg.location().url}`);
      });
      page.on("pageerror", (err: Error) => errors.push(`uncaught: ${err.message}`));
      return { page, errors };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
