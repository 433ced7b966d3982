// Keyboard alone: with 1,000 demo customers, the main flows — search a
// customer, open it, add a note, build a segment — are done with
// `page.keyboard` only (Tab, Shift+Tab, Enter, Space, typing; no clicks).
// Along the way: the skip link, the focus after each change of page (the
// new page's heading), a visible focus ring, toasts announced once by a
// live region that exists from the start, the note form's error handling,
// and the tables behind the charts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

const app = useApp();
const DESKTOP = { width: 1280, height: 900 };

/** A short description of the focused element, for failure messages. */
const focusedHtml = (page) =>
  page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160).replace(/\s+/g, " ") ?? "nothing");

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`;
 * returns how many presses it took, fails after `max`.
 */
async function tabTo(page, selector, { back = false, max = 120 } = {}) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`${selector} not reached in ${max} × ${back ? "Shift+Tab" : "Tab"}; focus is on ${await focusedHtml(page)}`);
}

/**
 * The focused element shows a focus ring: it matches `:focus-visible` (or,
 * for a heading the app focused after a change of page, its own
 * `[data-focus-ring]`) and an outline is drawn.
 */
async function assertVisibleFocus(page, what) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      visible: el.matches(":focus-visible") || el.matches("h1[data-focus-ring]:focus"),
      outline: style.outlineStyle,
      width: parseFloat(style.outlineWidth) || 0,
    };
  });
  assert.ok(ring.visible, `${what}: matches :focus-visible (${JSON.stringify(ring)})`);
  assert.ok(ring.outline !== "none" && ring.width >= 2, `${what}: an outline is drawn (${JSON.stringify(ring)})`);
}

/** Waits until the focus is on the page's heading and returns its text. */
async function focusOnHeading(page, what) {
  await page
    .waitForFunction(() => document.activeElement?.matches("main h1"), null, { timeout: 10_000 })
    .catch(async () => assert.fail(`${what}: the focus is not on the page's h1 but on ${await focusedHtml(page)}`));
  return page.evaluate(() => document.activeElement.textContent.trim());
}

/**
 * Records what is inserted into the toast live regions from now on: each
 * added element's text and each text change, by region.
 */
async function watchLiveRegions(page) {
  await page.evaluate(() => {
    window.__live = [];
    for (const region of document.querySelectorAll("[data-testid^=toast-live-]")) {
      new MutationObserver((records) => {
        for (const r of records) {
          for (const node of r.addedNodes) window.__live.push({ region: region.dataset.testid, added: node.textContent });
          if (r.type === "characterData") window.__live.push({ region: region.dataset.testid, changed: r.target.data });
        }
      }).observe(region, { childList: true, subtree: true, characterData: true });
    }
  });
}

/** What the live regions got since `watchLiveRegions`, and resets the record. */
const liveRecords = (page) => page.evaluate(() => window.__live.splice(0));

/** Live regions (of any kind, outermost) whose text contains `text`. */
const liveRegionsWith = (page, text) =>
  page.evaluate((t) => {
    const live = "[aria-live], [role=status], [role=alert]";
    return [...document.querySelectorAll(live)].filter((el) => !el.parentElement?.closest(live) && el.textContent.includes(t)).length;
  }, text);

/** Asserts the toast `text` was inserted once into the polite region and nothing else changed there. */
async function assertAnnouncedOnce(page, text) {
  await page.waitForTimeout(800);
  const records = await liveRecords(page);
  const mine = records.filter((r) => (r.added ?? r.changed ?? "").includes(text));
  assert.deepEqual(mine, [{ region: "toast-live-polite", added: text }], `“${text}” is inserted once: ${JSON.stringify(records)}`);
  assert.deepEqual(
    records.filter((r) => r.changed !== undefined),
    [],
    "no text in a live region is rewritten",
  );
  assert.equal(await liveRegionsWith(page, text), 1, `exactly one live region holds “${text}”`);
}

describe("keyboard only", () => {
  test("search a customer, open it, add a note and build a segment with the keyboard alone", { timeout: 300_000 }, async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: DESKTOP });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(app.server.url + "/customers");
      await appReady(page);
      await page.waitForSelector("[data-testid=demo-load]");

      // The toast live regions are there from the first render (the
      // service worker's "ready offline" notice may already be in one).
      assert.equal(await page.locator("[data-testid=toast-live-polite][role=status][aria-live=polite]").count(), 1);
      assert.equal(await page.locator("[data-testid=toast-live-assertive][role=alert]").count(), 1);
      assert.equal(await page.locator(".toasts[aria-live], .toasts [role=alert], .toasts[role]").count(), 0, "the visible stack is not a second live region");
      await watchLiveRegions(page);

      // The first Tab lands on the skip link, which is shown and leads to main.
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => document.activeElement.matches("a.skip-link")), `skip link first, not ${await focusedHtml(page)}`);
      await assertVisibleFocus(page, "skip link");
      const box = await page.locator("a.skip-link").boundingBox();
      assert.ok(box && box.y >= 0 && box.height > 0, "the focused skip link is on screen");
      await shot(page, "keyboard-01-skip-link");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "main");

      // Load the demo data from the empty list's panel.
      await tabTo(page, "[data-testid=demo-load]");
      await assertVisibleFocus(page, "demo button");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000"),
        null,
        { timeout: 120_000 },
      );
      await page.waitForSelector("[data-testid=toast]:has-text('Demo data loaded.')");
      await assertAnnouncedOnce(page, "Demo data loaded.");

      // 1. Search: type a name into the search box.
      const name = (await page.locator("[data-testid=customer-row] a.row-name").nth(3).textContent()).trim();
      await tabTo(page, "[data-testid=customer-search]", { back: true });
      await assertVisibleFocus(page, "search box");
      await page.keyboard.type(name);
      await page.waitForFunction(
        (n) => document.querySelector("[data-testid=customer-row] a.row-name")?.textContent.trim() === n,
        name,
      );
      await shot(page, "keyboard-02-search");

      // 2. Open: Tab to the first result and press Enter.
      await tabTo(page, "[data-testid=customer-row] a.row-name");
      assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), name);
      await assertVisibleFocus(page, "customer link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/customers\/[0-9a-f-]+$/);
      assert.match(await focusOnHeading(page, "customer page"), new RegExp(name));
      await assertVisibleFocus(page, "customer heading");
      await shot(page, "keyboard-03-customer");

      // 3. A note: an empty one is refused with the reason, then written.
      await tabTo(page, "[data-testid=interaction-add]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "interaction-text");
      assert.equal(await page.getAttribute("#interaction-text", "aria-invalid"), "true");
      const describedBy = await page.getAttribute("#interaction-text", "aria-describedby");
      assert.match(await page.textContent(`#${describedBy}`), /write what happened/i);
      assert.ok(await page.isVisible(`#${describedBy}`), "the error is shown");
      await shot(page, "keyboard-04-note-error");
      const note = "Called about the router; keyboard only";
      await page.keyboard.type(note);
      assert.equal(await page.getAttribute("#interaction-text", "aria-invalid"), "false");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`text=${note}`);
      // The note box is ready for the next one: empty, and still focused.
      await page.waitForFunction(() => document.querySelector("#interaction-text")?.value === "");
      await page.waitForFunction(() => document.activeElement?.id === "interaction-text", null, { timeout: 5_000 })
        .catch(async () => assert.fail(`the focus stays in the note box, not on ${await focusedHtml(page)}`));
      await shot(page, "keyboard-05-note-added");

      // 4. A segment: back to the navigation, Segments, New segment.
      await tabTo(page, "#main-nav a[href='/segments']", { back: true, max: 200 });
      await assertVisibleFocus(page, "navigation link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/segments$/);
      await focusOnHeading(page, "segments page");
      await assertVisibleFocus(page, "segments heading");
      await tabTo(page, "[data-testid=new-segment]");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/segments\/new$/);
      await focusOnHeading(page, "new segment page");
      await tabTo(page, "[data-testid=segment-name]");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("Keyboard champions");
      await tabTo(page, "[data-testid=rule-add-condition]");
      await assertVisibleFocus(page, "add condition");
      await page.keyboard.press("Enter");
      await page.waitForSelector("[data-testid=rule-condition] [data-testid=rule-choices]");
      // The condition's first choice (the Champions segment).
      await tabTo(page, "[data-testid=rule-field]", { back: true });
      await tabTo(page, "[data-testid=rule-choices] input[type=checkbox]");
      const code = await page.evaluate(() => document.activeElement.dataset.code);
      await page.keyboard.press("Space");
      assert.ok(await page.isChecked(`[data-testid=rule-choices] input[data-code='${code}']`), "Space ticks the choice");
      await page.waitForFunction(() => Number(document.querySelector("[data-testid=segment-count]")?.dataset.count) > 0, null, {
        timeout: 60_000,
      });
      await shot(page, "keyboard-06-segment-built");
      await tabTo(page, "[data-testid=segment-save]", { back: true });
      await assertVisibleFocus(page, "save button");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
      await page.waitForSelector("[data-testid=toast]:has-text('saved')");
      await assertAnnouncedOnce(page, "Segment saved.");
      assert.equal(await focusOnHeading(page, "saved segment"), "Keyboard champions");
      await shot(page, "keyboard-07-segment-saved");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("every chart has its figures in a table", { timeout: 300_000 }, async () => {
    const context = await app.browser.newContext({ locale: "tr-TR", viewport: DESKTOP });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      // The same browser storage as the first test's origin is not shared
      // across contexts: load the demo data here too.
      await page.goto(app.server.url + "/customers");
      await appReady(page);
      await page.waitForSelector("[data-testid=demo-load]");
      await tabTo(page, "[data-testid=demo-load]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1.000"),
        null,
        { timeout: 120_000 },
      );

      await page.goto(app.server.url + "/");
      await appReady(page);
      await page.waitForSelector("[data-testid=category-table]", { timeout: 120_000 });
      // Each bar or column chart: a table under it, one row per bar, with
      // the bar's figure (a count, written the Turkish way).
      for (const chart of ["rfm-chart", "clv-chart", "new-customers-chart"]) {
        const details = page.locator(`[data-testid=${chart}-table]`);
        await details.locator("summary").focus();
        await page.keyboard.press("Enter");
        assert.ok(await details.evaluate((d) => d.open), `${chart}: Enter opens the table`);
        const caption = await details.locator("caption").textContent();
        assert.equal(caption, await page.getAttribute(`[data-testid=${chart}]`, "aria-label"), `${chart}: the caption is the chart's name`);
        assert.ok((await details.locator("thead th[scope=col]").count()) === 2, `${chart}: two column headers`);
        const figures = await page.$$eval(`[data-testid=${chart}] g[data-key]`, (gs) => gs.map((g) => Number(g.dataset.value)));
        const rows = await details.locator("tbody tr").evaluateAll((trs) =>
          trs.map((tr) => ({ head: tr.querySelector("th[scope=row]")?.textContent, value: tr.querySelector("td")?.textContent })),
        );
        assert.ok(figures.length > 1, `${chart}: has bars`);
        assert.equal(rows.length, figures.length, `${chart}: one row per bar`);
        rows.forEach((row, i) => {
          assert.ok(row.head, `${chart} row ${i}: a row header`);
          assert.equal(Number(row.value.replace(/\D/g, "")), figures[i], `${chart} row ${i}: ${row.value} is the bar's ${figures[i]}`);
        });
        await shot(page, `keyboard-chart-table-${chart}`);
      }
      // The categories chart has the full table beside it.
      assert.equal(
        await page.locator("[data-testid=category-row]").count(),
        await page.locator("[data-testid=category-chart] g[data-key]").count(),
      );

      // The posts per day: one row per day, the parts adding up to the day's total.
      await page.goto(app.server.url + "/mentions/noise");
      await appReady(page);
      await page.waitForSelector("[data-testid=noise-per-day] .column", { timeout: 60_000 });
      const totals = await page.$$eval("[data-testid=noise-per-day] g[data-key]", (gs) => gs.map((g) => Number(g.dataset.value)));
      const sums = await page.$$eval("[data-testid=noise-per-day-table] tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].reduce((n, td) => n + Number(td.textContent.replace(/\D/g, "")), 0)),
      );
      assert.ok(totals.length > 1);
      assert.deepEqual(sums, totals);
      assert.equal(await page.locator("[data-testid=noise-per-day-table] thead th").count(), 4, "day and three sentiments");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a failed submit marks, describes and focuses the first invalid field (pasted post, case)", { timeout: 120_000 }, async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: DESKTOP });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    /** The text of what the field's `aria-describedby` names. */
    const description = (selector) =>
      page.$eval(selector, (el) =>
        (el.getAttribute("aria-describedby") ?? "")
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent ?? `#${id} is missing`)
          .join(" | "),
      );
    const focusedId = () => page.evaluate(() => document.activeElement?.id);
    try {
      await page.goto(app.server.url + "/mentions");
      await appReady(page);
      // The paste form: open it, submit it empty.
      await tabTo(page, "[data-testid=paste-post] summary");
      await page.keyboard.press("Enter");
      const fields = "[data-testid=paste-post] :is(input, select, textarea)";
      assert.deepEqual(
        await page.$$eval(fields, (all) => all.filter((f) => !f.labels?.length && !f.getAttribute("aria-label")).map((f) => f.outerHTML)),
        [],
        "paste form fields without a label",
      );
      await tabTo(page, "[data-testid=paste-save]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "paste-post-id");
      assert.equal(await page.getAttribute("#paste-post-id", "aria-invalid"), "true");
      assert.match(await description("#paste-post-id"), /post id/i);
      await shot(page, "keyboard-08-paste-error");
      // With a post id, Enter in the field submits again: now the text is missing.
      await page.keyboard.type("1790000000000000123");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "paste-text");
      assert.equal(await page.getAttribute("#paste-text", "aria-invalid"), "true");
      assert.equal(await page.getAttribute("#paste-post-id", "aria-invalid"), "false");
      assert.equal(await page.getAttribute("#paste-post-id", "aria-describedby"), null, "a valid field is not described by the error");
      assert.match(await description("#paste-text"), /text is required/i);

      // The case form: an empty complaint is marked, described and focused.
      await tabTo(page, "#main-nav a[href='/cases']", { back: true, max: 200 });
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/cases$/);
      await focusOnHeading(page, "cases page");
      await page.goto(app.server.url + "/cases/new");
      await appReady(page);
      await page.waitForSelector("[data-testid=case-form]");
      await tabTo(page, "[data-testid=save-case]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "case-text");
      assert.equal(await page.getAttribute("#case-text", "aria-invalid"), "true");
      assert.match(await description("#case-text"), /\S/);
      await page.keyboard.type("The modem drops every evening");
      assert.equal(await page.getAttribute("#case-text", "aria-invalid"), "false");
      await shot(page, "keyboard-09-case-form");
      assert.deepEqual(errors, []);
      assert.equal(await focusedId(), "case-text");
    } finally {
      await context.close();
    }
  });
});
