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

  test("with an empty database the dashboard itself offers demo data (with its size) and the CSV import", async () => {
    const context = await browser.newContext({ locale: "tr-TR", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    try {
      await page.goto(server.url + "/");
      await appReady(page);
      await page.waitForSelector("[data-testid=dashboard-empty]");
      const panel = page.locator("[data-page=dashboard] [data-testid=demo-panel]");
      assert.equal(await panel.locator("input[name=demo-size]").count(), 3);
      assert.equal(await panel.locator("a[href='/customers/import']").count(), 1);
      await shot(page, "dashboard-empty-tr");
      await panel.locator("input[name=demo-size][value='1000']").check();
      await panel.locator("[data-testid=demo-load]").click();
      // Loaded from the dashboard: the analysis follows without leaving it.
      await page.waitForSelector("[data-testid=segment-table]", { timeout: 120_000 });
      assert.equal(await page.locator("[data-testid=dashboard-empty]").count(), 0);
      assert.equal(new URL(page.url()).pathname, "/");
      await page.waitForFunction(() => localStorage.getItem("ilgi.analysis"), null, { timeout: 30_000 });

      // The next start shows the last analysis at once, with its date,
      // while a new one runs; the note goes when the new one is in.
      await page.addInitScript(() => {
        window.__cachedSeen = null;
        new MutationObserver(() => {
          const note = document.querySelector("[data-testid=insights-cached]");
          if (note && !window.__cachedSeen && document.querySelector("[data-testid=segment-table]")) {
            window.__cachedSeen = note.textContent;
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.reload();
      await page.waitForFunction(() => window.__cachedSeen, null, { timeout: 30_000 });
      const note = await page.evaluate(() => window.__cachedSeen);
      const today = new Date();
      const dd = String(today.getDate()).padStart(2, "0");
      assert.ok(note.includes(dd + "."), `the note gives the date: ${note}`);
      await shot(page, "dashboard-cached-tr");
      await page.waitForSelector("[data-testid=insights-cached]", { state: "detached", timeout: 60_000 });
      await page.waitForSelector("[data-testid=segment-table]");
    } finally {
      await context.close();
    }
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
    await page.waitForSelector("[data-testid=category-table]", { timeout: 60_000 });
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
    const bars = await page.locator("[data-testid=rfm-chart] .bar-row").count();
    assert.equal(bars, 11);
    assert.ok((await page.locator("[data-testid=rfm-chart] .bar-row title").first().textContent()).length > 10);
    assert.ok((await page.locator("[data-testid=rfm-chart] .tick").count()) >= 3);

    // Value views. CLV histogram: the bins hold every customer with a value.
    const bins = await page
      .locator("[data-testid=clv-chart] .column")
      .evaluateAll((cols) => cols.map((c) => Number(c.dataset.value)));
    assert.ok(bins.length >= 5, `bins: ${bins}`);
    const valued = bins.reduce((a, b) => a + b, 0);
    const buyers = 1000 - counts.find(([s]) => s === "no-purchases")[1];
    assert.equal(valued, buyers, "every buyer has a CLV");
    assert.ok((await page.locator("[data-testid=clv-chart] .tick").count()) >= 3);
    // New customers per month: 24 months, at least some new customers.
    const months = await page
      .locator("[data-testid=new-customers-chart] .column")
      .evaluateAll((cols) => cols.map((c) => Number(c.dataset.value)));
    assert.equal(months.length, 24);
    assert.ok(months.some((n) => n > 0));
    // Cohorts: month 0 of every cohort is 100% (they bought in that month).
    const cohortRows = page.locator("[data-testid=cohort-row]");
    assert.ok((await cohortRows.count()) >= 1);
    assert.match(await cohortRows.first().locator("td.heat").first().textContent(), /^100%$/);
    // Share of wallet: revenue shares add up to 100%.
    const shares = await page
      .locator("[data-testid=category-row]")
      .evaluateAll((rows) => rows.map((r) => Number(r.dataset.share)));
    assert.ok(shares.length >= 2);
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9, `shares: ${shares}`);
    await page.waitForSelector("[data-testid=slipping-table], [data-testid=slipping-empty]");
    await shot(page, "dashboard-segments-en");
    await shot(page, "dashboard-full-en", { fullPage: true });
    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Pano");
    await page.waitForSelector("text=RFM segmentlerine göre müşteriler");
    await shot(page, "dashboard-segments-tr");
    await shot(page, "dashboard-full-tr", { fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
