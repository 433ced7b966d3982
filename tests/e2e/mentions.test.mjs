// Social posts: an import links posts to customers (they appear on the
// customers' timelines), bad rows are reported, a re-import adds nothing;
// a possible match confirmed from the review queue links the identity, a
// rejected one never comes back; a complaint becomes a triaged case in one
// click; a prospect becomes a lead; one post can be pasted in.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { appReady, shot, useApp } from "./support.mjs";

const CUSTOMERS = [
  "Ad;Soyad;E-posta;Şehir;Instagram",
  "Şükrü;Çağlar;sukru@ornek.com;İzmir;sukrucaglar",
  "Mehmet;Yılmaz;mehmet@ornek.com;Ankara;",
  "Ayşe;Demir;ayse@ornek.com;Bursa;",
].join("\r\n");

// The generic format (docs/formats/mentions.md). Line 6 has no text and
// line 7 no readable time: both are reported, the rest land.
const POSTS = [
  "post id,platform,handle,author,text,time,followers,url",
  'C1abc,instagram,@SukruCaglar,Şükrü Ç.,"Siparişim 5 gündür kargoda, hâlâ gelmedi! Rezalet, kimse cevap vermiyor",2026-11-20 10:15,1200,https://www.instagram.com/p/C1abc/',
  "C2abc,instagram,@mehmet_y,Mehmet Yılmaz,Faturama yine fazladan ücret yansımış düzeltin artık,2026-11-21 09:00,150,",
  'C3abc,instagram,@ahmetkara,Ahmet Kara,"iPhone 16 fiyatı ne kadar, taksit var mı?",2026-11-22 12:00,80,',
  "C4abc,instagram,@ayse_d,Ayşe Demir,Mağazadaki çalışan çok ilgiliydi,2026-11-23 18:30,300,",
  "C5abc,instagram,@bos,Boş Metin,,2026-11-24 10:00,10,",
  "C6abc,instagram,@zamansiz,Zaman Yok,Bugün mağazaya uğradım,dün akşam,10,",
].join("\n");

const dir = mkdtempSync(join(tmpdir(), "ilgi-mentions-"));
const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, "\ufeff" + text);
  return path;
};

async function importPosts(page, server, path) {
  await page.goto(server.url + "/mentions/import");
  await appReady(page);
  await page.setInputFiles("[data-testid=mention-import-file]", path);
  await page.waitForSelector("[data-testid=import-mapping]");
  await page.click("[data-testid=import-start]");
  await page.waitForSelector("[data-testid=import-report]", { timeout: 60_000 });
  const n = async (id) => Number((await page.textContent(`[data-testid=${id}]`)).replace(/\D+/g, ""));
  return {
    created: await n("mentions-created"),
    already: await n("mentions-already"),
    linked: await n("mentions-linked"),
    possible: await n("mentions-possible"),
    prospects: await n("mentions-prospects"),
    rejected: await n("import-rejected"),
  };
}

/** Opens the posts list and returns the post's list item. */
async function postItem(page, server, key) {
  await page.goto(server.url + "/mentions");
  await appReady(page);
  const item = page.locator(`[data-testid=mention][data-post="${key}"]`);
  await item.waitFor();
  return item;
}

describe("Social posts", () => {
  const app = useApp();

  test("import, timeline, review queue, case in one click, lead and paste-in", async () => {
    const { server, browser } = app;
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(server.url + "/customers/import");
    await appReady(page);
    await page.setInputFiles("[data-testid=import-file]", file("musteriler.csv", CUSTOMERS));
    await page.waitForSelector("[data-testid=import-mapping]");
    await page.click("[data-testid=import-start]");
    await page.waitForSelector("[data-testid=import-created]:has-text('3')");

    // The import: every row accounted for, the bad ones with line and column.
    const path = file("gonderiler.csv", POSTS);
    const report = await importPosts(page, server, path);
    assert.equal(await page.title(), "Mentions · ilgi", "a page inside a section names it");
    assert.equal(report.created, 4);
    assert.equal(report.rejected, 2);
    assert.equal(report.linked, 1, "only Şükrü's handle is certain");
    assert.equal(report.possible, 2, "common names alone never link");
    assert.equal(report.prospects, 1);
    const rejected = await page.locator("[data-testid=rejected-row]").evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.line, tr.querySelectorAll("td")[1].textContent]),
    );
    assert.deepEqual(rejected, [
      ["6", "text"],
      ["7", "time"],
    ]);
    await shot(page, "mentions-import-report-en");

    // The linked post is on Şükrü's timeline.
    let item = await postItem(page, server, "instagram:C1abc");
    assert.equal(await item.locator("[data-testid=mention-customer]").textContent(), "Şükrü Çağlar");
    assert.equal(await item.locator("[data-testid=mention-sentiment]").getAttribute("data-label"), "negative");
    await item.locator("[data-testid=mention-complaint]").waitFor();
    await shot(page, "mentions-posts-en");
    await item.locator("[data-testid=mention-customer]").click();
    await page.waitForSelector("[data-testid=customer-name]:has-text('Şükrü Çağlar')");
    await page.waitForSelector('[data-testid=timeline-post][data-post="instagram:C1abc"]');
    await shot(page, "customer-timeline-post-en");

    // Review queue: confirm Mehmet, reject Ayşe.
    await page.goto(server.url + "/mentions?tab=review");
    await appReady(page);
    const mehmet = page.locator('[data-testid=review-item][data-post="instagram:C2abc"]');
    await mehmet.waitFor();
    await shot(page, "mentions-review-en");
    await mehmet.locator("[data-testid=candidate]:has-text('Mehmet Yılmaz') [data-testid=confirm-match]").click();
    await page.waitForSelector("[data-testid=toast]:has-text('Linked')");
    const ayse = page.locator('[data-testid=review-item][data-post="instagram:C4abc"]');
    await ayse.locator("[data-testid=candidate]:has-text('Ayşe Demir') [data-testid=reject-match]").click();
    await page.waitForSelector("[data-testid=toast]:has-text('will not be suggested')");
    await page.reload();
    await appReady(page);
    await page.waitForSelector("[data-testid=review-queue]");
    assert.equal(await page.locator('[data-testid=review-item][data-post="instagram:C2abc"]').count(), 0);
    assert.equal(
      await page.locator('[data-testid=review-item][data-post="instagram:C4abc"] [data-testid=candidate]:has-text("Ayşe Demir")').count(),
      0,
      "a rejected pair is never suggested again",
    );
    item = await postItem(page, server, "instagram:C2abc");
    await item.locator("[data-testid=mention-customer]").click();
    await page.waitForSelector("[data-testid=customer-name]:has-text('Mehmet Yılmaz')");
    await page.waitForSelector("[data-testid=customer-identities]:has-text('@mehmet_y')");
    await page.waitForSelector('[data-testid=timeline-post][data-post="instagram:C2abc"]');

    // A complaint becomes a triaged case in one click, linked both ways.
    item = await postItem(page, server, "instagram:C1abc");
    await item.locator("[data-testid=mention-open-case]").click();
    await page.waitForURL(/\/cases\/[0-9a-f-]+$/);
    await page.waitForSelector("[data-testid=case-number]");
    assert.match(await page.textContent("[data-testid=case-text]"), /hâlâ gelmedi/);
    // The level chip comes with the case's rules, a moment after its number.
    await page.waitForSelector(".page-actions .level[data-level]", { timeout: 10_000 });
    assert.ok(await page.locator(".page-actions .level[data-level]").count(), "the case is triaged");
    await page.waitForSelector("[data-testid=case-customer-card]:has-text('Şükrü Çağlar')");
    await shot(page, "mention-case-en");
    item = await postItem(page, server, "instagram:C1abc");
    await item.locator("[data-testid=mention-case]").waitFor();
    assert.equal(await item.locator("[data-testid=mention-open-case]").count(), 0, "one case per post");

    // The same file again adds nothing.
    const again = await importPosts(page, server, path);
    assert.equal(again.created, 0);
    assert.equal(again.already, 4);

    // A prospect becomes a lead.
    await page.goto(server.url + "/mentions?tab=prospects");
    await appReady(page);
    await page.locator('[data-testid=prospect][data-post="instagram:C3abc"] [data-testid=add-lead]').click();
    await page.waitForSelector("[data-testid=customer-name]:has-text('Ahmet Kara')");
    await page.waitForSelector("[data-testid=customer-identities]:has-text('@ahmetkara')");

    // One post pasted in; the same post again is refused.
    const paste = async () => {
      await page.goto(server.url + "/mentions");
      await appReady(page);
      await page.click("[data-testid=paste-post] summary");
      await page.fill("[data-field=address]", "https://x.com/ornekkullanici/status/1790000000000000099");
      await page.fill("[data-field=author]", "Örnek Kullanıcı");
      await page.fill("[data-field=text]", "İnternet yine çekmiyor, üç gündür arıza kaydım açık");
    };
    await paste();
    assert.equal(await page.inputValue("[data-field=post-id]"), "1790000000000000099");
    assert.equal(await page.inputValue("[data-field=handle]"), "@ornekkullanici");
    await page.click("[data-testid=paste-save]");
    await page.waitForSelector("[data-testid=toast]:has-text('Post added')");
    await page.waitForSelector('[data-testid=mention][data-post="x:1790000000000000099"]');
    await paste();
    await page.click("[data-testid=paste-save]");
    await page.waitForSelector("[data-testid=paste-error]:has-text('already here')");

    // Turkish.
    await page.selectOption("header [data-testid=language-switch]", "tr");
    await page.waitForSelector("[data-tab=review]:has-text('İnceleme kuyruğu')");
    await shot(page, "mentions-posts-tr");
    await page.selectOption("header [data-testid=language-switch]", "en");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
