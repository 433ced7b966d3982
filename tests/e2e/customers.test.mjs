// The customer database: demo data, Turkish-aware search, the form with
// inline errors, persistence across reloads, the detail page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

/** What the app's search folding does, written independently in JS. */
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

async function openCustomers(browser, server, locale = "en-US") {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url + "/customers");
  await appReady(page);
  return { context, page, errors };
}

async function loadDemo(page) {
  await page.waitForSelector("[data-testid=demo-panel]");
  await page.check("input[name=demo-size][value='1000']");
  await page.click("[data-testid=demo-load]");
  await page.waitForSelector("[data-testid=job-progress] [role=progressbar]");
  await page.waitForFunction(
    () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
    null,
    { timeout: 120_000 },
  );
}

async function addCustomer(page, fields) {
  await page.click("[data-testid=new-customer]");
  await page.waitForSelector("[data-testid=customer-form]");
  for (const [name, value] of Object.entries(fields)) {
    await page.fill(`[data-field=${name}]`, value);
  }
  await page.click("[data-testid=save-customer]");
}

describe("customers", () => {
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

  test("loading 1,000 demo customers shows progress, fills the list and survives a reload", async () => {
    const { context, page, errors } = await openCustomers(browser, server);
    await shot(page, "customers-empty-en");
    const progressSeen = page
      .waitForSelector("[data-testid=job-progress] [role=progressbar]", { timeout: 30_000 })
      .then(() => true);
    await loadDemo(page);
    assert.equal(await progressSeen, true);
    assert.equal(await page.locator("[data-testid=customer-row]").count(), 50);
    assert.equal(await page.locator("[data-testid=demo-panel]").count(), 0);
    // The pager: 1,000 customers are 20 pages; "Next" turns to page 2.
    assert.match(await page.textContent("[data-testid=page-of]"), /1\D+20/);
    assert.equal(await page.textContent("[data-testid=page-next]"), "Next");
    const firstName = await page.textContent("[data-testid=customer-row] .row-name");
    await page.click("[data-testid=page-next]");
    await page.waitForFunction(() => /2\D+20/.test(document.querySelector("[data-testid=page-of]")?.textContent));
    assert.equal(new URL(page.url()).searchParams.get("page"), "2");
    assert.notEqual(await page.textContent("[data-testid=customer-row] .row-name"), firstName);
    await page.click("[data-testid=page-prev]");
    await page.waitForFunction(() => /1\D+20/.test(document.querySelector("[data-testid=page-of]")?.textContent));
    await shot(page, "customers-list-en");
    await page.reload();
    await appReady(page);
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
    );
    assert.equal(await page.locator("[data-testid=customer-row]").count(), 50);
    // Names are in Turkish alphabetical order.
    const names = await page.locator("[data-testid=customer-row] .row-name").allTextContents();
    const lastNames = names.map((n) => n.split(" ").slice(-1)[0]);
    const sorted = [...lastNames].sort((a, b) => a.localeCompare(b, "tr"));
    assert.deepEqual(lastNames.map(fold).slice(0, 10), sorted.map(fold).slice(0, 10));
    // The detail page shows purchases and a timeline.
    await page.click("[data-testid=customer-row] .row-name >> nth=0");
    await page.waitForSelector("[data-testid=customer-name]");
    assert.ok((await page.locator("[data-testid=customer-purchases] tbody tr").count()) >= 0);
    await shot(page, "customer-detail-en");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("search folds Turkish letters and finds exactly the matching rows, and the URL keeps the query", async () => {
    const { context, page, errors } = await openCustomers(browser, server, "tr-TR");
    await addCustomer(page, { first_name: "IŞIK", last_name: "Çağlayan", emails: "isik@ornek.com", city: "İstanbul", phones: "0532 111 22 33" });
    await page.waitForSelector("[data-testid=customer-name]");
    await page.goto(server.url + "/customers");
    await appReady(page);
    await addCustomer(page, { first_name: "Ilgaz", last_name: "Kaya", emails: "ilgaz@ornek.com", city: "izmir" });
    await page.waitForSelector("[data-testid=customer-name]");
    await page.goto(server.url + "/customers");
    await appReady(page);
    await page.waitForSelector("[data-testid=customer-row]");
    for (const [typed, expected] of [
      ["ışık", ["IŞIK Çağlayan"]],
      ["isik caglayan", ["IŞIK Çağlayan"]],
      ["ISTANBUL", ["IŞIK Çağlayan"]],
      ["İZMİR", ["Ilgaz Kaya"]],
      ["0532 111 22", ["IŞIK Çağlayan"]],
      ["ılgaz", ["Ilgaz Kaya"]],
      ["yok-böyle-biri", []],
    ]) {
      await page.fill("[data-testid=customer-search]", typed);
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-testid=customer-row]").length === n,
        expected.length,
      );
      const names = await page.locator("[data-testid=customer-row] .row-name").allTextContents();
      assert.deepEqual(names, expected, `search ${typed}`);
    }
    await page.fill("[data-testid=customer-search]", "istanbul");
    await page.waitForURL(/q=istanbul/);
    await page.reload();
    await appReady(page);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=customer-row]").length === 1);
    assert.equal(await page.inputValue("[data-testid=customer-search]"), "istanbul");
    await shot(page, "customers-search-tr");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the form shows each bad field inline, and a saved customer is still there after a reload", async () => {
    const { context, page, errors } = await openCustomers(browser, server);
    await addCustomer(page, { first_name: "Ayşe", last_name: "Yılmaz", emails: "ayse-at-ornek", phones: "0532 12" });
    await page.waitForSelector("[data-testid=form-errors]");
    assert.match(await page.textContent("[data-error-for=emails]"), /ayse-at-ornek: email address has no @/);
    assert.match(await page.textContent("[data-error-for=phones]"), /wrong number of digits/);
    assert.equal(await page.getAttribute("[data-field=emails]", "aria-invalid"), "true");
    await shot(page, "customer-form-errors-en");
    await page.fill("[data-field=emails]", "ayse@ornek.com");
    await page.fill("[data-field=phones]", "0532 123 45 67");
    await page.fill("[data-field=identity-0]", "@ayse.yilmaz");
    await page.fill("[data-field=followers-0]", "12500");
    await page.selectOption("[data-field=consent-sms]", "yes");
    await page.click("[data-testid=save-customer]");
    await page.waitForSelector("[data-testid=customer-name]");
    const url = page.url();
    await page.reload();
    await appReady(page);
    await page.waitForSelector("[data-testid=customer-name]");
    assert.equal(page.url(), url);
    assert.equal(await page.textContent("[data-testid=customer-name]"), "Ayşe Yılmaz");
    assert.equal(await page.textContent("[data-testid=customer-phones]"), "+90 532 123 45 67");
    assert.match(await page.textContent("[data-testid=customer-identities]"), /@ayse\.yilmaz/);
    assert.match(await page.textContent("[data-testid=customer-consents]"), /SMS: granted on/);
    await page.fill("[data-testid=interaction-text]", "Fatura sorusu için arandı");
    await page.click("[data-testid=add-interaction] button[type=submit]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=customer-timeline]")?.textContent.includes("Fatura sorusu için arandı"),
    );
    await shot(page, "customer-saved-en");
    // Edit, then delete.
    await page.click("[data-testid=edit-customer]");
    await page.waitForSelector("[data-testid=customer-form]");
    await page.fill("[data-field=city]", "Bursa");
    // Withdrawing the SMS consent adds a decision; the first one stays.
    await page.selectOption("[data-field=consent-sms]", "no");
    await page.click("[data-testid=save-customer]");
    await page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Bursa");
    assert.match(await page.textContent("[data-testid=customer-consents]"), /SMS: withdrawn on/);
    await page.click("[data-testid=consent-history] summary");
    const history = await page.textContent("[data-testid=consent-history]");
    assert.match(history, /Every decision \(2\)/);
    assert.match(history, /SMS: withdrawn on[\s\S]*SMS: granted on/);
    await shot(page, "customer-consent-history-en");
    await page.click("[data-testid=delete-customer]");
    await page.click("[data-testid=delete-confirm]");
    await page.waitForURL(server.url + "/customers");
    await page.goto(url);
    await appReady(page);
    await page.waitForSelector("text=This customer does not exist");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
