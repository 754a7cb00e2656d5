import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { type Chromium, launchChromium } from "./chromium.js";
import { startUiTestServer, type UiTestServer } from "./ui-test-server.js";

/** Where browser tests save their screenshots (`test-results/screenshots/`, kept by CI). */
export const SCREENSHOTS_DIR = fileURLToPath(new URL("../../../../test-results/screenshots/", import.meta.url));

/** The real server and the Chromium of one browser suite; read the fields inside tests. */
export interface BrowserSuite {
  readonly srv: UiTestServer;
  readonly chrome: Chromium;
}

/**
 * Registers, in the enclosing `describe`, hooks that start a real server on a temp SQLite
 * store and Debian's Chromium before the tests and close both after them.
 */
export function useBrowserSuite(): BrowserSuite {
  const suite: { srv?: UiTestServer; chrome?: Chromium } = {};
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    suite.srv = await startUiTestServer();
    suite.chrome = await launchChromium();
  });
  afterAll(async () => {
    await suite.chrome?.close();
    await suite.srv?.close();
  });
  return {
    get srv() {
      if (!suite.srv) throw new Error("the browser suite's server is not started yet");
      return suite.srv;
    },
    get chrome() {
      if (!suite.chrome) throw new Error("the browser suite's Chromium is not started yet");
      return suite.chrome;
    },
  };
}
