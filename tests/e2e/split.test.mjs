// The app is split (xtask/src/split.rs): the first visit fetches the main
// module and the opened page's module with the chunks it shares, nothing
// of the other pages; opening another page fetches its module then. Offline
// (tests/e2e/pwa.test.mjs) the service worker's cache serves them.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DIST, appReady, shot, useApp } from "./support.mjs";

/** This build's folder (`wasm/<hash>`) and its page → files manifest. */
function build() {
  const [hash, ...others] = readdirSync(join(DIST(), "wasm"));
  assert.equal(others.length, 0, "dist/wasm should hold one build");
  const manifest = JSON.parse(readFileSync(join(DIST(), "wasm", hash, "manifest.json"), "utf8"));
  return { dir: `/wasm/${hash}/`, manifest };
}

/** The manifest entry of the module `name` (`page_…`, one per page or
 * pair of pages sharing a form, `routes.rs`). */
function pageFiles(manifest, name) {
  const names = Object.keys(manifest).filter((n) => n.includes(name));
  assert.equal(names.length, 1, `one module named like ${name}: ${Object.keys(manifest)}`);
  return manifest[names[0]];
}

describe("split app", () => {
  const app = useApp();

  test("a page fetches the main module and its own module, another page's only when opened", async () => {
    const { dir, manifest } = build();
    const pages = Object.keys(manifest).filter((n) => n.includes("page_"));
    assert.ok(pages.length >= 18, `every page has a module: ${pages}`);
    const context = await app.browser.newContext({ locale: "en-US", serviceWorkers: "block" });
    const fetched = [];
    context.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(dir) && path.endsWith(".wasm")) fetched.push(path.slice(dir.length));
    });
    try {
      const page = await context.newPage();
      await page.goto(app.server.url + "/customers");
      await appReady(page);
      assert.equal(await page.textContent("main h1"), "Customers");

      const list = pageFiles(manifest, "page_customer_list");
      const settings = pageFiles(manifest, "page_settings");
      const settingsOnly = settings.filter((f) => !list.includes(f));
      assert.ok(settingsOnly.length > 0, "the settings page has a module of its own");
      assert.ok(fetched.includes("ilgi-web_bg.wasm"), `main module fetched: ${fetched}`);
      for (const file of list) assert.ok(fetched.includes(file), `${file} of the customer list fetched`);
      const allowed = new Set(["ilgi-web_bg.wasm", ...list]);
      assert.deepEqual(
        fetched.filter((f) => !allowed.has(f)),
        [],
        "nothing but the main module and the customer list's pieces before the first paint",
      );

      await page.click("#main-nav a[data-section=settings]");
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Settings");
      for (const file of settingsOnly) assert.ok(fetched.includes(file), `${file} fetched on opening settings`);
      assert.equal(new Set(fetched).size, fetched.length, "no piece fetched twice");
      await shot(page, "split-settings-en");

      // Offline without the service worker (blocked here), a page not yet
      // loaded cannot come: the app says so and keeps running.
      await context.setOffline(true);
      await page.click("#main-nav a[data-section=segments]");
      await page.waitForSelector("[data-page=unavailable] h1");
      assert.equal(await page.textContent("main h1"), "This page could not be loaded");
      await shot(page, "split-unavailable-offline-en");
      await page.click("#main-nav a[data-section=customers]");
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Customers");
      await context.setOffline(false);
    } finally {
      await context.close();
    }
  });
  test("a page's pieces are fetched a batch per task, not all in the task that opened it", async () => {
    const { manifest } = build();
    const context = await app.browser.newContext({ locale: "en-US", serviceWorkers: "block" });
    // Numbers the tasks that start piece fetches: the first fetch of a
    // task posts a message, whose handler (a later task) ends the count.
    await context.addInitScript(() => {
      window.__batches = [];
      let open = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (open = false);
      const fetchFn = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith(".wasm") && url.includes("/wasm/")) {
          if (!open) {
            open = true;
            window.__batches.push(0);
            channel.port2.postMessage(0);
          }
          window.__batches[window.__batches.length - 1] += 1;
        }
        return fetchFn(input, init);
      };
    });
    try {
      const page = await context.newPage();
      await page.goto(app.server.url + "/settings");
      await appReady(page);
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Settings");
      const before = await page.evaluate(() => window.__batches.length);
      await page.click("#main-nav a[data-section=dashboard]");
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Dashboard");
      const batches = (await page.evaluate(() => window.__batches)).slice(before);
      const fetchedForDashboard = batches.reduce((a, b) => a + b, 0);
      const dashboard = pageFiles(manifest, "page_dashboard");
      const settings = pageFiles(manifest, "page_settings");
      const needed = dashboard.filter((f) => !settings.includes(f)).length;
      assert.equal(fetchedForDashboard, needed, `the dashboard's own pieces: ${batches}`);
      assert.ok(needed > 24, `the dashboard needs more pieces than one batch: ${needed}`);
      assert.ok(Math.max(...batches) <= 24, `at most 24 fetches started per task: ${batches}`);
      assert.ok(batches.length >= Math.ceil(needed / 24), `fetches spread over tasks: ${batches}`);
    } finally {
      await context.close();
    }
  });
});
