import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium } from "../test-support/chromium.js";
import { startUiTestServer, type UiTestServer } from "../test-support/ui-test-server.js";

const SHOTS = fileURLToPath(new URL("../../../../test-results/screenshots/", import.meta.url));

describe("model registry in Chromium", () => {
  let srv: UiTestServer;
  let chrome: Chromium;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    srv = await startUiTestServer();
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.close();
  });

  it("lists models, opens a registered model and its version, and links to the source run", async () => {
    const experimentId = await srv.rest.createExperiment("registry-e2e");
    const runId = await srv.rest.createRun(experimentId, "training-run");
    await srv.rest.endRun(runId);
    await srv.rest.call("POST", "registered-models/create", {
      name: "churn-classifier",
      description: "Predicts churn from usage.",
      tags: [{ key: "team", value: "growth" }],
    });
    for (let i = 0; i < 2; i++) {
      await srv.rest.call("POST", "model-versions/create", { name: "churn-classifier", source: `runs:/${runId}/model`, run_id: runId, description: `v${i + 1}` });
    }
    await srv.rest.call("POST", "registered-models/alias", { name: "churn-classifier", alias: "champion", version: "2" });

    const { page, errors } = await chrome.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(srv.url);
    await page.getByTestId("nav-models").click();
    await page.getByTestId("model-row").filter({ hasText: "@champion → v2" }).waitFor();
    await page.screenshot({ path: `${SHOTS}models.png` });
    await page.getByTestId("model-row").getByRole("link", { name: "churn-classifier" }).click();
    await page.waitForURL(/\/models\/churn-classifier$/);
    await page.getByTestId("model-title").filter({ hasText: "churn-classifier" }).waitFor();
    await page.getByText("Predicts churn from usage.").waitFor();
    await page.getByText("@champion → v2").first().waitFor();
    expect(await page.getByTestId("version-row").count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}model-page.png`, fullPage: true });

    await page.getByRole("link", { name: "Version 2" }).click();
    await page.waitForURL(/\/models\/churn-classifier\/versions\/2$/);
    await page.getByTestId("model-version-overview").getByText("@champion").waitFor();
    await page.screenshot({ path: `${SHOTS}model-version.png`, fullPage: true });
    await page.getByTestId("model-version-overview").getByRole("link", { name: runId, exact: true }).click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    await page.getByTestId("run-title").filter({ hasText: "training-run" }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/versions\/2$/);
    expect(errors).toEqual([]);
  });
});
