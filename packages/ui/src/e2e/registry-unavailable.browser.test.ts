import { describe, expect, it } from "vitest";
import { SCREENSHOTS_DIR, useBrowserSuite } from "../test-support/browser-suite.js";

const SHOTS = SCREENSHOTS_DIR;

// A server without the model registry answers its endpoints with MLflow's
// 404 ENDPOINT_NOT_FOUND. The browser sees exactly that answer here (routed in the page, so
// the test keeps its meaning once this server gains a registry); everything else is the
// real server.
describe("model registry views on a server without a registry", () => {
  const suite = useBrowserSuite();


  it("says the registry is not available on the list, model and version pages, with no app errors", async () => {
    const { page, errors } = await suite.chrome.newPage();
    page.setDefaultTimeout(10_000);
    await page.route(/\/ajax-api\/2\.0\/mlflow\/(registered-models|model-versions)\//, (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({ error_code: "ENDPOINT_NOT_FOUND", message: `No endpoint GET ${new URL(route.request().url()).pathname} on this server.` }),
      }),
    );
    await page.goto(suite.srv.url);
    await page.getByTestId("nav-models").click();
    await page.waitForURL(/\/models$/);
    await page.getByTestId("registry-unavailable").getByText("Model registry not available on this server.").waitFor();
    await page.screenshot({ path: `${SHOTS}models-unavailable.png` });
    for (const path of ["/models/churn", "/models/churn/versions/2"]) {
      await page.goto(suite.srv.url + path);
      await page.getByTestId("registry-unavailable").waitFor();
    }
    // Back to the experiments through the top navigation.
    await page.getByTestId("nav-experiments").click();
    await page.waitForURL(`${suite.srv.url}/`);
    await page.getByText("Default").waitFor();
    // Chrome prints each 404 answer as a network line; the app itself logs nothing.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
