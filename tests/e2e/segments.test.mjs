// Rule segments and customer value: the builder's live count agrees with the
// dashboard's RFM counts, a saved segment survives a reload, its members
// export as CSV, and a customer page shows CLV, P(alive) and three offers
// with reasons.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

const dir = mkdtempSync(join(tmpdir(), "ilgi-segments-"));

async function liveCount(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector("[data-testid=segment-count]")?.dataset.count ?? ""), null, {
    timeout: 60_000,
  });
  return Number(await page.getAttribute("[data-testid=segment-count]", "data-count"));
}

/** Waits until the live count differs from `previous`, then returns it. */
async function countChangedFrom(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const c = document.querySelector("[data-testid=segment-count]")?.dataset.count;
      return c !== undefined && c !== "" && c !== String(prev);
    },
    previous,
    { timeout: 30_000 },
  );
  return liveCount(page);
}

describe("segments and customer value", () => {
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

  test("build, save, reload, export and delete a segment; a member's page shows value and offers", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1100 }, acceptDownloads: true });
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

    // The dashboard's counts are the reference for the builder.
    await page.click("#main-nav a[data-section=dashboard]");
    await page.waitForSelector("[data-testid=segment-table]", { timeout: 60_000 });
    const bySegment = Object.fromEntries(
      await page
        .locator("[data-testid=segment-count]")
        .evaluateAll((rows) => rows.map((r) => [r.dataset.segment, Number(r.dataset.count)])),
    );
    const championsAndLoyal = bySegment.champions + bySegment.loyal;
    assert.ok(championsAndLoyal > 0, JSON.stringify(bySegment));

    await page.click("#main-nav a[data-section=segments]");
    await page.waitForSelector("[data-testid=segments-empty]");
    await page.click("[data-testid=new-segment]");
    await page.waitForSelector("[data-testid=rule-root]");
    // An empty rule selects everyone.
    assert.equal(await liveCount(page), 1000);
    await shot(page, "segment-new-en");

    await page.fill("[data-testid=segment-name]", "Şampiyonlar ve sadıklar");
    await page.click("[data-testid=rule-add-condition]");
    const first = page.locator("[data-testid=rule-condition]").nth(0);
    await first.locator("[data-testid=rule-field]").selectOption("rfm_segment");
    // No value picked yet: the rule is incomplete, saving is off.
    await page.waitForSelector("[data-testid=segment-errors] li");
    assert.ok(await page.isDisabled("[data-testid=segment-save]"));
    await first.locator("input[type=checkbox][data-code=champions]").check();
    await first.locator("input[type=checkbox][data-code=loyal]").check();
    const selected = await countChangedFrom(page, 1000);
    assert.equal(selected, championsAndLoyal, "the builder agrees with the dashboard");

    // AND a CLV condition: typed wrong first, then right.
    await page.click("[data-testid=rule-add-condition]");
    const second = page.locator("[data-testid=rule-condition]").nth(1);
    await second.locator("[data-testid=rule-field]").selectOption("clv");
    await second.locator("[data-testid=rule-op]").selectOption("ge");
    await second.locator("[data-testid=rule-value]").fill("abc");
    await second.locator(".field-error").waitFor();
    assert.ok(await page.isDisabled("[data-testid=segment-save]"));
    await second.locator("[data-testid=rule-value]").fill("1000");
    const valuable = await countChangedFrom(page, "");
    assert.ok(valuable <= selected, `${valuable} ≤ ${selected}`);
    assert.ok(valuable > 0, "some champions are worth ₺1,000 or more");
    const shownRows = await page.locator("[data-testid=member-row]").count();
    assert.equal(shownRows, Math.min(valuable, 50));
    if (valuable > 50) {
      await page.click("[data-testid=member-more]");
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=member-row]").length === n, Math.min(valuable, 100));
    }
    await shot(page, "segment-builder-en", { fullPage: true });

    await page.click("[data-testid=segment-save]");
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    const url = page.url();

    // Survives a reload: the same rule, the same members.
    await page.reload();
    await appReady(page);
    await page.waitForSelector("[data-testid=rule-condition]");
    assert.equal(await page.inputValue("[data-testid=segment-name]"), "Şampiyonlar ve sadıklar");
    assert.equal(await page.locator("[data-testid=rule-condition]").count(), 2);
    assert.equal(await page.inputValue("[data-testid=rule-condition] >> nth=1 >> [data-testid=rule-value]"), "1000");
    assert.equal(await liveCount(page), valuable);

    // Export: every member with the computed columns.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=segment-export]")]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, "utf8").trimEnd().split(/\r?\n/);
    assert.equal(lines.length, 1 + valuable);
    assert.ok(lines[0].includes("computed:clv") && lines[0].includes("computed:rfm_segment"), lines[0]);

    // The list shows it with its count; Turkish too.
    await page.click("#main-nav a[data-section=segments]");
    const row = page.locator("[data-testid=segment-row]");
    await row.waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector("[data-testid=segment-row-count]")?.textContent ?? ""));
    assert.equal(Number((await row.locator("[data-testid=segment-row-count]").textContent()).replace(/[.,]/g, "")), valuable);
    assert.match(await row.textContent(), /Champions/);
    await shot(page, "segments-list-en");
    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("[data-testid=segment-row]")?.textContent.includes("Şampiyonlar"));
    await shot(page, "segments-list-tr");
    await page.goto(url);
    await appReady(page);
    await page.waitForSelector("[data-testid=member-row]");
    await shot(page, "segment-builder-tr", { fullPage: true });
    await page.selectOption("header [data-testid=language-switch]", "en");

    // A member's page: CLV, P(alive), RFM segment and three offers with reasons.
    await page.click("[data-testid=member-row] >> nth=0 >> a");
    await page.waitForSelector("[data-testid=value-panel] [data-testid=value-clv]", { timeout: 60_000 });
    const clv = await page.textContent("[data-testid=value-clv]");
    assert.match(clv, /^₺[\d,]+$/);
    assert.ok(Number(clv.replace(/[₺,]/g, "")) >= 1000, clv);
    assert.match(await page.textContent("[data-testid=value-p-alive]"), /^\d+(\.\d)?%$/);
    assert.match(await page.getAttribute("[data-testid=value-rfm]", "data-segment"), /^(champions|loyal)$/);
    const offers = page.locator("[data-testid=offer]");
    assert.equal(await offers.count(), 3);
    const reasons = await page.locator("[data-testid=offer-reason]").allTextContents();
    for (const reason of reasons) assert.ok(reason.length > 10, reason);
    const skus = await offers.evaluateAll((list) => list.map((o) => o.dataset.sku));
    assert.equal(new Set(skus).size, 3);
    await page.locator("[data-testid=value-panel]").scrollIntoViewIfNeeded();
    await shot(page, "customer-value-en");

    // At 375 px the builder and the dashboard fit the screen (tables and
    // charts scroll or scale inside their panels).
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [new URL(url).pathname, "/"]) {
      await page.goto(server.url + path);
      await appReady(page);
      await page.waitForSelector(path === "/" ? "[data-testid=segment-table]" : "[data-testid=member-row]", { timeout: 60_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px at 375 px`);
    }
    await shot(page, "mobile-dashboard-value-en");
    await page.goto(url);
    await appReady(page);
    await page.waitForSelector("[data-testid=member-row]");
    await shot(page, "mobile-segment-en");
    await page.setViewportSize({ width: 1280, height: 1100 });

    // Delete: gone from the list.
    await page.goto(url);
    await appReady(page);
    await page.click("[data-testid=segment-delete]");
    await page.click("[data-testid=segment-delete-yes]");
    await page.waitForSelector("[data-testid=segments-empty]");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
