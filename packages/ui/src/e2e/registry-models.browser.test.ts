import { describe, expect, it } from "vitest";
import { SCREENSHOTS_DIR, useBrowserSuite } from "../test-support/browser-suite.js";

const SHOTS = SCREENSHOTS_DIR;

describe("model registry in Chromium", () => {
  const suite = useBrowserSuite();


  it("lists models, opens a registered model and its version, and links to the source run", async () => {
    const experimentId = await suite.srv.rest.createExperiment("registry-e2e");
    const runId = await suite.srv.rest.createRun(experimentId, "training-run");
    await suite.srv.rest.endRun(runId);
    await suite.srv.rest.call("POST", "registered-models/create", {
      name: "churn-classifier",
      description: "Predicts churn from usage.",
      tags: [{ key: "team", value: "growth" }],
    });
    for (let i = 0; i < 2; i++) {
      await suite.srv.rest.call("POST", "model-versions/create", { name: "churn-classifier", source: `runs:/${runId}/model`, run_id: runId, description: `v${i + 1}` });
    }
    await suite.srv.rest.call("POST", "registered-models/alias", { name: "churn-classifier", alias: "champion", version: "2" });

    const { page, errors } = await suite.chrome.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(suite.srv.url);
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
