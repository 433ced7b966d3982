// Complaint cases in the real app: a platinum demo customer writes that 3G
// does not work → Very urgent with its reasons; a department rejects it to
// a named one → the journey shows it; time moves past the targets (the
// browser's clock is Playwright's) → the case climbs the escalation chain
// into Management's "Escalated" inbox.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

describe("complaint cases", () => {
  const app = useApp();

  test("triage with reasons, a rejection in the journey, and escalation when time runs out", async () => {
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
    await page.goto(app.server.url + "/customers");
    await appReady(page);
    await page.check("input[name=demo-size][value='1000']");
    await page.click("[data-testid=demo-load]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 120_000 },
    );

    // A platinum demo customer.
    await page.goto(app.server.url + "/customers?tier=platinum");
    await appReady(page);
    await page.click("[data-testid=customer-row] .row-name >> nth=0");
    await page.waitForSelector("[data-testid=customer-name]");
    const name = await page.textContent("[data-testid=customer-name]");
    await page.click("[data-testid=new-case-for-customer]");
    await page.waitForSelector("[data-testid=case-form]");
    assert.match(await page.textContent("[data-testid=case-customer]"), new RegExp(name));

    // An empty complaint is refused at the field, with focus on it.
    await page.click("[data-testid=save-case]");
    await page.waitForSelector("#case-text[aria-invalid=true]");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "case-text");

    await page.fill("[data-field=text]", "3G ÇEKMİYOR, iki gündür internetim yok");
    await page.fill("[data-field=products]", "iPhone 15");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=triage-preview] [data-level]")?.dataset.level === "2",
    );
    const preview = await page.textContent("[data-testid=triage-reasons]");
    assert.match(preview, /Platinum customer with an iPhone who has no connection/);
    assert.equal(await page.textContent("[data-testid=triage-department]"), "Technical support");
    await shot(page, "case-new-en");
    await page.click("[data-testid=save-case]");
    await page.waitForSelector("[data-testid=case-number]");
    const caseUrl = page.url();
    const number = await page.textContent("[data-testid=case-number]");
    assert.match(number, /^K-[0-9A-Z]{4}-0001$/);
    assert.equal(await page.getAttribute("[data-page=case] .page-actions [data-level]", "data-level"), "2");
    assert.match(await page.textContent("[data-testid=case-reasons]"), /Platinum customer with an iPhone/);
    const procedure = await page.textContent("[data-testid=case-procedure]");
    assert.match(procedure, /cell site outages/);
    assert.ok(procedure.includes(`Hello ${name}`) && procedure.includes(number), procedure);
    assert.match(await page.textContent("[data-testid=case-first-response]"), /11:00/);
    await shot(page, "case-page-en");

    // "Not our department" needs the responsible one and a reason.
    await page.click("[data-testid=case-reject]");
    await page.waitForSelector("[data-testid=toast]:has-text('Name the department the case belongs to')");
    await page.selectOption("[data-field=reject-to]", "billing");
    await page.fill("[data-field=reject-reason]", "Fatura itirazı, teknik değil");
    await page.click("[data-testid=case-reject]");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=case-department]")?.textContent === "Billing",
    );
    const journey = await page.textContent("[data-testid=case-journey]");
    assert.match(journey, /Not our department: Technical support → Billing: Fatura itirazı, teknik değil/);

    // The queue lists it in Billing's inbox.
    await page.goto(app.server.url + "/cases");
    await appReady(page);
    await page.click("[data-inbox=billing]");
    await page.waitForSelector(`[data-testid=case-row][data-number='${number}']`);
    await shot(page, "cases-queue-en");

    // Three days later nobody has answered: the case climbs the chain.
    await page.goto(caseUrl);
    await appReady(page);
    await page.waitForSelector("[data-testid=case-number]");
    await page.clock.fastForward(72 * 3_600_000);
    await page.clock.runFor(60_000);
    await page.waitForFunction(
      () => /Upper management/.test(document.querySelector("[data-testid=case-escalation]")?.textContent ?? ""),
      null,
      { timeout: 30_000 },
    );
    const steps = await page.locator("[data-testid=case-journey] li[data-event=case-event-escalated]").allTextContents();
    assert.equal(steps.length, 3, steps.join("\n"));
    assert.match(steps[0], /Team lead · First response target missed/);
    assert.match(steps[1], /Department manager · Resolution target missed/);
    assert.match(steps[2], /Upper management · Resolution target missed/);
    assert.match(await page.textContent("[data-testid=case-first-response]"), /late/);
    await shot(page, "case-escalated-en");
    await page.goto(app.server.url + "/cases");
    await appReady(page);
    await page.click("[data-inbox=escalated]");
    await page.waitForSelector(`[data-testid=case-row][data-number='${number}']`);

    // The reports: the case missed both targets in Billing, it bounced
    // once, and it reached every step of the chain.
    await page.goto(app.server.url + "/cases/reports");
    await appReady(page);
    await page.waitForSelector("[data-testid=reports-compliance]");
    const billing = page.locator("[data-testid=reports-compliance] tr[data-department=billing][data-level='2'] td");
    assert.deepEqual((await billing.allTextContents()).slice(2), ["1", "0%", "0%"]);
    assert.match(await page.textContent("[data-testid=reports-hand-offs]"), /Technical support → Billing: 1/);
    assert.match(await page.textContent("[data-testid=reports-escalations]"), /Upper management1/);
    await page.waitForSelector("[data-testid=reports-backlog-chart]");
    await shot(page, "case-reports-en");

    // Turkish.
    await page.goto(caseUrl);
    await appReady(page);
    await page.selectOption("[data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.documentElement.lang === "tr");
    await page.waitForSelector("[data-testid=case-number]");
    assert.match(await page.textContent("[data-testid=case-escalation]"), /Üst yönetim/);
    await shot(page, "case-page-tr");
    await page.goto(app.server.url + "/cases");
    await appReady(page);
    await shot(page, "cases-queue-tr");
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("case rules and the queue's keys", () => {
  const app = useApp();

  test("departments get people and a cap, unassigned cases go to them in turn, and the queue works by keyboard", async () => {
    const context = await app.browser.newContext({ locale: "en-US", timezoneId: "Europe/Istanbul", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Three complaints from unknown authors about the connection.
    for (const text of ["Şebeke yok, hat çekmiyor", "No signal at home", "İnternet yok, bağlanamıyorum"]) {
      await page.goto(app.server.url + "/cases/new");
      await appReady(page);
      await page.waitForSelector("[data-testid=case-form]");
      await page.fill("[data-field=author]", "@anonim");
      await page.fill("[data-field=text]", text);
      await page.waitForFunction(() => document.querySelector("[data-testid=triage-department]")?.textContent === "Technical support");
      await page.click("[data-testid=save-case]");
      await page.waitForSelector("[data-testid=case-number]");
    }

    // The rules page: technical support gets two people, one case each.
    await page.goto(app.server.url + "/cases/rules");
    await appReady(page);
    await page.waitForSelector("[data-testid=rules-form]");
    await page.fill("[data-field=department-agents-technical]", "Ayşe, Can");
    await page.dispatchEvent("[data-field=department-agents-technical]", "change");
    await page.fill("[data-field=department-cap-technical]", "1");
    await page.dispatchEvent("[data-field=department-cap-technical]", "change");
    // A resolution target shorter than the first response is refused, with where.
    await page.fill("[data-field=resolution-4]", "10");
    await page.dispatchEvent("[data-field=resolution-4]", "change");
    await page.click("[data-testid=rules-save]");
    await page.waitForSelector("[data-testid=rules-problems] li");
    assert.match(await page.textContent("[data-testid=rules-problems]"), /levels\[4\]: the resolution target \(10 min\) is shorter/);
    await page.fill("[data-field=resolution-4]", "2700");
    await page.dispatchEvent("[data-field=resolution-4]", "change");
    await page.click("[data-testid=rules-save]");
    await page.waitForSelector("[data-testid=toast]:has-text('The rules were saved')");
    await page.waitForFunction(() => /version 2/.test(document.querySelector("[data-testid=rules-form] h2")?.textContent ?? ""));
    await shot(page, "case-rules-en");

    await page.goto(app.server.url + "/cases");
    await appReady(page);
    await page.click("[data-inbox=technical]");
    await page.click("[data-testid=assign-in-turn]");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=case-assignee]")].filter((td) => td.textContent).length === 2,
    );
    // The inbox stays selected through the reload after the write.
    assert.match(page.url(), /\?inbox=technical$/);
    assert.equal(await page.getAttribute("[data-inbox=technical]", "aria-selected"), "true");
    const assignees = await page.locator("[data-testid=case-assignee]").allTextContents();
    assert.deepEqual(assignees.filter(Boolean).sort(), ["Ayşe", "Can"]);

    // A CSV of outside complaints: one good row, one with an unknown
    // channel, and the good one again (skipped: already recorded).
    // A past complaint with "resolved at" is recorded resolved; one
    // resolved before it was made is refused at that cell.
    const csv = [
      "case id;customer id;channel;text;public;followers;created at;resolved at",
      "X-1;;telefon;Faturam iki kez çekildi;hayır;0;2026-11-20 10:00;",
      "X-2;;faks;Kanal bilinmiyor;hayır;0;2026-11-20 11:00;",
      "X-3;;e-posta;Fatura tutarı yanlış;hayır;0;2026-11-18 09:00;2026-11-18 15:30",
      "X-4;;e-posta;İade gelmedi;hayır;0;2026-11-18 09:00;2026-11-17 09:00",
    ].join("\n");
    await page.click("[data-testid=case-import] summary");
    await page.setInputFiles("[data-testid=case-import-file]", { name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForSelector("[data-testid=case-import-result]");
    assert.match(await page.textContent("[data-testid=case-import-result]"), /4 rows: 2 cases recorded, 0 already there, 2 problems/);
    const rejected = await page.textContent("[data-testid=case-import-rejected]");
    assert.match(rejected, /line 3, channel \("faks"\): /);
    assert.match(rejected, /line 5, resolved at \("2026-11-17 09:00"\): Is before the creation time/);
    await page.click("[data-inbox=billing]");
    await page.waitForSelector("[data-testid=case-row][data-number='X-1']");
    // The resolved one waits in no inbox; it is listed with the closed ones.
    assert.equal(await page.locator("[data-testid=case-row][data-number='X-3']").count(), 0);
    await page.click("text=Open cases only");
    await page.waitForSelector("[data-testid=case-row][data-number='X-3']");
    await page.click("text=Open cases only");
    await shot(page, "cases-import-en");
    await page.setInputFiles("[data-testid=case-import-file]", { name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /0 cases recorded, 2 already there/.test(document.querySelector("[data-testid=case-import-result]")?.textContent ?? ""));

    // Keys: j selects the first row, ? shows the keys, Enter opens.
    await page.keyboard.press("j");
    await page.waitForSelector("[data-testid=case-row][aria-selected=true]");
    await page.keyboard.press("?");
    await page.waitForSelector("[data-testid=shortcuts-help]");
    await shot(page, "cases-keys-en");
    await page.keyboard.press("Escape");
    await page.waitForSelector("[data-testid=shortcuts-help]", { state: "detached" });
    await page.keyboard.press("r");
    await page.waitForSelector("[data-testid=case-number]");
    await page.waitForFunction(() => document.activeElement?.id === "case-reply");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
