// Benchmark (not a test): the customer list at 100,000 customers in
// headless Chromium. Loads the "100k" demo data through the app itself once
// (into a persistent browser profile), then measures
//   - cold open: navigation start → first list row on screen (5 reloads);
//   - search per keystroke: typing into the search box, the time from the
//     input event to the updated list in the DOM, and the core query time
//     the app records (window.__ilgiSearchMs).
// Prints `BENCH name value` lines; `cargo xtask bench` collects them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DIST, startServer } from "../e2e/support.mjs";

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const profile = mkdtempSync(join(tmpdir(), "ilgi-bench-profile-"));
const server = await startServer(DIST());
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  locale: "en-US",
  viewport: { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
// Records when the first list row enters the DOM (then the next frame, as
// the paint), relative to navigation start.
await context.addInitScript(() => {
  const observer = new MutationObserver(() => {
    if (!window.__firstRowMs && document.querySelector("[data-testid=customer-row]")) {
      window.__firstRowMs = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => (window.__firstPaintMs = performance.now()));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url + "/customers");
  await page.waitForSelector("[data-testid=demo-panel]", { timeout: 60_000 });
  await page.check("input[name=demo-size][value='100000']");
  const loadStarted = Date.now();
  await page.click("[data-testid=demo-load]");
  await page.waitForFunction(
    () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("100,000 customers"),
    null,
    { timeout: 1_800_000, polling: 1000 },
  );
  console.log(`BENCH demo_100k_load_s ${((Date.now() - loadStarted) / 1000).toFixed(1)}`);

  const opens = [];
  for (let i = 0; i < 5; i++) {
    await page.goto("about:blank");
    await page.goto(server.url + "/customers");
    await page.waitForFunction(() => window.__firstPaintMs, null, { timeout: 60_000 });
    opens.push(await page.evaluate(() => window.__firstPaintMs));
  }
  console.log(`BENCH cold_open_first_rows_ms_p50 ${quantile(opens, 0.5).toFixed(0)}`);
  console.log(`BENCH cold_open_first_rows_ms_max ${Math.max(...opens).toFixed(0)}`);

  await page.waitForFunction(
    () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("100,000 customers"),
    null,
    { timeout: 120_000 },
  );
  const words = ["ayşe yılmaz", "istanbul", "0532", "@", "kaya", "mehmet demir", "gmail", "ışık", "zeynep", "ankara"];
  const keystrokes = [];
  await page.evaluate(() => {
    window.__ilgiSearchMs = [];
  });
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) {
      const ms = await page.evaluate(async (value) => {
        const input = document.querySelector("[data-testid=customer-search]");
        const started = performance.now();
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        return performance.now() - started;
      }, word.slice(0, i));
      keystrokes.push(ms);
    }
    await page.fill("[data-testid=customer-search]", "");
  }
  const queries = await page.evaluate(() => window.__ilgiSearchMs);
  console.log(`BENCH search_keystroke_to_dom_ms_p50 ${quantile(keystrokes, 0.5).toFixed(1)}`);
  console.log(`BENCH search_keystroke_to_dom_ms_p95 ${quantile(keystrokes, 0.95).toFixed(1)}`);
  console.log(`BENCH search_query_ms_p50 ${quantile(queries, 0.5).toFixed(1)}`);
  console.log(`BENCH search_query_ms_p95 ${quantile(queries, 0.95).toFixed(1)}`);
  console.log(`BENCH search_keystrokes ${keystrokes.length}`);
} finally {
  await context.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
