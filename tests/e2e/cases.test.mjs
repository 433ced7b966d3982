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
