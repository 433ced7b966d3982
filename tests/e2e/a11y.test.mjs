// Accessibility: every page, filled with 1,000 demo customers, in Turkish
// and English and in the light and dark themes, passes axe-core with no
// serious or critical violation. Moderate and minor ones are printed.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const LANGS = [
  { lang: "en", locale: "en-US", thousand: "1,000" },
  { lang: "tr", locale: "tr-TR", thousand: "1.000" },
];
const THEMES = ["light", "dark"];
const DESKTOP = { width: 1280, height: 900 };
/** Every language and theme on a desktop screen, and one on a phone. */
const COMBOS = [
  ...LANGS.flatMap((l) => THEMES.map((theme) => ({ ...l, theme, viewport: DESKTOP, combo: `${l.lang}-${theme}` }))),
  { ...LANGS[1], theme: "dark", viewport: { width: 390, height: 844 }, combo: "tr-dark-phone" },
];
/** The combinations whose pages are saved as screenshots. */
const SHOTS = new Set(["en-dark", "tr-light", "tr-dark-phone"]);

/** Unfolds every chart's table (the `<details>` under each chart). */
async function openChartTables(page) {
  const n = await page.$$eval("details.chart-table", (all) => all.map((d) => (d.open = true)).length);
  assert.ok(n > 0, "the page has chart tables");
}

/**
 * The pages, each with what shows it has settled (besides `main h1`) and
 * what to do on it before the check. `:customer` and `:case` are filled
 * in from the data, `:merge` from the duplicates page (its first pair).
 */
const ROUTES = [
  { name: "dashboard", path: "/", ready: "[data-testid=category-table]" },
  {
    // The charts' tables, unfolded.
    name: "dashboard-chart-tables",
    path: "/",
    ready: "[data-testid=category-table]",
    action: openChartTables,
  },
  { name: "customers", path: "/customers", ready: "[data-testid=customer-row]" },
  { name: "customer-new", path: "/customers/new" },
  {
    // The form as it is after a failed save: errors next to their fields.
    name: "customer-new-errors",
    path: "/customers/new",
    ready: "[data-testid=customer-form]",
    action: async (page) => {
      await page.fill("[data-field=emails]", "ayse-at-ornek");
      await page.fill("[data-field=identity-0]", "@");
      await page.click("[data-testid=save-customer]");
      await page.waitForSelector("[data-testid=form-errors]");
    },
  },
  { name: "customer-import", path: "/customers/import" },
  {
    name: "duplicates",
    path: "/customers/duplicates",
    ready: "[data-testid=dup-scan]",
    action: async (page, ids) => {
      await page.click("[data-testid=dup-scan]");
      await page.waitForSelector("[data-testid=dup-table]", { timeout: 60_000 });
      ids.merge = await page.locator("[data-testid=dup-table] a[href^='/customers/merge/']").first().getAttribute("href");
    },
  },
  { name: "merge", path: ":merge", ready: "[data-testid=merge-table]" },
  { name: "customer", path: "/customers/:customer", ready: "[data-testid=value-panel] [data-testid=value-clv]" },
  {
    // A note saved with no text: the field is marked and described.
    name: "customer-note-error",
    path: "/customers/:customer",
    ready: "[data-testid=interaction-add]",
    action: async (page) => {
      await page.click("[data-testid=interaction-add]");
      await page.waitForSelector("#interaction-text[aria-invalid=true]");
    },
  },
  { name: "customer-edit", path: "/customers/:customer/edit", ready: "form" },
  { name: "cases", path: "/cases", ready: "[data-testid=case-row]" },
  { name: "case-new", path: "/cases/new", ready: "[data-testid=case-form]" },
  {
    name: "case-new-errors",
    path: "/cases/new",
    ready: "[data-testid=case-form]",
    action: async (page) => {
      await page.click("[data-testid=save-case]");
      await page.waitForSelector("#case-text[aria-invalid=true]");
    },
  },
  { name: "case-rules", path: "/cases/rules", ready: "[data-testid=rules-form]" },
  { name: "case-reports", path: "/cases/reports", ready: "[data-testid=reports-compliance]", action: openChartTables },
  { name: "case", path: "/cases/:case", ready: "[data-testid=case-journey]" },
  { name: "mentions", path: "/mentions", ready: "[data-testid=mention]" },
  { name: "mentions-review", path: "/mentions?tab=review", ready: "[data-testid=review-queue]" },
  { name: "mentions-prospects", path: "/mentions?tab=prospects", ready: "[data-testid=prospects]" },
  { name: "mentions-import", path: "/mentions/import" },
  { name: "noise", path: "/mentions/noise", ready: "[data-testid=noise-topics]", action: openChartTables },
  { name: "segments", path: "/segments" },
  { name: "segment-new", path: "/segments/new", ready: "[data-testid=member-row]" },
  { name: "campaigns", path: "/campaigns" },
  { name: "settings", path: "/settings" },
];

const SEVERE = new Set(["serious", "critical"]);

/** Loads 1,000 demo customers and opens a case from a complaint post. */
async function fill(page, server, thousand) {
  await page.goto(server.url + "/customers");
  await appReady(page);
  await page.check("input[name=demo-size][value='1000']");
  await page.click("[data-testid=demo-load]");
  await page.waitForFunction(
    (n) => document.querySelector("[data-testid=customer-count]")?.textContent.includes(n),
    thousand,
    { timeout: 120_000 },
  );
  const href = await page.locator("[data-testid=customer-row] a").first().getAttribute("href");
  const customer = href.match(/^\/customers\/([0-9a-f-]+)$/)?.[1];
  assert.ok(customer, `a customer link: ${href}`);

  await page.goto(server.url + "/mentions");
  await appReady(page);
  await page.waitForSelector("[data-testid=mention]", { timeout: 60_000 });
  await page.locator("[data-testid=mention-open-case]").first().click();
  await page.waitForURL(/\/cases\/[0-9a-f-]+$/, { timeout: 30_000 });
  const kase = new URL(page.url()).pathname.split("/").pop();
  return { customer, case: kase };
}

/** Runs axe on the page as it is: its violations of every impact. */
async function check(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ path: AXE });
  }
  const results = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  return results.violations;
}

function describeViolation(v) {
  const targets = v.nodes
    .slice(0, 3)
    .map((n) => n.target.join(" "))
    .join(" | ");
  const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : "";
  const summary = v.nodes[0]?.failureSummary?.split("\n").slice(0, 2).join(" ") ?? "";
  return `${v.impact} ${v.id} — ${v.help}\n      ${v.nodes.length} node(s): ${targets}${more}\n      ${summary}`;
}

describe("accessibility (axe-core)", () => {
  let server;
  let browser;
  const tally = {};

  before(async () => {
    server = await startServer(DIST());
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    console.log(`axe violations by impact (all pages, languages, themes): ${JSON.stringify(tally)}`);
  });

  test("a failed save marks each bad field, describes it with its error and focuses the first", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: DESKTOP });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    /** The text of the elements `aria-describedby` names, joined. */
    const description = (selector) =>
      page.$eval(selector, (el) =>
        (el.getAttribute("aria-describedby") ?? "")
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent ?? `#${id} is missing`)
          .join(" | "),
      );
    const focused = () => page.evaluate(() => document.activeElement?.dataset.field ?? document.activeElement?.id);
    try {
      await page.goto(server.url + "/customers/new");
      await appReady(page);
      await page.waitForSelector("[data-testid=customer-form]");
      // Every field is labelled before anything goes wrong.
      assert.deepEqual(
        await page.$$eval("[data-testid=customer-form] :is(input, select, textarea)", (fields) =>
          fields.filter((f) => !f.labels?.length && !f.getAttribute("aria-label")).map((f) => f.outerHTML),
        ),
        [],
        "fields without a label",
      );
      await page.fill("[data-field=emails]", "ayse-at-ornek");
      await page.fill("[data-field=identity-0]", "@");
      await page.click("[data-testid=save-customer]");
      await page.waitForSelector("[data-testid=form-errors]");
      // No name: the first field in error is the first name, and it has the focus.
      await page.waitForFunction(() => document.activeElement?.dataset.field === "first_name");
      for (const field of ["first_name", "emails", "identity-0"]) {
        assert.equal(await page.getAttribute(`[data-field="${field}"]`, "aria-invalid"), "true", field);
      }
      assert.equal(await page.getAttribute("[data-field=phones]", "aria-invalid"), "false");
      assert.match(await description("[data-field=emails]"), /ayse-at-ornek: email address has no @/);
      assert.match(await description("[data-field=emails]"), /comma/i, "the hint still describes the field");
      assert.ok((await description("[data-field=first_name]")).trim().length > 0, "the name's error describes it");
      assert.ok((await description("[data-field=identity-0]")).trim().length > 0, "the handle's error describes it");
      // With the name given, the next save focuses the email field.
      await page.fill("[data-field=first_name]", "Ayşe");
      await page.click("[data-testid=save-customer]");
      await page.waitForFunction(() => document.activeElement?.dataset.field === "emails");
      assert.equal(await page.getAttribute("[data-field=first_name]", "aria-invalid"), "false");
      await shot(page, "a11y-customer-form-errors-en");

      // The case form: an empty complaint text is marked, described and focused.
      await page.goto(server.url + "/cases/new");
      await appReady(page);
      assert.deepEqual(
        await page.$$eval("[data-testid=case-form] :is(input, select, textarea)", (fields) =>
          fields.filter((f) => !f.labels?.length && !f.getAttribute("aria-label")).map((f) => f.outerHTML),
        ),
        [],
        "case form fields without a label",
      );
      await page.click("[data-testid=save-case]");
      await page.waitForSelector("#case-text[aria-invalid=true]");
      assert.equal(await focused(), "text");
      assert.ok((await description("#case-text")).trim().length > 0, "the complaint's error describes it");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  for (const { locale, thousand, theme, viewport, combo } of COMBOS) {
    const screen = `${viewport.width}×${viewport.height}`;
    test(`every page in ${locale}, ${theme} theme, ${screen}, with 1,000 customers`, { timeout: 900_000 }, async () => {
      const context = await browser.newContext({ locale, colorScheme: theme, viewport });
      await context.addInitScript((t) => localStorage.setItem("ilgi.theme", t), theme);
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        const ids = await fill(page, server, thousand);
        const severe = [];
        const lesser = [];
        for (const route of ROUTES) {
          const path = route.path
            .replace(":customer", ids.customer)
            .replace(":case", ids.case)
            .replace(":merge", ids.merge);
          await page.goto(server.url + path);
          await appReady(page);
          assert.equal(
            await page.getAttribute("html", "data-theme"),
            theme,
            `${path}: the ${theme} theme is applied`,
          );
          await page.locator("main h1").first().waitFor({ state: "visible" });
          if (route.ready) await page.waitForSelector(route.ready, { timeout: 60_000 });
          if (route.action) await route.action(page, ids);
          // Let transitions and late renders finish.
          await page.waitForTimeout(300);
          if (viewport.width < DESKTOP.width) {
            // Reflow (WCAG 1.4.10): wide tables scroll inside their region,
            // the page itself never scrolls sideways.
            const { scroll, width } = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              width: document.documentElement.clientWidth,
            }));
            if (scroll > width) severe.push(`${route.name} (${path}) ${combo}: the page is ${scroll}px wide on a ${width}px screen`);
          }
          const violations = await check(page);
          for (const v of violations) {
            tally[v.impact] = (tally[v.impact] ?? 0) + 1;
            (SEVERE.has(v.impact) ? severe : lesser).push(`${route.name} (${path}) ${combo}: ${describeViolation(v)}`);
          }
          if (SHOTS.has(combo)) await shot(page, `a11y-${route.name}-${combo}`, { fullPage: true });
        }
        if (lesser.length) console.log(`moderate/minor in ${combo}:\n  ${lesser.join("\n  ")}`);
        if (severe.length) console.log(`SERIOUS/CRITICAL in ${combo}:\n  ${severe.join("\n  ")}`);
        assert.deepEqual(severe, [], `${severe.length} serious or critical violation(s) in ${combo}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
