// Duplicate customers in the real app: the demo plants duplicates (a name
// typed without Turkish letters, in capitals, with two letters swapped;
// the phone written another way; the mailbox at another provider), the
// scan lists them, one is merged field by field, and the record that stays
// holds every purchase of both.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

/** The app's name folding (Turkish letters to ASCII, lower case), in JS. */
const fold = (s) =>
  s
    .replace(/I/g, "ı")
    .replace(/İ/g, "i")
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ı/g, "i")
    .replace(/\s+/g, " ")
    .trim();

const MISSING = "This customer does not exist (it may have been deleted).";

const countIs = (page, text) =>
  page.waitForFunction(
    (t) => document.querySelector("[data-testid=customer-count]")?.textContent.includes(t),
    text,
    { timeout: 120_000 },
  );

/** The pairs on screen: names, level and the merge link. */
const listedPairs = (page) =>
  page.$$eval("[data-testid=dup-pair]", (rows) =>
    rows.map((r) => ({
      level: r.dataset.level,
      names: [...r.querySelectorAll("[data-testid=dup-name]")].map((a) => a.textContent),
      ids: [...r.querySelectorAll("[data-testid=dup-name]")].map((a) => a.getAttribute("href").split("/").pop()),
      review: r.querySelector("[data-testid=dup-review]").getAttribute("href"),
      reasons: r.querySelector("[data-testid=dup-reasons]").textContent,
    })),
  );

const purchaseRows = async (page, id) => {
  await page.goto(`${page.url().split("/customers")[0]}/customers/${id}`);
  await appReady(page);
  await page.waitForSelector("[data-testid=customer-purchases]");
  return page.locator("[data-testid=customer-purchases] tbody tr").count();
};

describe("duplicates", () => {
  const app = useApp();

  test("planted duplicates are found and one is merged with every purchase of both", async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(app.server.url + "/customers");
    await appReady(page);
    await page.waitForSelector("[data-testid=demo-panel]");
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await countIs(page, "1,000 customers");

    // From the list's toolbar to the scan.
    await page.click("[data-testid=open-duplicates]");
    await page.waitForSelector("[data-testid=dup-not-scanned]");
    await page.click("[data-testid=dup-scan]");
    await page.waitForSelector("[data-testid=dup-count]", { timeout: 60_000 });
    const pairs = await listedPairs(page);
    const sure = pairs.filter((p) => p.level === "certain" || p.level === "likely");
    assert.ok(sure.length >= 10, `${sure.length} certain or likely pairs`);
    // Names written another way: the same when folded, different on screen.
    const retyped = sure.filter((p) => p.names[0] !== p.names[1] && fold(p.names[0]) === fold(p.names[1]));
    assert.ok(retyped.length >= 5, JSON.stringify(pairs.map((p) => p.names)));
    const capitals = retyped.find((p) => p.names.some((n) => n === n.toLocaleUpperCase("tr") && /[A-Z]/.test(n)));
    assert.ok(capitals, "a pair written in capitals");
    assert.match(capitals.reasons, /same mailbox name/);
    const ascii = retyped.find((p) => p.names.some((n) => /[çğıöşüÇĞİÖŞÜ]/.test(n)) && p.names.some((n) => !/[^\x00-\x7f]/.test(n)));
    assert.ok(ascii, "a pair typed without Turkish letters");
    assert.match(await page.textContent("[data-testid=dup-count]"), /\d+ pairs/);
    await shot(page, "duplicates-list-en");

    // The level filter.
    await page.selectOption("[data-testid=dup-filter-level]", "certain");
    const certain = await listedPairs(page);
    assert.ok(certain.length > 0 && certain.every((p) => p.level === "certain"));
    await page.selectOption("[data-testid=dup-filter-level]", "");

    // "Not the same person" sets a pair aside, also after a new scan.
    const before = (await listedPairs(page)).length;
    const last = pairs.filter((p) => p !== capitals).at(-1);
    await page.click(`[data-testid=dup-pair]:has(a[href$="${last.ids[0]}"]):has(a[href$="${last.ids[1]}"]) [data-testid=dup-dismiss]`);
    assert.equal((await listedPairs(page)).length, before - 1);
    await page.click("[data-testid=dup-scan]");
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=dup-pair]").length === n, before - 1);
    assert.match(await page.textContent("[data-testid=dup-count]"), /one set aside/);

    // Purchases of both, counted on their pages.
    const [a, b] = capitals.ids;
    const purchasesA = await purchaseRows(page, a);
    const purchasesB = await purchaseRows(page, b);
    assert.ok(purchasesA > 0 && purchasesB > 0, "each record has purchases of its own");

    // The merge screen.
    await page.goto(app.server.url + capitals.review);
    await appReady(page);
    await page.waitForSelector("[data-testid=merge-table]");
    assert.equal(await page.textContent("[data-testid=merge-purchases-0]"), String(purchasesA));
    assert.equal(await page.textContent("[data-testid=merge-purchases-1]"), String(purchasesB));
    const stays = (await page.isChecked("[data-testid=merge-survivor-0]")) ? 0 : 1;
    const other = 1 - stays;
    assert.ok(
      (stays === 0 ? purchasesA >= purchasesB : purchasesB >= purchasesA),
      "the record with more purchases stays by default",
    );
    const survivorId = capitals.ids[stays];
    // The external id is taken from the other record.
    const externalOther = await page.textContent(`[data-testid=merge-pick-external_id-${other}] + .merge-value`);
    assert.match(externalOther, /^M-\d{6}$/);
    await page.check(`[data-testid=merge-pick-external_id-${other}]`);
    assert.equal(
      await page.getAttribute("[data-testid=merge-field][data-field=first_name]", "data-differs"),
      "true",
      "the names differ in case, a choice",
    );
    await shot(page, "merge-screen-en", { fullPage: true });
    await page.selectOption("[data-testid=language-switch]", "tr");
    await page.waitForSelector("text=Bu kayıt kalsın");
    await shot(page, "merge-screen-tr", { fullPage: true });
    await page.selectOption("[data-testid=language-switch]", "en");

    await page.click("[data-testid=merge-submit]");
    await page.waitForURL(`**/customers/${survivorId}`);
    await page.waitForSelector("[data-testid=customer-purchases]");
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=customer-purchases] tbody tr").length === n,
      purchasesA + purchasesB,
    );
    assert.match(await page.textContent("[data-testid=customer-timeline]"), /⇄/);
    assert.match(await page.textContent(".facts"), new RegExp(externalOther));
    await shot(page, "merge-survivor-en", { fullPage: true });

    // One customer fewer; the other record is gone.
    await page.goto(app.server.url + "/customers");
    await appReady(page);
    await countIs(page, "999 customers");
    await page.goto(`${app.server.url}/customers/${capitals.ids[other]}`);
    await appReady(page);
    await page.waitForSelector("[data-page=customer] h1");
    assert.equal(await page.textContent("[data-page=customer] h1"), MISSING);

    // The Turkish list.
    await page.goto(app.server.url + "/customers/duplicates");
    await appReady(page);
    await page.selectOption("[data-testid=language-switch]", "tr");
    await page.click("[data-testid=dup-scan]");
    await page.waitForSelector("[data-testid=dup-count]", { timeout: 60_000 });
    assert.ok((await listedPairs(page)).every((p) => !p.ids.includes(capitals.ids[other])), "the merged pair is gone");
    await shot(page, "duplicates-list-tr");
    await page.selectOption("[data-testid=language-switch]", "en");

    assert.deepEqual(errors, []);
    await context.close();
  });
});
