// Two browsers (separate contexts: separate IndexedDB) share one workspace
// through the real sync server (`ilgi-server` on SQLite): A signs up and
// invites, B accepts the link; a customer made on A appears on B; B goes
// offline and both edit different fields of that customer → both edits
// are kept once B is back; a delete reaches the other browser; the server
// restarts on the same database and nothing is lost; a viewer sees the
// data and cannot save.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

const SYNC_WAIT = { timeout: 90_000 };
const PASSWORD = "uzun ve gizli parola 42";

async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await appReady(page);
  return { page, errors };
}

/** The header says the last sync finished and nothing waits. */
const synced = (page) =>
  page.waitForFunction(
    () => {
      const s = document.querySelector("[data-testid=sync-status]");
      return s?.dataset.phase === "idle" && !/waiting|bekliyor/.test(s.textContent);
    },
    null,
    SYNC_WAIT,
  );

const textIs = (page, testid, text) =>
  page.waitForFunction(
    ([id, t]) => document.querySelector(`[data-testid=${id}]`)?.textContent === t,
    [testid, text],
    SYNC_WAIT,
  );

const OPTIONS = { locale: "en-US", viewport: { width: 1280, height: 900 } };

/** Creates a workspace from the Settings card already on `page`. */
async function signUp(page, workspace, email) {
  await page.click("[data-testid=sync-tab-sign-up]");
  await page.fill("#sync-workspace", workspace);
  await page.fill("#sync-email", email);
  await page.fill("#sync-password", PASSWORD);
  await page.click("[data-testid=sync-submit]");
  await page.waitForSelector("[data-testid=sync-account]", SYNC_WAIT);
}

async function invite(page, email, role) {
  await page.fill("#sync-invite-email", email);
  await page.selectOption("#sync-invite-role", role);
  await page.click("[data-testid=sync-invite] button[type=submit]");
  const link = await page.waitForSelector("[data-testid=sync-invite-link]");
  return link.getAttribute("href");
}

async function accept(context, link, name) {
  const b = await open(context, link);
  await b.page.waitForSelector("[data-testid=sync-form][data-mode=accept]");
  assert.equal(await b.page.inputValue("#sync-code"), new URL(link).searchParams.get("code"));
  await b.page.fill("#sync-password", PASSWORD);
  await shot(b.page, `sync-accept-${name}-en`);
  await b.page.click("[data-testid=sync-submit]");
  await b.page.waitForSelector("[data-testid=sync-account]", SYNC_WAIT);
  return b;
}

describe("sync through the server", () => {
  const app = useApp();

  test("two browsers in one workspace: create, offline edits of different fields, delete, server restart, viewer", async () => {
    const contextA = await app.browser.newContext(OPTIONS);
    const contextB = await app.browser.newContext(OPTIONS);
    const contextC = await app.browser.newContext(OPTIONS);

    // A creates the workspace from Settings.
    const a = await open(contextA, app.server.url + "/settings");
    await a.page.click("[data-testid=sync-tab-sign-up]");
    assert.equal(await a.page.inputValue("#sync-server"), app.server.url);
    await signUp(a.page, "Kafe İlgi", "ayse@ornek.com");
    assert.match(await a.page.textContent("[data-testid=sync-account]"), /ayse@ornek\.com \(admin\).*Kafe İlgi/);
    await synced(a.page);

    // A invites B (agent); B opens the link in its own browser.
    const linkB = await invite(a.page, "mehmet@ornek.com", "agent");
    await shot(a.page, "sync-settings-admin-en");
    const b = await accept(contextB, linkB, "agent");
    assert.match(await b.page.textContent("[data-testid=sync-account]"), /mehmet@ornek\.com \(agent\)/);
    await synced(b.page);

    // A customer made on A appears on B (B's loop asks by itself).
    await a.page.goto(app.server.url + "/customers/new");
    await appReady(a.page);
    await a.page.fill("[data-field=first_name]", "Zümrüt");
    await a.page.fill("[data-field=last_name]", "Işıklı");
    await a.page.fill("[data-field=city]", "İzmir");
    await a.page.click("[data-testid=save-customer]");
    await a.page.waitForSelector("[data-testid=customer-name]");
    const customer = a.page.url();
    await synced(a.page);
    await b.page.goto(app.server.url + "/customers");
    await appReady(b.page);
    await b.page.waitForSelector("[data-testid=customer-row]:has-text('Işıklı')", SYNC_WAIT);
    await shot(b.page, "sync-b-sees-a-customer-en");

    // B opens the edit form, then loses the network; both edit.
    await b.page.goto(customer + "/edit");
    await appReady(b.page);
    await b.page.waitForSelector("[data-testid=customer-form]");
    // Offline, a page comes from the service worker's cache (each page is
    // its own wasm module): wait until it has installed and took over.
    await b.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, SYNC_WAIT);
    await contextB.setOffline(true);
    await b.page.fill("[data-field=first_name]", "Zümra");
    await b.page.click("[data-testid=save-customer]");
    await textIs(b.page, "customer-name", "Zümra Işıklı");
    await b.page.waitForFunction(() => {
      const s = document.querySelector("[data-testid=sync-status]");
      return s?.dataset.phase === "offline" && /Offline · 1 waiting/.test(s.textContent);
    });
    await shot(b.page, "sync-b-offline-en");

    await a.page.goto(customer + "/edit");
    await appReady(a.page);
    await a.page.waitForSelector("[data-testid=customer-form]");
    await a.page.fill("[data-field=city]", "Ankara");
    await a.page.click("[data-testid=save-customer]");
    await textIs(a.page, "customer-city", "Ankara");
    await synced(a.page);

    // B is back: its edit goes up, A's comes down; both are kept on both.
    await contextB.setOffline(false);
    await textIs(b.page, "customer-city", "Ankara");
    await textIs(b.page, "customer-name", "Zümra Işıklı");
    await synced(b.page);
    await a.page.reload();
    await appReady(a.page);
    await textIs(a.page, "customer-name", "Zümra Işıklı");
    await textIs(a.page, "customer-city", "Ankara");
    await shot(a.page, "sync-a-both-edits-en");

    // A second customer, then the server restarts on the same database.
    await a.page.goto(app.server.url + "/customers/new");
    await appReady(a.page);
    await a.page.fill("[data-field=first_name]", "Ömer");
    await a.page.fill("[data-field=last_name]", "Çağlar");
    await a.page.click("[data-testid=save-customer]");
    await a.page.waitForSelector("[data-testid=customer-name]");
    const second = a.page.url();
    await synced(a.page);
    app.server = await app.server.restart();
    await b.page.goto(second);
    await appReady(b.page);
    await textIs(b.page, "customer-name", "Ömer Çağlar");
    // An edit after the restart still goes through.
    await b.page.goto(second + "/edit");
    await appReady(b.page);
    await b.page.waitForSelector("[data-testid=customer-form]");
    await b.page.fill("[data-field=city]", "Van");
    await b.page.click("[data-testid=save-customer]");
    await textIs(b.page, "customer-city", "Van");
    await synced(b.page);
    await a.page.goto(second);
    await appReady(a.page);
    await textIs(a.page, "customer-city", "Van");

    // A deletes the first customer; it disappears on B.
    await a.page.goto(customer);
    await appReady(a.page);
    await a.page.click("[data-testid=delete-customer]");
    await a.page.click("[data-testid=delete-confirm]");
    await a.page.waitForURL(/\/customers$/);
    await synced(a.page);
    await b.page.goto(app.server.url + "/customers");
    await appReady(b.page);
    await b.page.waitForSelector("[data-testid=customer-row]:has-text('Çağlar')", SYNC_WAIT);
    await b.page.waitForFunction(
      () => ![...document.querySelectorAll("[data-testid=customer-row]")].some((r) => r.textContent.includes("Zümra")),
      null,
      SYNC_WAIT,
    );
    await b.page.goto(customer);
    await appReady(b.page);
    await b.page.waitForSelector("main h1:has-text('does not exist')", SYNC_WAIT);

    // A viewer sees the data and cannot change it.
    await a.page.goto(app.server.url + "/settings");
    await appReady(a.page);
    const linkC = await invite(a.page, "izleyici@ornek.com", "viewer");
    const c = await accept(contextC, linkC, "viewer");
    await c.page.waitForSelector("[data-testid=sync-read-only]");
    await synced(c.page);
    await c.page.goto(second);
    await appReady(c.page);
    await textIs(c.page, "customer-city", "Van");
    await c.page.goto(second + "/edit");
    await appReady(c.page);
    await c.page.waitForSelector("[data-testid=customer-form]");
    await c.page.fill("[data-field=city]", "Kars");
    await c.page.click("[data-testid=save-customer]");
    const refused = await c.page.waitForSelector("[data-testid=toast]:has-text('viewer')");
    assert.match(await refused.textContent(), /not change it/);
    await shot(c.page, "sync-viewer-refused-en");

    // Turkish: the header and the card speak it.
    await a.page.evaluate(() => localStorage.setItem("ilgi.lang", "tr"));
    await a.page.goto(app.server.url + "/settings");
    await appReady(a.page);
    await a.page.waitForFunction(() => /eşitlendi|Eşitleniyor/.test(document.querySelector("[data-testid=sync-status]")?.textContent ?? ""), null, SYNC_WAIT);
    await shot(a.page, "sync-settings-admin-tr");

    // B signs out, keeping its data.
    await b.page.goto(app.server.url + "/settings");
    await appReady(b.page);
    await b.page.click("[data-testid=sync-sign-out]");
    await shot(b.page, "sync-sign-out-confirm-en");
    await b.page.click("[data-testid=sync-sign-out-yes]");
    await b.page.waitForSelector("[data-testid=sync-form]");
    assert.equal(await b.page.$("[data-testid=sync-status]"), null);
    await b.page.goto(second);
    await appReady(b.page);
    await textIs(b.page, "customer-city", "Van");

    for (const p of [a, b, c]) assert.deepEqual(p.errors, []);
    await contextA.close();
    await contextB.close();
    await contextC.close();
  });
});

describe("a device's data goes to a new workspace", () => {
  const app = useApp();

  test("a device with 1,000 demo customers creates a workspace; a second device takes it with progress", async () => {
    const contextD = await app.browser.newContext(OPTIONS);
    const contextE = await app.browser.newContext(OPTIONS);
    const d = await open(contextD, app.server.url + "/customers");
    await d.page.waitForSelector("[data-testid=demo-panel]");
    await d.page.check("input[name=demo-size][value='1000']");
    await d.page.click("[data-testid=demo-load]");
    await d.page.waitForFunction(
      () => document.querySelector("[data-testid=customer-count]")?.textContent.includes("1,000 customers"),
      null,
      { timeout: 120_000 },
    );

    await d.page.goto(app.server.url + "/settings");
    await appReady(d.page);
    await d.page.click("[data-testid=sync-tab-sign-up]");
    await d.page.waitForSelector("text=/The [0-9,]+ records on this device go to the new workspace/");
    await signUp(d.page, "Demo", "demo@ornek.com");
    await synced(d.page);
    const numbers = async (page) => {
      const text = await page.textContent("[data-testid=data-counts]");
      return text.match(/[0-9][0-9,]*/g).slice(0, 3);
    };
    const counted = await numbers(d.page);
    assert.equal(counted[0], "1,000");

    const link = await invite(d.page, "ikinci@ornek.com", "agent");
    const e = await open(contextE, link);
    await e.page.waitForSelector("[data-testid=sync-form][data-mode=accept]");
    // An empty device is not asked what to keep.
    assert.equal(await e.page.$("[data-testid=sync-keep]"), null);
    await e.page.evaluate(() => {
      window.__sawBootstrap = false;
      new MutationObserver(() => {
        if (document.querySelector("[data-testid=sync-status]")?.textContent.includes("Taking the workspace's data")) {
          window.__sawBootstrap = true;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await e.page.fill("#sync-password", PASSWORD);
    await e.page.click("[data-testid=sync-submit]");
    await e.page.waitForFunction(() => window.__sawBootstrap, null, SYNC_WAIT);
    await shot(e.page, "sync-bootstrap-progress-en");
    await synced(e.page);
    await e.page.goto(app.server.url + "/settings");
    await appReady(e.page);
    await e.page.waitForFunction(
      (want) => {
        const text = document.querySelector("[data-testid=data-counts]")?.textContent ?? "";
        return JSON.stringify((text.match(/[0-9][0-9,]*/g) ?? []).slice(0, 3)) === want;
      },
      JSON.stringify(counted),
      SYNC_WAIT,
    );
    assert.deepEqual(await numbers(e.page), counted);
    for (const p of [d, e]) assert.deepEqual(p.errors, []);
    await contextD.close();
    await contextE.close();
  });
});

/** The installation's `{client_id, next}` as stored in IndexedDB `meta`. */
function sequence(page, replaceWith) {
  return page.evaluate(
    (next) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("ilgi");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction("meta", next ? "readwrite" : "readonly");
          const store = tx.objectStore("meta");
          const get = store.get("sequence");
          get.onsuccess = () => {
            const seq = get.result;
            if (next) store.put({ ...seq, client_id: next }, "sequence");
            tx.oncomplete = () => {
              db.close();
              resolve(seq);
            };
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    replaceWith ?? null,
  );
}

async function newCase(page, url, text) {
  await page.goto(url + "/cases/new");
  await appReady(page);
  await page.waitForSelector("[data-testid=case-form]");
  await page.fill("[data-field=author]", "@anonim");
  await page.fill("[data-field=text]", text);
  await page.click("[data-testid=save-case]");
  await page.waitForSelector("[data-testid=case-number]");
  return { url: page.url(), number: await page.textContent("[data-testid=case-number]") };
}

describe("case numbers across devices", () => {
  const app = useApp();

  test("a device whose case prefix is taken in the workspace renumbers its cases and syncs", async () => {
    const contextP = await app.browser.newContext(OPTIONS);
    const contextQ = await app.browser.newContext(OPTIONS);
    const p = await open(contextP, app.server.url + "/settings");
    await signUp(p.page, "Önek", "p@ornek.com");
    const first = await newCase(p.page, app.server.url, "Şebeke yok, hat çekmiyor");
    assert.match(first.number, /^K-[0-9A-Z]{4}-0001$/);
    await synced(p.page);
    await p.page.goto(app.server.url + "/settings");
    await appReady(p.page);
    const link = await invite(p.page, "q@ornek.com", "agent");

    // Q's installation gets an id that differs from P's but has the same
    // case prefix (the same bytes 10–13), then records a case offline.
    const q = await open(contextQ, app.server.url + "/settings");
    const pSeq = await sequence(p.page);
    const id = String(pSeq.client_id);
    const twin = id.slice(0, -4) + (id.slice(-4) === "0000" ? "0001" : "0000");
    await sequence(q.page, twin);
    const theirs = await newCase(q.page, app.server.url, "İnternet yok, bağlanamıyorum");
    assert.equal(theirs.number, first.number, "the same prefix and counter: the collision to resolve");

    // Joining: the server refuses the prefix (409), Q takes a new id and
    // renumbers its case; everything goes through.
    const joined = await accept(contextQ, link, "prefix");
    await synced(joined.page);
    assert.notEqual((await sequence(joined.page)).client_id, twin);
    await joined.page.goto(theirs.url);
    await appReady(joined.page);
    const renumbered = await joined.page.textContent("[data-testid=case-number]");
    assert.match(renumbered, /^K-[0-9A-Z]{4}-0001$/);
    assert.notEqual(renumbered, first.number);
    // P sees both cases, each with its own number.
    await p.page.goto(theirs.url);
    await appReady(p.page);
    await textIs(p.page, "case-number", renumbered);
    await p.page.goto(first.url);
    await appReady(p.page);
    await textIs(p.page, "case-number", first.number);
    for (const x of [p, q, joined]) assert.deepEqual(x.errors, []);
    await contextP.close();
    await contextQ.close();
  });
});
