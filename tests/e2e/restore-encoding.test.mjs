// A backup file that is not UTF-8 (here re-saved as Windows-1254 by an
// editor) is refused with the offset of its first bad byte, in both
// languages, instead of being restored with replaced characters.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, appReady, launchBrowser, startServer } from "./support.mjs";

describe("restore encoding", () => {
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

  test("a backup that is not UTF-8 is refused at its first bad byte", async () => {
    const header =
      '{"format":"ilgi-backup","version":1,"created_at":1718000000000,"counts":{"customer":1,"purchase":0,"interaction":0,"segment":0}}\n';
    // "Ayşe" with "ş" as the single Windows-1254 byte 0xFE.
    const before = Buffer.from(header + '{"entity":"customer","record":{"first_name":"Ay', "utf8");
    const bytes = Buffer.concat([before, Buffer.from([0xfe]), Buffer.from('e"}}\n', "utf8")]);
    const path = join(mkdtempSync(join(tmpdir(), "ilgi-restore-")), "latin5.jsonl");
    writeFileSync(path, bytes);

    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "/settings");
    await appReady(page);
    await page.setInputFiles("[data-testid=restore-file]", path);
    await page.click("[data-testid=restore-confirm]");
    await page.waitForSelector("[data-testid=restore-errors] li");
    const items = page.locator("[data-testid=restore-errors] li");
    assert.equal(await items.count(), 1);
    assert.equal(await items.first().getAttribute("data-line"), "2");
    const offset = before.length.toLocaleString("en-US");
    assert.match(await items.first().textContent(), new RegExp(`not UTF-8 text: the first invalid byte is at byte ${offset}\\.`));

    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForFunction(() => document.documentElement.lang === "tr");
    const tr = before.length.toLocaleString("tr-TR");
    assert.match(await items.first().textContent(), new RegExp(`ilk geçersiz bayt ${tr.replace(".", "\\.")}\\. baytta`));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
