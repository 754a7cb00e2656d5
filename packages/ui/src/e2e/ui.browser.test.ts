import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS_DIR, useBrowserSuite } from "../test-support/browser-suite.js";
import type { WatchedPage } from "../test-support/chromium.js";
import { tinyPng } from "../test-support/tiny-png.js";

const SHOTS = SCREENSHOTS_DIR;
const STEPS = 60;

/** Pixels of the canvas inside `selector` close to an RGB colour: proof a series was drawn. */
async function colouredPixels(page: Page, selector: string, rgb: readonly [number, number, number]): Promise<number> {
  return page.$eval(
    selector,
    (el, [r, g, b]) => {
      const canvas = el instanceof HTMLCanvasElement ? el : el.querySelector("canvas");
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx) return -1;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs((data[i] as number) - r) < 40 && Math.abs((data[i + 1] as number) - g) < 40 && Math.abs((data[i + 2] as number) - b) < 40 && (data[i + 3] as number) > 128) n++;
      }
      return n;
    },
    rgb as [number, number, number],
  );
}

async function rowNames(page: Page): Promise<string[]> {
  return page.$$eval("[data-testid=run-row]", (rows) =>
    rows
      .sort((a, b) => Number.parseFloat((a as HTMLElement).style.top) - Number.parseFloat((b as HTMLElement).style.top))
      .map((r) => r.querySelector("[data-testid=run-link]")?.textContent ?? ""),
  );
}

function expectNoConsoleErrors(w: WatchedPage, allowed: readonly RegExp[] = []): void {
  const unexpected = w.errors.filter((e) => !allowed.some((re) => re.test(e)));
  expect(unexpected).toEqual([]);
  w.errors.length = 0;
}

describe("web UI in Chromium", () => {
  const suite = useBrowserSuite();
  let w: WatchedPage;
  let page: Page;
  let experimentId = "";
  const runIds: Record<string, string> = {};

  beforeAll(async () => {
    w = await suite.chrome.newPage();
    page = w.page;
    page.setDefaultTimeout(10_000);
  });

  it("creates an experiment from the experiments page", async () => {
    await page.goto(suite.srv.url);
    await page.getByRole("link", { name: "Experiments", exact: true }).waitFor();
    await page.getByRole("link", { name: "Models", exact: true }).waitFor();
    await page.getByText("Default").waitFor();
    await page.getByRole("button", { name: "Create experiment" }).click();
    await page.getByLabel("Experiment name").fill("browser-test experiment");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/experiments\/\d+$/);
    experimentId = new URL(page.url()).pathname.split("/").pop() ?? "";
    expect(experimentId).not.toBe("");
    await page.getByTestId("experiment-title").filter({ hasText: "browser-test experiment" }).waitFor();
    await page.getByText("No runs in this experiment yet.").waitFor();
    await page.goto(suite.srv.url);
    await page.locator("[data-testid=experiment-row]", { hasText: "browser-test experiment" }).waitFor();
    await page.screenshot({ path: `${SHOTS}experiments.png` });
    expectNoConsoleErrors(w);
  });

  it("finds runs logged through the API in the runs table, and sorts by header click", async () => {
    const t0 = Date.now() - 600_000;
    const specs = [
      { name: "baseline-logistic-regression", lr: "0.1", model: "logreg", final: 0.62 },
      { name: "tuned-gradient-boosting-with-a-rather-long-descriptive-run-name", lr: "0.01", model: "gbt", final: 0.21 },
      { name: "random-forest", lr: "0.05", model: "rf", final: 0.38 },
    ];
    for (const [i, s] of specs.entries()) {
      const id = await suite.srv.rest.createRun(experimentId, s.name, t0 + i * 1000, { "mlflow.user": "tester", "mlflow.source.name": "train.py" });
      runIds[s.name] = id;
      const metrics = [];
      for (let step = 0; step < STEPS; step++) {
        const loss = s.final + (1 - s.final) * Math.exp(-step / 10);
        metrics.push({ key: "loss", value: loss, step, timestamp: t0 + i * 1000 + step * 100 });
        metrics.push({ key: "accuracy", value: 1 - loss / 2, step, timestamp: t0 + i * 1000 + step * 100 });
      }
      await suite.srv.rest.logBatch(id, { metrics, params: [{ key: "lr", value: s.lr }, { key: "model", value: s.model }], tags: [{ key: "team", value: "vision" }] });
      await suite.srv.rest.endRun(id, "FINISHED", t0 + i * 1000 + 65_000);
    }
    await page.goto(`${suite.srv.url}/experiments/${experimentId}`);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 3);
    expect((await rowNames(page)).sort()).toEqual(specs.map((s) => s.name).sort());
    // Names are shown in full, not truncated.
    const longName = page.getByTestId("run-link").filter({ hasText: specs[1]?.name ?? "" });
    expect(await longName.evaluate((a) => (a.parentElement as HTMLElement).scrollWidth <= (a.parentElement as HTMLElement).clientWidth)).toBe(true);

    const lossHeader = page.locator('button[data-column-id="metric:loss"]');
    await lossHeader.click();
    await page.waitForURL(/sort=metric%3Aloss&dir=asc/);
    expect(await rowNames(page)).toEqual([specs[1]?.name, specs[2]?.name, specs[0]?.name]);
    await lossHeader.click();
    await page.waitForURL(/dir=desc/);
    expect(await rowNames(page)).toEqual([specs[0]?.name, specs[2]?.name, specs[1]?.name]);
    await page.screenshot({ path: `${SHOTS}runs-table.png` });

    // The long name is shown whole (wrapped, not clipped), and the sticky name column does not
    // cover the column after it.
    const nameCell = longName.locator("..");
    expect(await nameCell.evaluate((c) => c.scrollHeight <= c.clientHeight && c.scrollWidth <= c.clientWidth)).toBe(true);
    const createdHead = page.locator('button[data-column-id="attribute:start_time"]').locator("..");
    const nameBox = await nameCell.boundingBox();
    const createdBox = await createdHead.boundingBox();
    expect(nameBox && createdBox && nameBox.x + nameBox.width <= createdBox.x + 0.5).toBe(true);
    // Scrolled sideways on a smaller screen, columns rest at the sticky column's edge, never half under it.
    await page.setViewportSize({ width: 1024, height: 768 });
    const table = page.getByTestId("runs-table");
    await table.evaluate((el) => el.scrollBy({ left: 123 }));
    await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=runs-table]") as HTMLElement;
      const last = Number(el.dataset["lastLeft"] ?? -1);
      el.dataset["lastLeft"] = String(el.scrollLeft);
      return el.scrollLeft > 0 && el.scrollLeft === last;
    }, undefined, { polling: 100 });
    const halfHidden = await table.evaluate((el) => {
      const edge = (el.querySelector(".rt-header .rt-name") as HTMLElement).getBoundingClientRect().right;
      return [...el.querySelectorAll(".rt-header .rt-snap")]
        .map((c) => c.getBoundingClientRect())
        .filter((r) => r.left < edge - 0.5 && r.right > edge + 0.5).length;
    });
    expect(halfHidden).toBe(0);
    expect(await nameCell.evaluate((c) => c.scrollHeight <= c.clientHeight && c.scrollWidth <= c.clientWidth)).toBe(true);
    await table.evaluate((el) => el.scrollTo({ left: 0 }));
    await page.setViewportSize({ width: 1440, height: 900 });
    expectNoConsoleErrors(w);
  });

  it("filters with MLflow's grammar on Enter and shows a grammar error inline", async () => {
    const box = page.getByLabel("Search runs");
    await box.fill("metrics.loss < 0.5 AND params.model != 'rf'");
    await page.waitForTimeout(200);
    expect(await page.locator("[data-testid=run-row]").count()).toBe(3); // not applied before Enter
    await box.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 1);
    expect(await rowNames(page)).toEqual(["tuned-gradient-boosting-with-a-rather-long-descriptive-run-name"]);
    expect(page.url()).toContain("filter=");

    await box.fill("metrics.loss <<< 1");
    await box.press("Enter");
    const error = page.getByTestId("filter-error");
    await error.waitFor();
    const text = (await error.textContent()) ?? "";
    expect(text.length).toBeGreaterThan(10);
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${SHOTS}runs-filter-error.png` });
    // Chrome logs the 400 answer to the bad filter as a network line; nothing else may appear.
    expectNoConsoleErrors(w, [/status of 400/]);

    await box.fill("params.lr != '0.01' and tags.team = 'vision'");
    await box.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 2);
    expect(await page.getByTestId("filter-error").count()).toBe(0);
    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 3);
    expectNoConsoleErrors(w);
  });

  it("opens a run in the same tab and shows its metric charts on first view", async () => {
    const name = "baseline-logistic-regression";
    const runId = runIds[name] as string;
    const artifactUri = ((await suite.srv.rest.call("GET", `runs/get?run_id=${runId}`)) as { run: { info: { artifact_uri: string } } }).run.info.artifact_uri;
    await suite.srv.rest.putArtifact(artifactUri, "metrics.csv", "epoch,loss\n1,0.9\n2,0.7\n3,\"0,5\"\n");
    await suite.srv.rest.putArtifact(artifactUri, "config.json", '{"lr":0.1,"layers":[64,32]}');
    await suite.srv.rest.putArtifact(artifactUri, "plots/confusion.png", tinyPng(40, 30, [200, 30, 30]));
    await suite.srv.rest.putArtifact(artifactUri, "model/MLmodel", "artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    sklearn_version: 1.2.2\nrun_id: " + runId + "\n");

    const tabs = suite.chrome.context.pages().length;
    await page.getByTestId("run-link").filter({ hasText: name }).click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    expect(suite.chrome.context.pages().length).toBe(tabs); // same tab
    await page.getByTestId("run-title").filter({ hasText: name }).waitFor();
    const chart = page.locator('[data-testid=metric-chart][data-metric-key="loss"]');
    await chart.and(page.locator("[data-drawn='1']")).waitFor();
    expect(await chart.getAttribute("data-points")).toBe(String(STEPS));
    expect(await colouredPixels(page, '[data-testid=metric-chart][data-metric-key="loss"]', [31, 119, 180])).toBeGreaterThan(200);
    // The chart is in view on first load (no tab to click).
    expect(await chart.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight * 1.5)).toBe(true);
    await page.getByTestId("params-table").getByText("0.1", { exact: true }).waitFor();
    await page.getByTestId("run-overview").getByText("train.py").waitFor();
    await page.screenshot({ path: `${SHOTS}run-page.png`, fullPage: true });

    // Log scale and smoothing redraw the chart.
    const card = page.getByRole("region", { name: "Chart of loss" });
    await card.getByRole("checkbox", { name: "log scale" }).check();
    await card.getByLabel("X axis").selectOption("relative");
    await chart.and(page.locator("[data-drawn='1']")).waitFor();

    // Tags are editable.
    await page.getByLabel("New tag name").fill("reviewed");
    await page.getByLabel("New tag value").fill("yes");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.locator('[data-testid=tag-row][data-tag-key="reviewed"]').waitFor();
    await page.getByRole("button", { name: "Edit tag team" }).click();
    await page.getByLabel("Value of tag team").fill("speech");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator('[data-testid=tag-row][data-tag-key="team"]', { hasText: "speech" }).waitFor();
    const tags = ((await suite.srv.rest.call("GET", `runs/get?run_id=${runId}`)) as { run: { data: { tags: { key: string; value: string }[] } } }).run.data.tags;
    expect(tags).toContainEqual({ key: "team", value: "speech" });
    expect(tags).toContainEqual({ key: "reviewed", value: "yes" });

    // Artifacts: CSV as a table, JSON pretty-printed, images inline, MLmodel summarised.
    await page.locator('[data-testid=artifact-entry][data-path="metrics.csv"]').click();
    await page.getByTestId("csv-table").getByText("0,5").waitFor();
    expect(page.url()).toContain("artifact=metrics.csv");
    await page.locator('[data-testid=artifact-entry][data-path="config.json"]').click();
    await page.locator("[data-testid=artifact-preview][data-kind=json] pre", { hasText: '"layers": [' }).waitFor();
    await page.locator('[data-testid=artifact-entry][data-path="plots"]').click();
    await page.locator('[data-testid=artifact-entry][data-path="plots/confusion.png"]').click();
    const img = page.locator("[data-testid=artifact-preview] img");
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector("[data-testid=artifact-preview] img") as HTMLImageElement | null)?.naturalWidth === 40);
    await page.locator('[data-testid=artifact-entry][data-path="model"]').click();
    await page.locator('[data-testid=artifact-entry][data-path="model/MLmodel"]').click();
    await page.getByTestId("mlmodel-preview").getByText("python_function, sklearn").waitFor();
    expectNoConsoleErrors(w);

    // The back button returns to the runs table.
    await page.goBack();
    await page.waitForURL(new RegExp(`/experiments/${experimentId}`));
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 3);
  });

  it("compares two runs selected with real checkboxes", async () => {
    const a = "baseline-logistic-regression";
    const b = "random-forest";
    await page.getByRole("checkbox", { name: `Select run ${a}` }).check();
    await page.getByRole("checkbox", { name: `Select run ${b}` }).check();
    await page.getByRole("button", { name: /^Compare/ }).click();
    await page.waitForURL(/\/compare-runs\?runs=/);
    await page.getByRole("heading", { name: "Comparing 2 runs" }).waitFor();
    const lr = page.locator('[data-testid=diff-row][data-key="lr"]');
    expect(await lr.getAttribute("data-differs")).toBe("true");
    expect(await lr.locator("td").allTextContents()).toEqual(["0.1", "0.05"]);
    const chart = page.locator('[data-testid=metric-chart][data-metric-key="loss"]');
    await chart.and(page.locator("[data-drawn='1']")).waitFor();
    expect(await chart.getAttribute("data-points")).toBe(String(STEPS * 2));
    expect(await colouredPixels(page, '[data-testid=metric-chart][data-metric-key="loss"]', [31, 119, 180])).toBeGreaterThan(100);
    expect(await colouredPixels(page, '[data-testid=metric-chart][data-metric-key="loss"]', [255, 127, 14])).toBeGreaterThan(100);
    await page.locator("[data-testid=parallel-coordinates] canvas[data-drawn='1']").waitFor();
    expect(await colouredPixels(page, "[data-testid=parallel-coordinates]", [255, 127, 14])).toBeGreaterThan(50);
    await page.getByLabel("Scatter X axis").selectOption("param:lr");
    await page.getByLabel("Scatter Y axis").selectOption("metric:accuracy");
    await page.waitForURL(/y=metric%3Aaccuracy/);
    expect(await colouredPixels(page, "[data-testid=scatter-plot]", [31, 119, 180])).toBeGreaterThan(50);
    await page.screenshot({ path: `${SHOTS}compare.png`, fullPage: true });
    expectNoConsoleErrors(w);
  });

  it("updates a RUNNING run's page live, without a reload", async () => {
    const id = await suite.srv.rest.createRun(experimentId, "live-run");
    const now = Date.now();
    await suite.srv.rest.logBatch(id, { metrics: [0, 1, 2].map((step) => ({ key: "live_loss", value: 1 / (step + 1), step, timestamp: now + step })) });
    await page.goto(`${suite.srv.url}/runs/${id}`);
    const chart = page.locator('[data-testid=metric-chart][data-metric-key="live_loss"]');
    await chart.and(page.locator("[data-points='3']")).waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await suite.srv.rest.logBatch(id, { metrics: [3, 4, 5, 6].map((step) => ({ key: "live_loss", value: 1 / (step + 1), step, timestamp: now + step })) });
    await suite.srv.rest.endRun(id, "FINISHED");
    await chart.and(page.locator("[data-points='7']")).waitFor({ timeout: 15_000 });
    await page.locator(".title-row .status", { hasText: "FINISHED" }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // The runs table picks up a run started after it loaded, and its status change.
    await page.goto(`${suite.srv.url}/experiments/${experimentId}`);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 4);
    const late = await suite.srv.rest.createRun(experimentId, "started-later");
    const row = page.locator(`[data-testid=run-row][data-run-id="${late}"]`);
    await row.getByText("RUNNING").waitFor({ timeout: 15_000 });
    await suite.srv.rest.endRun(late, "FAILED");
    await row.getByText("FAILED").waitFor({ timeout: 15_000 });
    expectNoConsoleErrors(w);
  });

  it("keeps deep links working on reload and deletes/restores runs", async () => {
    await page.goto(`${suite.srv.url}/experiments/${experimentId}?sort=attribute%3Arun_name&dir=asc`);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 5);
    expect((await rowNames(page))[0]).toBe("baseline-logistic-regression");
    await page.getByRole("checkbox", { name: "Select run live-run" }).check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 4);
    await page.getByLabel("Lifecycle filter").selectOption("deleted");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 1);
    await page.getByRole("checkbox", { name: "Select run live-run" }).check();
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 0);
    await page.getByLabel("Lifecycle filter").selectOption("active");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-row]").length === 5);
    expectNoConsoleErrors(w);
  });

  it("renames, deletes and restores an experiment", async () => {
    await page.goto(suite.srv.url);
    const row = page.locator(`[data-testid=experiment-row][data-experiment-id="${experimentId}"]`);
    await row.getByRole("button", { name: /^Rename/ }).click();
    await row.getByLabel("New experiment name").fill("renamed experiment");
    await row.getByRole("button", { name: "Save" }).click();
    await row.getByText("renamed experiment").waitFor();
    await row.getByRole("button", { name: /^Delete/ }).click();
    await row.waitFor({ state: "detached" });
    await page.getByLabel("Lifecycle filter").selectOption("deleted");
    await row.getByRole("button", { name: "Restore" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByLabel("Lifecycle filter").selectOption("active");
    await row.getByText("renamed experiment").waitFor();
    expectNoConsoleErrors(w);
  });

  it("lists thousands of experiments with virtual scrolling and finds one by name", async () => {
    const COUNT = 1200; // more than one 1000-experiment page
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < COUNT) {
          const i = next++;
          await suite.srv.rest.createExperiment(`bulk-${String(i).padStart(4, "0")}`);
        }
      }),
    );
    await page.goto(suite.srv.url);
    await page.getByTestId("experiments-count").filter({ hasText: `of ${(COUNT + 2).toLocaleString("en-US")} experiments` }).waitFor();
    expect(await page.locator("[data-testid=experiment-row]").count()).toBeLessThan(80);
    await page.locator(".exp-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator("[data-testid=experiment-row]", { hasText: "renamed experiment" }).waitFor();
    await page.getByLabel("Search experiments").fill("bulk-1187");
    await page.locator("[data-testid=experiment-row]", { hasText: "bulk-1187" }).getByRole("link").click();
    await page.waitForURL(/\/experiments\/\d+$/);
    await page.getByTestId("experiment-title").filter({ hasText: "bulk-1187" }).waitFor();
    expectNoConsoleErrors(w);
  });

  it("links nested runs both ways by name and shows dataset inputs", async () => {
    const exp = await suite.srv.rest.createExperiment("nested-e2e");
    const parent = await suite.srv.rest.createRun(exp, "sweep-parent");
    const child = await suite.srv.rest.createRun(exp, "trial-7", Date.now(), { "mlflow.parentRunId": parent });
    await suite.srv.rest.call("POST", "runs/log-inputs", {
      run_id: child,
      datasets: [
        {
          dataset: { name: "train_set", digest: "d1g3st", source_type: "local", source: '{"uri": "/data/train.parquet"}' },
          tags: [{ key: "mlflow.data.context", value: "training" }],
        },
      ],
    });
    await page.goto(`${suite.srv.url}/runs/${child}`);
    await page.getByTestId("parent-run-link").filter({ hasText: "sweep-parent" }).click();
    await page.waitForURL(new RegExp(`/runs/${parent}$`));
    await page.getByTestId("child-run-link").filter({ hasText: "trial-7" }).waitFor();
    await page.getByTestId("artifact-browser").filter({ hasText: "No artifacts recorded for this run." }).waitFor();
    await page.goBack();
    const inputs = page.getByTestId("dataset-inputs");
    await inputs.getByText("/data/train.parquet", { exact: true }).waitFor();
    expect(await inputs.locator("td").allTextContents()).toEqual(expect.arrayContaining(["train_set", "d1g3st", "training", "local"]));
    expectNoConsoleErrors(w);
  });

  it("gives wrapped run names their measured height: no name clipped, rows neither overlap nor leave gaps", async () => {
    const exp = await suite.srv.rest.createExperiment("wrapping-names");
    const words = ["xgboost", "tuned", "lr0.05", "depth8", "subsample0.8", "colsample0.7", "early-stopping", "patience20", "with-a-very-long-suffix", "v2"];
    const names = Array.from({ length: 100 }, (_, i) =>
      i % 50 === 0 ? `${"x".repeat(200)}${i}` : `${Array.from({ length: i % 7 === 0 ? 18 : (i * 7) % 13 || 1 }, (_, k) => words[(i + k) % words.length]).join("-")}-${i}`,
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < names.length; i = next++) await suite.srv.rest.createRun(exp, names[i] as string, Date.now() - i * 1000);
      }),
    );
    await page.goto(`${suite.srv.url}/experiments/${exp}`);
    await page.getByTestId("runs-count").filter({ hasText: /^100 runs/ }).waitFor();
    for (const y of [0, 1200, 2400, 1e6]) {
      await page.getByTestId("runs-table").evaluate((el, top) => el.scrollTo(0, top), y);
      await page.waitForTimeout(100);
      const problems = await page.$$eval("[data-testid=run-row]", (rows) => {
        const rs = rows
          .map((r) => ({ top: Number.parseFloat((r as HTMLElement).style.top), height: r.getBoundingClientRect().height, cell: r.querySelector(".rt-name") as HTMLElement }))
          .sort((a, b) => a.top - b.top);
        const out: string[] = [];
        rs.forEach((r, i) => {
          if (r.cell.scrollHeight > r.cell.clientHeight || r.cell.scrollWidth > r.cell.clientWidth) out.push(`clipped: ${r.cell.textContent}`);
          const prev = rs[i - 1];
          if (prev && Math.abs(prev.top + prev.height - r.top) > 0.5) out.push(`row at ${r.top} does not follow the row at ${prev.top}`);
        });
        return out;
      });
      expect(problems).toEqual([]);
    }
    expectNoConsoleErrors(w);
  });
});
