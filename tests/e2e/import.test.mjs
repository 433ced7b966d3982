// CSV import and export: bad rows are reported exactly, good rows land,
// and exporting then re-importing creates no duplicates.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

const CUSTOMERS = [
  "Ad;Soyad;E-posta;Telefon;Şehir;Seviye",
  "Şükrü;Işık;sukru@ornek.com;0532 111 22 33;İzmir;altın",
  "Bozuk;Eposta;bozuk-eposta;0532 111 22 34;Ankara;standart",
  "Zeynep;Ünal;zeynep@ornek.com;0533 222 33 44;Bursa;gümüş",
  "Kısa;Telefon;kisa@ornek.com;0532 12;Adana;standart",
  "Cem;Öz;cem@ornek.com;;Antalya;platin",
  "Yanlış;Seviye;yanlis@ornek.com;;Konya;elmas",
].join("\r\n");

const PURCHASES = [
  "customer_email,date,amount,sku,product",
  'sukru@ornek.com,15.03.2025,"1.234,50",IPH15,iPhone 15',
  "zeynep@ornek.com,2025-02-30,100,CASE,Kılıf",
  "nobody@ornek.com,2025-01-01,100,CASE,Kılıf",
  "zeynep@ornek.com,01.04.2025,250,CASE,Kılıf",
].join("\n");

const dir = mkdtempSync(join(tmpdir(), "ilgi-import-"));
const file = (name, text, bom = true) => {
  const path = join(dir, name);
  writeFileSync(path, (bom ? "\ufeff" : "") + text);
  return path;
};

async function importFile(page, server, kind, path) {
  await page.goto(server.url + "/customers/import");
  await appReady(page);
  await page.check(`input[name=import-kind][value=${kind}]`);
  await page.setInputFiles("[data-testid=import-file]", path);
  await page.waitForSelector("[data-testid=import-mapping]");
  await page.click("[data-testid=import-start]");
  await page.waitForSelector("[data-testid=import-report]", { timeout: 60_000 });
  const text = async (id) => (await page.textContent(`[data-testid=${id}]`)).replace(/\D+/g, "");
  return {
    created: Number(await text("import-created")),
    updated: Number(await text("import-updated")),
    unchanged: Number(await text("import-unchanged")),
    rejected: Number(await text("import-rejected")),
  };
}

async function download(page, server, testid) {
  await page.goto(server.url + "/settings");
  await appReady(page);
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=${testid}]`)]);
  const path = join(dir, await file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

describe("CSV import and export", () => {
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

  test("bad rows are reported with line, column and reason; good rows are in; re-imports add nothing", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    const first = await importFile(page, server, "customers", file("musteriler.csv", CUSTOMERS));
    assert.deepEqual(first, { created: 3, updated: 0, unchanged: 0, rejected: 3 });
    const rows = await page.locator("[data-testid=rejected-row]").evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows.map(([line, column, value]) => [line, column, value]),
      [
        ["3", "E-posta", "bozuk-eposta"],
        ["5", "Telefon", "0532 12"],
        ["7", "Seviye", "elmas"],
      ],
    );
    assert.match(rows[0][3], /no @/);
    await shot(page, "import-report-en");
    const [report] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=import-report-download]")]);
    const reportText = readFileSync(await report.path(), "utf8");
    assert.match(reportText, /^\ufeff?line,column,value,reason\r?\n3,E-posta,bozuk-eposta,/);

    await page.goto(server.url + "/customers?q=sukru%20isik");
    await appReady(page);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=customer-row]").length === 1);
    assert.equal(await page.textContent("[data-testid=customer-row] .row-name"), "Şükrü Işık");

    const purchases = await importFile(page, server, "purchases", file("satislar.csv", PURCHASES, false));
    assert.deepEqual(purchases, { created: 2, updated: 0, unchanged: 0, rejected: 2 });
    const purchaseRejects = await page.locator("[data-testid=rejected-row]").evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.line),
    );
    assert.deepEqual(purchaseRejects, ["3", "4"]);

    // Export → re-import: nothing new.
    const customersCsv = await download(page, server, "export-customers");
    const again = await importFile(page, server, "customers", customersCsv);
    assert.deepEqual(again, { created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const purchasesCsv = await download(page, server, "export-purchases");
    assert.match(readFileSync(purchasesCsv, "utf8"), /1234\.50/);
    const againPurchases = await importFile(page, server, "purchases", purchasesCsv);
    assert.deepEqual(againPurchases, { created: 0, updated: 0, unchanged: 2, rejected: 0 });

    await page.goto(server.url + "/settings");
    await appReady(page);
    await page.waitForFunction(() =>
      /^3 customers, 2 purchases/.test(document.querySelector("[data-testid=data-counts]")?.textContent ?? ""),
    );
    await shot(page, "settings-data-en");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("an exported file neutralises formula injection", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const csv = ["first_name,last_name,city", '"=HYPERLINK(""x"")",+Kötü,@Şehir'].join("\n");
    const report = await importFile(page, server, "customers", file("formula.csv", csv));
    assert.equal(report.created, 1);
    const exported = readFileSync(await download(page, server, "export-customers"), "utf8");
    assert.match(exported, /'=HYPERLINK\(""x""\)/);
    assert.match(exported, /'\+Kötü/);
    assert.match(exported, /'@Şehir/);
    await context.close();
  });
});
