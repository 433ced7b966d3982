// The app shell: loading, navigation, languages, theme, small screens.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

const SECTIONS = {
  dashboard: { path: "/", en: "Dashboard", tr: "Pano" },
  customers: { path: "/customers", en: "Customers", tr: "Müşteriler" },
  cases: { path: "/cases", en: "Cases", tr: "Şikâyetler" },
  mentions: { path: "/mentions", en: "Mentions", tr: "Bahsedilmeler" },
  segments: { path: "/segments", en: "Segments", tr: "Segmentler" },
  campaigns: { path: "/campaigns", en: "Campaigns", tr: "Kampanyalar" },
  settings: { path: "/settings", en: "Settings", tr: "Ayarlar" },
};

describe("app shell", () => {
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

  test("the app loads in Chromium with landmarks and the English UI for an English browser", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/");
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Dashboard");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.locator("header").count(), 1);
    assert.equal(await page.locator("nav[aria-label='Main navigation']").count(), 1);
    assert.equal(await page.locator("main#main").count(), 1);
    assert.equal(await page.title(), "Dashboard · ilgi");
    await shot(page, "dashboard-en");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("every navigation link opens its section and marks itself current", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await appReady(page);
    for (const [slug, section] of Object.entries(SECTIONS)) {
      await page.click(`#main-nav a[data-section=${slug}]`);
      await page.waitForURL(server.url + section.path);
      await page.waitForSelector(`main [data-page=${slug}]`);
      assert.equal(await page.textContent("main h1"), section.en);
      assert.equal(await page.getAttribute(`#main-nav a[data-section=${slug}]`, "aria-current"), "page");
      assert.equal(await page.locator("#main-nav a[aria-current=page]").count(), 1, `only ${slug} is current`);
    }
    await shot(page, "settings-en");
    await context.close();
  });

  test("a deep link loads its section directly and an unknown path shows not-found", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url + "/segments");
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Segments");
    await page.goto(server.url + "/no/such/page");
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Page not found");
    assert.match(await page.textContent("main"), /\/no\/such\/page/);
    await shot(page, "not-found-en");
    await context.close();
  });

  test("a Turkish browser starts in Turkish", async () => {
    const context = await browser.newContext({ locale: "tr-TR" });
    const page = await context.newPage();
    await page.goto(server.url + "/customers");
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Müşteriler");
    assert.equal(await page.getAttribute("html", "lang"), "tr");
    await shot(page, "customers-tr");
    await context.close();
  });

  test("the language switch changes visible text and survives a reload", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url + "/cases");
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Cases");
    await page.selectOption("[data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Şikâyetler");
    assert.equal(await page.textContent("#main-nav a[data-section=customers]"), "Müşteriler");
    assert.equal(await page.title(), "Şikâyetler · ilgi");
    await page.reload();
    await appReady(page);
    assert.equal(await page.textContent("main h1"), "Şikâyetler");
    assert.equal(await page.getAttribute("html", "lang"), "tr");
    assert.equal(await page.inputValue("[data-testid=language-switch]"), "tr");
    await page.selectOption("[data-testid=language-switch]", "en");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Cases");
    await context.close();
  });

  test("the theme follows the OS until the user picks one, and the pick survives a reload", async () => {
    const context = await browser.newContext({ locale: "en-US", colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await appReady(page);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const osDark = await background();
    assert.equal(await page.getAttribute("html", "data-theme"), null);
    await shot(page, "dashboard-dark");
    await page.selectOption("[data-testid=theme-switch]", "light");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    const light = await background();
    assert.notEqual(light, osDark, "choosing light overrides the dark OS theme");
    await page.reload();
    await appReady(page);
    assert.equal(await page.getAttribute("html", "data-theme"), "light");
    assert.equal(await background(), light);
    await page.selectOption("[data-testid=theme-switch]", "system");
    await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
    assert.equal(await background(), osDark);
    await context.close();
  });

  test("at 375 px the navigation folds behind the menu button and nothing overflows", async () => {
    const context = await browser.newContext({ locale: "tr-TR", viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await appReady(page);
    assert.equal(await page.isVisible("#main-nav"), false);
    assert.equal(await page.isVisible(".menu-toggle"), true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await shot(page, "mobile-dashboard-tr");
    await page.click(".menu-toggle");
    assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
    assert.equal(await page.isVisible("#main-nav"), true);
    await shot(page, "mobile-menu-tr");
    await page.click("#main-nav a[data-section=mentions]");
    await page.waitForURL(server.url + "/mentions");
    assert.equal(await page.textContent("main h1"), "Bahsedilmeler");
    assert.equal(await page.isVisible("#main-nav"), false, "following a link folds the menu");
    await context.close();
  });

  test("a preference that cannot be saved shows an error toast that stays until closed", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    // Simulate a full or blocked localStorage: every write throws.
    await context.addInitScript(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await appReady(page);
    await page.selectOption("[data-testid=language-switch]", "tr");
    // The switch still works for this visit…
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Pano");
    // …and the user is told it will not be remembered, with the browser's reason.
    const toast = page.locator(".toast-error");
    await toast.waitFor();
    assert.match(await toast.textContent(), /Seçiminiz bu cihaza kaydedilemedi: QuotaExceededError: The quota has been exceeded\./);
    await shot(page, "error-toast-tr");
    await page.click(".toast-error .toast-close");
    await toast.waitFor({ state: "detached" });
    await context.close();
  });

  test("keyboard users get a skip link and a visible focus ring", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await appReady(page);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, "solid");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash === "#main" || document.activeElement?.id === "main");
    await context.close();
  });
});
