// Several tabs of one browser profile share the database: writes in one
// tab reach the others without a reload, edits of different fields both
// survive, the same field edited on a stale copy is refused with a
// message, and an upgrade in another tab tells the old tab what to do.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await appReady(page);
  return { page, errors };
}

const countIs = (page, text) =>
  page.waitForFunction(
    (t) => document.querySelector("[data-testid=customer-count]")?.textContent.includes(t),
    text,
    { timeout: 120_000 },
  );

async function editField(page, url, field, value) {
  await page.goto(url + "/edit");
  await appReady(page);
  await page.waitForSelector("[data-testid=customer-form]");
  await page.fill(`[data-field=${field}]`, value);
}

describe("several tabs", () => {
  const app = useApp();

  test("a demo load and edits in tab A appear in tab B; different fields both win; the same field is refused", async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
    const a = await open(context, app.server.url + "/customers");
    const b = await open(context, app.server.url + "/customers");
    await a.page.waitForSelector("[data-testid=demo-panel]");
    await a.page.check("input[name=demo-size][value='1000']");
    await a.page.click("[data-testid=demo-load]");
    await countIs(a.page, "1,000 customers");
    // Tab B was never reloaded.
    await countIs(b.page, "1,000 customers");
    await shot(b.page, "tabs-b-after-demo-in-a-en");

    // A new customer made in A shows up in B's search.
    await a.page.click("[data-testid=new-customer]");
    await a.page.waitForSelector("[data-testid=customer-form]");
    await a.page.fill("[data-field=first_name]", "Zümrüt");
    await a.page.fill("[data-field=last_name]", "Işıklı");
    await a.page.fill("[data-field=city]", "İzmir");
    await a.page.click("[data-testid=save-customer]");
    await a.page.waitForSelector("[data-testid=customer-name]");
    const url = a.page.url();
    await countIs(b.page, "1,001 customers");
    await b.page.fill("[data-testid=customer-search]", "zumrut isikli");
    await b.page.waitForFunction(() => document.querySelectorAll("[data-testid=customer-row]").length === 1);

    // Both tabs open the edit form of the same customer; A changes the
    // city, B the owner: both edits are kept.
    await editField(a.page, url, "city", "Ankara");
    await editField(b.page, url, "owner", "Deniz");
    await a.page.click("[data-testid=save-customer]");
    await a.page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Ankara");
    await b.page.click("[data-testid=save-customer]");
    await b.page.waitForFunction(() => document.querySelector("[data-testid=customer-owner]")?.textContent === "Deniz");
    assert.equal(await b.page.textContent("[data-testid=customer-city]"), "Ankara");
    // A's open detail page follows B's save without a reload.
    await a.page.waitForFunction(() => document.querySelector("[data-testid=customer-owner]")?.textContent === "Deniz");
    await shot(a.page, "tabs-a-both-edits-en");

    // The same field on both: the second save is refused and says so.
    await editField(a.page, url, "city", "Bursa");
    await editField(b.page, url, "city", "Van");
    await a.page.click("[data-testid=save-customer]");
    await a.page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Bursa");
    await b.page.click("[data-testid=save-customer]");
    const toast = await b.page.waitForSelector("[data-testid=toast]:has-text('changed the same fields')");
    assert.match(await toast.textContent(), /Fields: City/);
    // Nothing was overwritten, and B's form now shows A's value.
    await b.page.waitForFunction(() => document.querySelector("[data-field=city]")?.value === "Bursa");
    assert.equal(b.page.url(), url + "/edit");
    await shot(b.page, "tabs-b-conflict-en");
    // Saving again now is a deliberate choice and goes through.
    await b.page.fill("[data-field=city]", "Van");
    await b.page.click("[data-testid=save-customer]");
    await b.page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Van");

    // B is writing a note when A adds one to the same customer: B's page
    // shows A's note and B keeps what was typed, and where.
    await b.page.click("[data-testid=interaction-text]");
    await b.page.keyboard.type("Asked for a quote, ");
    // The field itself must not be drawn again: a keystroke that lands
    // while a new copy replaces it would be lost.
    await b.page.evaluate(() => {
      document.querySelector("[data-testid=interaction-text]").dataset.drawnOnce = "yes";
    });
    await a.page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Van");
    await a.page.fill("[data-testid=interaction-text]", "Visited the shop");
    await a.page.click("[data-testid=interaction-add]");
    await b.page.waitForSelector("[data-testid=customer-timeline] >> text=Visited the shop");
    assert.equal(await b.page.inputValue("[data-testid=interaction-text]"), "Asked for a quote, ");
    assert.equal(
      await b.page.getAttribute("[data-testid=interaction-text]", "data-drawn-once"),
      "yes",
      "the note field was drawn again when another tab wrote",
    );
    await b.page.waitForFunction(() => document.activeElement?.id === "interaction-text", null, { timeout: 5_000 });
    await shot(b.page, "tabs-b-note-kept-en");
    await b.page.keyboard.type("sending it Monday");
    await b.page.keyboard.press("Enter");
    await a.page.waitForSelector("[data-testid=customer-timeline] >> text=Asked for a quote, sending it Monday");
    assert.equal(await b.page.inputValue("[data-testid=interaction-text]"), "");
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    await context.close();
  });

  test("an upgrade in another tab tells the old tab to reload", async () => {
    const context = await app.browser.newContext({ locale: "tr-TR", viewport: { width: 1280, height: 900 } });
    const old = await open(context, app.server.url + "/customers");
    const other = await context.newPage();
    await other.goto(app.server.url + "/customers");
    await appReady(other);
    // A newer build in the second tab opens the database at a higher
    // version; the old tab must let go and say what to do.
    await other.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const req = indexedDB.open("ilgi", 1000);
          req.onupgradeneeded = () => {};
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
    );
    const toast = await old.page.waitForSelector("[data-testid=toast]:has-text('başka bir sekmede yükseltildi')");
    assert.match(await toast.textContent(), /yenileyin/);
    await shot(old.page, "tabs-old-tab-after-upgrade-tr");
    await context.close();
  });
});
