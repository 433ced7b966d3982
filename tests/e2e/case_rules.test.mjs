// The rule editor in the real app: a discriminator with conditions, a new
// department with its own business hours and a routing rule to it, saved
// and read back, then used by triage on a new case. Escalation runs on any
// page (here the dashboard), and a long queue draws its first 100 rows.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { appReady, shot, shotOf, useApp } from "./support.mjs";

/** Sets a field's value and fires `change` (the editor reads on change). */
async function change(page, selector, value) {
  await page.fill(selector, value);
  await page.dispatchEvent(selector, "change");
}

describe("triage rule editor", () => {
  const app = useApp();

  test("conditions, departments, calendars and routing are edited, saved, read back and used", async () => {
    const context = await app.browser.newContext({
      locale: "en-US",
      timezoneId: "Europe/Istanbul",
      viewport: { width: 1280, height: 1000 },
    });
    // Tuesday 1 December 2026, 10:00 in Istanbul.
    await context.clock.install({ time: new Date("2026-12-01T07:00:00Z") });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(app.server.url + "/cases/rules");
    await appReady(page);
    await page.waitForSelector("[data-testid=rules-form]");

    // A discriminator: complaints by phone about an outage are Immediate.
    await page.click("[data-testid=rules-add-discriminator]");
    const card = page.locator("[data-testid=rules-list] > li").last();
    await card.locator("[data-testid=rule-always]").waitFor();
    const nameField = card.locator("input[data-field^=rule-name]");
    await nameField.fill("Outage reported by phone");
    await nameField.dispatchEvent("change");
    await card.locator("select[data-field^=rule-level]").selectOption("1");
    assert.equal(await card.locator("input[data-field^=rule-at-least]").isChecked(), true);
    await card.locator("[data-testid=cond-add]").selectOption("channel");
    await card.locator("[data-kind=channel] input[data-choice=phone]").check();
    await card.locator("[data-testid=cond-add]").selectOption("keywords");
    const words = card.locator("[data-kind=keywords] input[data-field=cond-value]");
    // An empty keyword list is refused at the field; the value is kept.
    await words.fill(" , ");
    await words.dispatchEvent("change");
    await card.locator("[data-kind=keywords] input[aria-invalid=true]").waitFor();
    assert.match(await card.locator("[data-kind=keywords] .field-error").textContent(), /at least one word/);
    await words.fill("kesinti, outage");
    await words.dispatchEvent("change");
    await card.locator("[data-kind=keywords] input[aria-invalid=false]").waitFor();
    // Moved up one place, it stays the same rule.
    await card.locator("[data-testid=rule-up]").click();
    const moved = page.locator("[data-testid=rules-list] > li").nth(-2);
    assert.equal(await moved.locator("input[data-field^=rule-name]").inputValue(), "Outage reported by phone");

    // A new department with its own hours: Saturdays 10–14, closed on
    // New Year's Eve; a bad date is refused with what was typed.
    await page.fill("[data-field=department-new]", "Kurumsal Satış");
    await page.click("[data-testid=department-add]");
    const row = page.locator("[data-testid=rules-departments] tbody[data-department=kurumsal-satis]");
    await row.waitFor();
    await row.locator("details summary").click();
    await row.locator("input[data-field=calendar-own]").check();
    await change(page, "tbody[data-department=kurumsal-satis] input[data-field=calendar-weekday-saturday]", "10:00-14:00");
    await change(page, "tbody[data-department=kurumsal-satis] input[data-field=calendar-closed]", "2026-13-01");
    await row.locator("input[data-field=calendar-closed][aria-invalid=true]").waitFor();
    assert.match(await row.textContent(), /Not a date: 2026-13-01/);
    await change(page, "tbody[data-department=kurumsal-satis] input[data-field=calendar-closed]", "31.12.2026");
    await row.locator("input[data-field=calendar-closed][aria-invalid=false]").waitFor();
    // Care cannot be removed: it is where unrouted cases go.
    await page.click("tbody[data-department=care] [data-testid=department-remove]");
    await page.waitForSelector("text=Customer care and Management cannot be removed");

    // Corporate invoices go to the new department, before the billing rule.
    await page.click("[data-testid=rules-add-route]");
    const route = page.locator("[data-testid=routing-list] > li").last();
    await route.locator("select[data-field^=route-department]").selectOption("kurumsal-satis");
    await route.locator("[data-testid=cond-add]").selectOption("keywords");
    const routeWords = route.locator("[data-kind=keywords] input[data-field=cond-value]");
    await routeWords.fill("kurumsal fatura");
    await routeWords.dispatchEvent("change");
    const routes = await page.locator("[data-testid=routing-list] > li").count();
    for (let i = 0; i < routes - 1; i++) {
      await page.locator("[data-testid=routing-list] > li").nth(routes - 1 - i).locator("[data-testid=rule-up]").click();
    }
    assert.equal(
      await page.locator("[data-testid=routing-list] > li").first().locator("select[data-field^=route-department]").inputValue(),
      "kurumsal-satis",
    );
    await page.click("[data-testid=rules-save]");
    await page.waitForSelector("[data-testid=toast]:has-text('The rules were saved')");
    await shot(page, "case-rules-editor-en", { fullPage: true });
    await shotOf(page.locator("[data-testid=rules-departments]"), "case-rules-departments-en");
    await shotOf(page.locator("[data-testid=rules-list] > li").nth(-2), "case-rules-card-en");

    // Read back after a reload.
    await page.reload();
    await appReady(page);
    await page.waitForSelector("[data-testid=rules-form]");
    await page.waitForFunction(() => /version 2/.test(document.querySelector("[data-testid=rules-form] h2")?.textContent ?? ""));
    const names = await page.locator("[data-testid=rules-list] input[data-field^=rule-name]").evaluateAll((els) => els.map((e) => e.value));
    assert.ok(names.includes("Outage reported by phone"), names.join(", "));
    await page.click("tbody[data-department=kurumsal-satis] details summary");
    assert.equal(await page.inputValue("tbody[data-department=kurumsal-satis] input[data-field=calendar-weekday-saturday]"), "10:00-14:00");
    assert.equal(await page.inputValue("tbody[data-department=kurumsal-satis] input[data-field=calendar-closed]"), "2026-12-31");
    assert.equal(await page.inputValue("tbody[data-department=kurumsal-satis] input[data-field=calendar-weekday-sunday]"), "");
    await shotOf(page.locator("tbody[data-department=kurumsal-satis]"), "case-rules-calendar-en");

    // A rule set file: a broken one says where; the downloaded one opens
    // for review and changes nothing until saved.
    await page.setInputFiles("[data-testid=rules-upload]", {
      name: "kurallar.json",
      mimeType: "application/json",
      buffer: Buffer.from('{\n  "version": 1,\n  "default_level": 9\n}'),
    });
    await page.waitForSelector("[data-testid=rules-upload-error]");
    assert.match(await page.textContent("[data-testid=rules-upload-error]"), /kurallar\.json is not a rule set: line \d+, column \d+: level 9 is not 1–5$/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=rules-download]")]);
    const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.ok(saved.rules.some((r) => r.name === "Outage reported by phone"));
    saved.rules = saved.rules.filter((r) => r.name !== "Outage reported by phone");
    await page.setInputFiles("[data-testid=rules-upload]", {
      name: "kurallar.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(saved)),
    });
    await page.waitForSelector("[data-testid=toast]:has-text('check it, then save')");
    assert.equal(await page.locator("[data-testid=rules-upload-error]").count(), 0);
    const afterUpload = await page.locator("[data-testid=rules-list] input[data-field^=rule-name]").evaluateAll((els) => els.map((e) => e.value));
    assert.ok(!afterUpload.includes("Outage reported by phone"));
    // Not saved: the stored set still has the rule.
    await page.reload();
    await appReady(page);
    await page.waitForSelector("[data-testid=rules-form]");
    const stored = await page.locator("[data-testid=rules-list] input[data-field^=rule-name]").evaluateAll((els) => els.map((e) => e.value));
    assert.ok(stored.includes("Outage reported by phone"));

    // Triage uses them: a phone call about an outage is Immediate, with
    // the new rule as its reason; corporate invoices go to the new inbox.
    await page.goto(app.server.url + "/cases/new");
    await appReady(page);
    await page.waitForSelector("[data-testid=case-form]");
    await page.fill("[data-field=author]", "Arayan müşteri");
    await page.selectOption("[data-field=channel]", "phone");
    await page.fill("[data-field=text]", "Mahallede KESİNTİ var, hiçbir şey çalışmıyor");
    await page.waitForFunction(() => document.querySelector("[data-testid=triage-preview] [data-level]")?.dataset.level === "1");
    assert.match(await page.textContent("[data-testid=triage-reasons]"), /Outage reported by phone/);
    await page.fill("[data-field=text]", "Kurumsal fatura adresimiz yanlış");
    await page.waitForFunction(() => document.querySelector("[data-testid=triage-department]")?.textContent === "Kurumsal Satış");
    await page.click("[data-testid=save-case]");
    await page.waitForSelector("[data-testid=case-number]");
    const number = await page.textContent("[data-testid=case-number]");

    // Escalation runs on any page: three weeks pass on the dashboard, past
    // twice the resolution target, so the case climbs every step at once.
    await page.goto(app.server.url + "/");
    await appReady(page);
    await page.clock.fastForward(21 * 24 * 3_600_000);
    await page.clock.runFor(61_000);
    await page.goto(app.server.url + "/cases/reports");
    await appReady(page);
    await page.waitForSelector("[data-testid=reports-escalations]");
    // The check that ran on the dashboard may have been cut short by the
    // navigation (its writes are asynchronous): it runs here again, and
    // the report follows the writes.
    await page.clock.runFor(61_000);
    await page.waitForFunction(
      () => /Upper management1/.test(document.querySelector("[data-testid=reports-escalations]")?.textContent ?? ""),
      null,
      { timeout: 30_000 },
    );
    await page.waitForSelector("[data-testid=reports-first-response-chart] [data-key=kurumsal-satis]");
    await shot(page, "case-reports-charts-en", { fullPage: true });
    await page.goto(app.server.url + "/cases?inbox=escalated");
    await appReady(page);
    await page.waitForSelector(`[data-testid=case-row][data-number='${number}']`);
    await page.click(`[data-testid=case-row][data-number='${number}'] a`);
    await page.waitForSelector("[data-testid=case-journey]");
    const steps = await page.locator("[data-testid=case-journey] li[data-event=case-event-escalated]").allTextContents();
    assert.deepEqual(
      steps.map((s) => s.match(/(Team lead|Department manager|Upper management)/)[1]),
      ["Team lead", "Department manager", "Upper management"],
    );

    // A long queue: the first 100 rows, then 100 more on request.
    const lines = ["case id;channel;text;created at"];
    for (let i = 1; i <= 150; i++) lines.push(`Q-${i};web;Siparişim ${i} gelmedi;2026-12-22 09:00`);
    await page.goto(app.server.url + "/cases");
    await appReady(page);
    await page.click("[data-testid=case-import] summary");
    await page.setInputFiles("[data-testid=case-import-file]", { name: "queue.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.waitForSelector("[data-testid=case-import-result]");
    await page.waitForSelector("[data-testid=cases-showing]");
    assert.equal(await page.textContent("[data-testid=cases-showing]"), "Showing the first 100 of 151.");
    assert.equal(await page.locator("[data-testid=case-row]").count(), 100);
    // The tabs count what the import added, without leaving the page.
    await page.waitForFunction(() => document.querySelector("[data-inbox=all] .count")?.textContent === "151");
    assert.equal(await page.textContent("[data-inbox=logistics] .count"), "150");
    await page.click("[data-testid=cases-show-more]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=case-row]").length === 151);
    // Filters: one level, then only cases nobody has taken.
    const level = await page.getAttribute(`[data-testid=case-row][data-number='${number}'] [data-level]`, "data-level");
    await page.selectOption("[data-field=level-filter]", level);
    await page.waitForFunction(
      (l) => [...document.querySelectorAll("[data-testid=case-row] [data-level]")].every((e) => e.dataset.level === l),
      level,
    );
    await page.check("[data-field=unassigned-only]");
    await page.selectOption("[data-field=level-filter]", "0");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=case-row]").length === 100);
    await shot(page, "cases-queue-filters-en");

    // Turkish.
    await page.goto(app.server.url + "/cases/rules");
    await appReady(page);
    await page.selectOption("[data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.documentElement.lang === "tr");
    await page.waitForSelector("[data-testid=rules-form]");
    assert.match(await page.textContent("[data-testid=rules-list]"), /Kanal/);
    await shot(page, "case-rules-editor-tr", { fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
