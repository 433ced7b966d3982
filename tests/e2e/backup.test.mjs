// Backup and restore: a backup restores every record after a reset; a
// damaged backup is refused with line numbers and changes nothing.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, shot, startServer } from "./support.mjs";

const dir = mkdtempSync(join(tmpdir(), "ilgi-backup-"));

async function counts(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector("[data-testid=data-counts]")?.textContent ?? ""));
  const text = await page.textContent("[data-testid=data-counts]");
  const [customers, purchases, interactions] = text.match(/\d[\d,]*/g).map((n) => Number(n.replace(/,/g, "")));
  return { customers, purchases, interactions };
}

describe("backup and restore", () => {
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

  test("a backup brings back every record after a reset, and a damaged one is refused", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/customers");
    await appReady(page);
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 120_000 },
    );
    // A saved segment is part of the backup too.
    await page.goto(server.url + "/segments/new");
    await appReady(page);
    await page.fill("[data-testid=segment-name]", "Yedekte kalan segment");
    await page.click("[data-testid=segment-save]");
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    await page.goto(server.url + "/settings");
    await appReady(page);
    const before = await counts(page);
    assert.equal(before.customers, 1000);
    assert.ok(before.purchases > 1000);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=backup-download]")]);
    const backup = join(dir, download.suggestedFilename());
    await download.saveAs(backup);
    const lines = readFileSync(backup, "utf8").trimEnd().split("\n");
    assert.equal(JSON.parse(lines[0]).format, "ilgi-backup");
    // Consent decisions are records of their own, counted in the header.
    const consentLines = lines.filter((l) => JSON.parse(l).entity === "consent").length;
    assert.ok(consentLines > 0, "the demo records consent decisions");
    assert.equal(JSON.parse(lines[0]).counts.consent, consentLines);
    assert.ok(lines.every((l, i) => i === 0 || JSON.parse(l).entity !== "customer" || !("consents" in JSON.parse(l).record)));
    // The demo's social posts are records too.
    const mentionLines = lines.filter((l) => JSON.parse(l).entity === "mention").length;
    assert.ok(mentionLines >= 300, `the demo brings social posts: ${mentionLines}`);
    assert.equal(JSON.parse(lines[0]).counts.mention, mentionLines);
    assert.equal(lines.length, 1 + before.customers + before.purchases + before.interactions + 1 + consentLines + mentionLines);
    assert.equal(lines.filter((l) => JSON.parse(l).entity === "segment").length, 1);

    await page.click("[data-testid=reset-data]");
    await page.click("[data-testid=reset-confirm]");
    await page.waitForFunction(() => /^0 customers, 0 purchases/.test(document.querySelector("[data-testid=data-counts]")?.textContent ?? ""));

    // A damaged copy: line 3 cut in half. Nothing may change.
    const damaged = join(dir, "damaged.jsonl");
    const broken = [...lines];
    broken[2] = broken[2].slice(0, 40);
    writeFileSync(damaged, broken.join("\n") + "\n");
    await page.setInputFiles("[data-testid=restore-file]", damaged);
    await page.click("[data-testid=restore-confirm]");
    await page.waitForSelector("[data-testid=restore-errors]");
    const lineNumbers = await page.locator("[data-testid=restore-errors] li").evaluateAll((lis) => lis.map((li) => li.dataset.line));
    assert.ok(lineNumbers.includes("3"), `line 3 reported: ${lineNumbers}`);
    await shot(page, "restore-errors-en");
    assert.equal((await counts(page)).customers, 0);

    await page.setInputFiles("[data-testid=restore-file]", backup);
    await page.click("[data-testid=restore-confirm]");
    await page.waitForFunction(
      (n) => new RegExp(`^${n} customers`).test(document.querySelector("[data-testid=data-counts]")?.textContent.replace(/,/g, "") ?? ""),
      before.customers,
      { timeout: 120_000 },
    );
    assert.deepEqual(await counts(page), before);
    // Every consent decision came back: a new backup holds the same ones.
    const [again] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=backup-download]")]);
    const second = join(dir, "second-" + again.suggestedFilename());
    await again.saveAs(second);
    const consentIds = (text) =>
      text.trimEnd().split("\n").slice(1).map((l) => JSON.parse(l)).filter((r) => r.entity === "consent").map((r) => r.record.id).sort();
    assert.deepEqual(consentIds(readFileSync(second, "utf8")), consentIds(lines.join("\n")));
    await page.goto(server.url + "/customers");
    await appReady(page);
    await page.waitForFunction(() => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"));
    await page.goto(server.url + "/segments");
    await appReady(page);
    await page.waitForSelector("[data-testid=segment-row][data-name='Yedekte kalan segment']");

    // A newer edit survives restoring the older backup again (merge keeps
    // the newer value of each field); "replace everything" warns about the
    // unsent changes and then brings the backup's value back.
    await page.goto(server.url + "/customers");
    await appReady(page);
    await page.click("[data-testid=customer-row] .row-name >> nth=0");
    await page.waitForSelector("[data-testid=customer-name]");
    const customerUrl = page.url();
    const oldCity = await page.textContent("[data-testid=customer-city]");
    await page.click("[data-testid=edit-customer]");
    await page.waitForSelector("[data-testid=customer-form]");
    await page.fill("[data-field=city]", "Yeni Şehir");
    await page.click("[data-testid=save-customer]");
    await page.waitForFunction(() => document.querySelector("[data-testid=customer-city]")?.textContent === "Yeni Şehir");
    await page.goto(server.url + "/settings");
    await appReady(page);
    await page.setInputFiles("[data-testid=restore-file]", backup);
    await page.waitForSelector("[data-testid=unsent-warning]");
    await shot(page, "restore-choice-en");
    await page.click("[data-testid=restore-confirm]");
    await page.waitForSelector("[data-testid=toast]:has-text('The backup was restored')", { timeout: 120_000 });
    await page.goto(customerUrl);
    await appReady(page);
    await page.waitForSelector("[data-testid=customer-name]");
    assert.equal(await page.textContent("[data-testid=customer-city]"), "Yeni Şehir");
    await page.goto(server.url + "/settings");
    await appReady(page);
    await page.setInputFiles("[data-testid=restore-file]", backup);
    assert.match(await page.textContent("[data-testid=unsent-warning]"), /have not been synced yet/);
    const restoredToasts = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=toast]")].filter((t) => t.textContent.includes("The backup was restored")).length,
      );
    const seen = await restoredToasts();
    await page.click("[data-testid=restore-replace]");
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll("[data-testid=toast]")].filter((t) => t.textContent.includes("The backup was restored")).length > n,
      seen,
      { timeout: 120_000 },
    );
    assert.deepEqual(await counts(page), before);
    await page.goto(customerUrl);
    await appReady(page);
    await page.waitForFunction(
      (city) => document.querySelector("[data-testid=customer-city]")?.textContent === city,
      oldCity,
      { timeout: 60_000 },
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
