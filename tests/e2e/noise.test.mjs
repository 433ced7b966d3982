// The social-noise dashboard: empty before any post, then on the demo's
// posts the figures a person reads — posts per day by sentiment, topics
// with their trend, the outage spike, the loudest authors, the matched
// share — in English and in Turkish.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

describe("social noise", () => {
  const app = useApp();

  test("the dashboard shows the demo's posts, spike and authors, in both languages", async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    // No posts yet: the empty state says where posts come from.
    await page.goto(app.server.url + "/mentions/noise");
    await appReady(page);
    await page.waitForSelector("[data-testid=noise-empty]", { timeout: 30_000 });
    assert.match(await page.textContent("[data-testid=noise-empty]"), /Import posts/);
    assert.equal(await page.getAttribute("[data-testid=tab-noise]", "aria-current"), "page");
    await shot(page, "noise-empty-en");

    // Demo data brings posts with it; still exactly 1,000 customers.
    await page.click("[data-testid=noise-empty] a[href='/customers']");
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 180_000 },
    );

    await page.goto(app.server.url + "/mentions/noise?days=30");
    await appReady(page);
    await page.waitForSelector("[data-testid=noise-topics]", { timeout: 60_000 });
    await page.waitForSelector("[data-testid=noise-busy]", { state: "detached" });
    const timing = await page.evaluate(() => {
      const s = document.querySelector("[data-page=noise]");
      return { read: s.dataset.readMs, noise: s.dataset.noiseMs };
    });
    console.log(`noise timings (ms): reading every post ${timing.read}, noise::period ${timing.noise}`);

    // Figures: posts in the period, a column per day split by sentiment.
    const posts = Number(await page.getAttribute("[data-testid=noise-stat-posts]", "data-count"));
    assert.ok(posts >= 150 && posts <= 400, `posts in 30 days: ${posts}`);
    assert.equal(await page.locator("[data-testid=noise-per-day] .column").count(), 30);
    assert.ok((await page.locator("[data-testid=noise-per-day] .seg-negative").count()) >= 20);
    assert.ok((await page.locator("[data-testid=noise-per-day] .seg-positive").count()) >= 10);
    assert.match(await page.textContent(".legend"), /Negative.*Neutral.*Positive/);
    // Topics with their community and trend.
    const topics = await page
      .locator("[data-testid=noise-topic]")
      .evaluateAll((rows) => rows.map((r) => [r.dataset.topic, Number(r.dataset.posts), Number(r.dataset.authors)]));
    assert.ok(topics.length >= 5, JSON.stringify(topics));
    assert.ok(topics.every(([, p, a]) => a <= p), "a community is never larger than its posts");
    const connectivity = page.locator("[data-testid=noise-topic][data-topic=connectivity]");
    assert.match(await connectivity.textContent(), /Connection.*▲/);
    // The outage is listed as a spike.
    const outage = await page
      .locator("[data-testid=noise-spike][data-topic=connectivity]")
      .evaluateAll((rows) => rows.map((r) => Number(r.dataset.posts)));
    assert.ok(Math.max(...outage) >= 20, `connectivity spikes: ${outage}`);
    const spike = page.locator("[data-testid=noise-spike][data-topic=connectivity]").first();
    // The campaign day is a sales spike.
    assert.equal(await page.locator("[data-testid=noise-spike][data-topic=sales]").count() >= 1, true);
    assert.match(await spike.textContent(), /Connection.*\d+\.\d a day/);
    // The loudest authors first, with platform and followers.
    const reach = await page
      .locator("[data-testid=noise-author]")
      .evaluateAll((rows) => rows.map((r) => Number(r.dataset.reach)));
    assert.equal(reach.length, 10);
    assert.ok(reach[0] >= 1_000_000, `top reach ${reach[0]}`);
    assert.deepEqual([...reach].sort((a, b) => b - a), reach);
    assert.match(await page.locator("[data-testid=noise-author]").first().textContent(), /Mobil Dünya.*@mobildunyatr.*X.*1,240,000/);
    // The demo's posts went through matching: customers who posted with
    // their handle are linked, strangers and influencers are not.
    const matched = page.locator("[data-testid=noise-matched]");
    assert.equal(await matched.getAttribute("data-posts"), String(posts));
    const linked = Number(await matched.getAttribute("data-matched"));
    assert.ok(linked > 0 && linked < posts, `matched ${linked} of ${posts}`);
    assert.match(
      await matched.textContent(),
      new RegExp(`\\d+%.*matched: ${linked.toLocaleString("en-US")} of ${posts.toLocaleString("en-US")} posts`),
    );
    await shot(page, "noise-en");
    await shot(page, "noise-full-en", { fullPage: true });

    // Another period: a week has seven columns and is in the URL.
    await page.selectOption("[data-testid=noise-window]", "7");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=noise-per-day] .column").length === 7);
    assert.match(page.url(), /days=7/);
    const week = Number(await page.getAttribute("[data-testid=noise-stat-posts]", "data-count"));
    assert.ok(week > 0 && week < posts, `week ${week} of ${posts}`);
    await page.selectOption("[data-testid=noise-window]", "90");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=noise-per-day] .column").length === 90);
    await page.selectOption("[data-testid=noise-window]", "30");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=noise-per-day] .column").length === 30);

    // Turkish.
    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Sosyal gürültü");
    await page.waitForSelector("text=Ani artışlar");
    assert.match(await page.textContent("[data-testid=tab-noise]"), /Sosyal gürültü/);
    assert.match(await matched.textContent(), /%\d+.*eşleşen/);
    assert.match(await spike.textContent(), /Bağlantı.*günde \d+,\d/);
    await shot(page, "noise-tr");
    await shot(page, "noise-full-tr", { fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
