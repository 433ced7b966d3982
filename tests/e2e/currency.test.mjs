// Amounts in different currencies are never added: after importing a few
// USD and EUR purchases into lira demo data, the dashboard's value figures
// stay in lira and a note counts the other currencies (TR and EN).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

describe("currencies", () => {
  const app = useApp();

  test("other currencies are counted apart from the lira figures", async () => {
    const context = await app.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(app.server.url + "/customers");
    await appReady(page);
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 120_000 },
    );
    const href = await page.getAttribute("[data-testid=customer-row] a.row-name", "href");
    const id = href.split("/").pop();

    // Three USD purchases and one EUR purchase for that customer.
    const dir = mkdtempSync(join(tmpdir(), "ilgi-currency-"));
    const path = join(dir, "foreign.csv");
    writeFileSync(
      path,
      [
        "customer_uuid,date,amount,currency,sku,product",
        `${id},2025-01-05,120.00,USD,USD-1,Imported gadget`,
        `${id},2025-02-05,80.50,USD,USD-1,Imported gadget`,
        `${id},2025-03-05,1000.00,USD,USD-2,Imported laptop`,
        `${id},2025-03-06,50.00,EUR,EUR-1,Imported cable`,
      ].join("\n"),
    );
    await page.goto(app.server.url + "/customers/import");
    await appReady(page);
    await page.check("input[name=import-kind][value=purchases]");
    await page.setInputFiles("[data-testid=import-file]", path);
    await page.waitForSelector("[data-testid=import-mapping]");
    await page.click("[data-testid=import-start]");
    await page.waitForSelector("[data-testid=import-report]", { timeout: 60_000 });
    assert.equal((await page.textContent("[data-testid=import-created]")).replace(/\D+/g, ""), "4");

    await page.click("#main-nav a[data-section=dashboard]");
    await page.waitForSelector("[data-testid=other-currencies]", { timeout: 60_000 });
    const others = await page
      .locator("[data-testid=other-currency]")
      .evaluateAll((items) => items.map((li) => [li.dataset.currency, Number(li.dataset.count), li.textContent]));
    assert.deepEqual(
      others.map(([c, n]) => [c, n]),
      [
        ["USD", 3],
        ["EUR", 1],
      ],
    );
    assert.match(others[0][2], /3 purchases in USD \(total \$1,200\.50\), not included/);
    assert.match(others[1][2], /1 purchase in EUR \(total €50\.00\)/);
    // The value figures are in lira.
    assert.match(await page.textContent("[data-testid=stat-clv] .stat-value"), /^₺/);
    await page.locator("[data-testid=other-currencies]").scrollIntoViewIfNeeded();
    await shot(page, "dashboard-currencies-en");

    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "Pano");
    const tr = await page.textContent("[data-testid=other-currency][data-currency=USD]");
    assert.match(tr, /USD cinsinden 3 satın alma \(toplam 1\.200,50 \$\)/);
    assert.match(await page.textContent("[data-testid=stat-clv] .stat-value"), /₺$/);
    await shot(page, "dashboard-currencies-tr");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
