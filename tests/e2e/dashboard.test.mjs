// The dashboard: RFM segment counts computed in the browser add up to the
// customer count, drawn as an SVG chart with labels and tooltips.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

describe("dashboard", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(DIST());
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("segment counts add up to the customer count, in both languages", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/customers");
    await appReady(page);
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 120_000 },
    );
    await page.click("#main-nav a[data-section=dashboard]");
    await page.waitForSelector("[data-testid=segment-table]", { timeout: 60_000 });
    const counts = await page
      .locator("[data-testid=segment-count]")
      .evaluateAll((rows) => rows.map((r) => [r.dataset.segment, Number(r.dataset.count)]));
    assert.equal(counts.length, 11);
    assert.equal(
      counts.reduce((sum, [, n]) => sum + n, 0),
      1000,
    );
    assert.ok(counts.filter(([, n]) => n > 0).length >= 6, `most segments are populated: ${JSON.stringify(counts)}`);
    assert.equal(await page.textContent("[data-testid=stat-customers] .stat-value"), "1,000");
    const bars = await page.locator("[data-testid=bar-chart] .bar-row").count();
    assert.equal(bars, 11);
    assert.ok((await page.locator("[data-testid=bar-chart] .bar-row title").first().textContent()).length > 10);
    assert.ok((await page.locator("[data-testid=bar-chart] .tick").count()) >= 3);
    await shot(page, "dashboard-segments-en");
    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Pano");
    await page.waitForSelector("text=RFM segmentlerine göre müşteriler");
    await shot(page, "dashboard-segments-tr");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
