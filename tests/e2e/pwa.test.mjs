// Installable and offline: manifest, service worker, update offer, storage.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { appReady, copyDist, launchBrowser, removeDir, shot, startServer } from "./support.mjs";

const controlled = (page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

describe("progressive web app", () => {
  let browser;
  let dist;

  before(async () => {
    browser = await launchBrowser();
    // Each test gets the built app in its own folder, so changing sw.js for
    // the update test cannot leak into the others.
    dist = copyDist();
  });

  after(async () => {
    await browser?.close();
    removeDir(dist);
  });

  test("the manifest is served as application/manifest+json and its icons exist", async () => {
    const server = await startServer(dist);
    try {
      const context = await browser.newContext();
      const response = await context.request.get(server.url + "/manifest.webmanifest");
      assert.equal(response.status(), 200);
      assert.match(response.headers()["content-type"], /^application\/manifest\+json/);
      const manifest = await response.json();
      assert.equal(manifest.display, "standalone");
      assert.equal(manifest.start_url, "/");
      assert.ok(manifest.theme_color);
      const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).sort();
      assert.deepEqual(sizes, ["192x192 any", "512x512 any", "512x512 maskable"]);
      for (const icon of manifest.icons) {
        const png = await context.request.get(server.url + icon.src);
        assert.equal(png.status(), 200, icon.src);
        assert.equal(png.headers()["content-type"], "image/png");
        const bytes = await png.body();
        // PNG signature, then the IHDR width and height must match `sizes`.
        assert.equal(bytes.subarray(1, 4).toString(), "PNG");
        const [w, h] = icon.sizes.split("x").map(Number);
        assert.equal(bytes.readUInt32BE(16), w, `${icon.src} width`);
        assert.equal(bytes.readUInt32BE(20), h, `${icon.src} height`);
      }
      const page = await context.newPage();
      await page.goto(server.url + "/");
      assert.equal(await page.getAttribute("link[rel=manifest]", "href"), "/manifest.webmanifest");
      await context.close();
    } finally {
      await server.stop();
    }
  });

  test("the service worker takes control and a reload works after the server is stopped", async () => {
    let server = await startServer(dist);
    const context = await browser.newContext({ locale: "en-US" });
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/settings");
      await appReady(page);
      await controlled(page);
      await page.waitForSelector("[data-testid=offline-status][data-offline=active]");
      const cacheNames = await page.evaluate(() => caches.keys());
      assert.equal(cacheNames.filter((n) => n.startsWith("ilgi-app-")).length, 1);

      await server.stop();
      server = null;
      // The server is gone: a direct fetch fails, yet the app still reloads.
      const online = await page.evaluate(() =>
        fetch("/probe-" + Date.now(), { cache: "no-store" }).then(
          () => true,
          () => false,
        ),
      );
      assert.equal(online, false, "the server should be unreachable now");
      await page.reload();
      await appReady(page);
      assert.equal(await page.textContent("main h1"), "Settings");
      // Other routes render offline too: navigation is served from the cache.
      await page.goto(page.url().replace("/settings", "/customers"));
      await appReady(page);
      assert.equal(await page.textContent("main h1"), "Customers");
      await shot(page, "offline-customers-en");
      // A page not opened before comes in its own wasm module: the service
      // worker precached it, so it opens offline as well.
      await page.click("#main-nav a[data-section=segments]");
      await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Segments");
    } finally {
      await context.close();
      await server?.stop();
    }
  });

  test("a new build waits, the page offers a reload, and the reload switches builds and drops old caches", async () => {
    const server = await startServer(dist);
    const context = await browser.newContext({ locale: "tr-TR" });
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/");
      await appReady(page);
      await controlled(page);
      assert.equal(await page.isVisible("[data-testid=update-banner]"), false);

      // Publish a "new build": same assets, new build id in sw.js.
      const swPath = join(dist, "sw.js");
      const original = readFileSync(swPath, "utf8");
      const build = original.match(/const BUILD = "([0-9a-f]+)"/)[1];
      writeFileSync(swPath, original.replace(`const BUILD = "${build}"`, `const BUILD = "${build}next"`));

      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      await page.waitForSelector("[data-testid=update-banner]", { timeout: 30_000 });
      assert.match(await page.textContent("[data-testid=update-banner]"), /yeni bir sürümü hazır/);
      await shot(page, "update-banner-tr");

      const reloaded = page.waitForEvent("load");
      await page.click("[data-testid=update-banner] button");
      await reloaded;
      await appReady(page);
      assert.equal(await page.isVisible("[data-testid=update-banner]"), false);
      const names = await page.evaluate(() => caches.keys());
      assert.deepEqual(names.filter((n) => n.startsWith("ilgi-app-")), [`ilgi-app-${build}next`]);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test("settings shows whether storage is persistent and how much is used", async () => {
    const server = await startServer(dist);
    const context = await browser.newContext({ locale: "en-US" });
    try {
      const page = await context.newPage();
      await page.goto(server.url + "/settings");
      await appReady(page);
      const status = await page.waitForSelector("[data-testid=storage-persisted][data-persisted]");
      assert.match(await status.getAttribute("data-persisted"), /^(true|false)$/);
      await page.waitForFunction(() =>
        /used of/.test(document.querySelector("[data-testid=storage-usage]")?.textContent || ""),
      );
      await shot(page, "settings-storage-en", { fullPage: true });
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
