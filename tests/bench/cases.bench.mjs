// Benchmark (not a test): the case queue with 10,000 open cases in
// headless Chromium, against the same queue with 100 open cases in the same
// run (the baseline). For each, a fresh profile imports the cases through
// the app's CSV import, then the queue is worked the way an agent works it
// while every frame is recorded (requestAnimationFrame deltas) and every
// long task (PerformanceObserver `longtask`):
//   - open the queue (navigation → first row);
//   - 40 × `j` (move down), 10 × `k`;
//   - every inbox tab, then "All" again;
//   - "open cases only" off and on;
//   - "show more" twice;
//   - five cases ticked and assigned (a write);
//   - one tick of the 15-second clock (live countdowns re-sorted).
// Prints `BENCH name value` lines; `cargo xtask bench` (or `cargo xtask
// bench cases`, this alone) collects them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DIST, startServer } from "../e2e/support.mjs";

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/** `n` open complaints from unknown authors, made over the last days. */
function casesCsv(n) {
  const texts = [
    "3G çekmiyor, internet yok",
    "Faturam iki kez çekildi",
    "Siparişim gelmedi, kargo nerede",
    "Mağazadaki çalışan çok kabaydı",
    "Telefonum şarj olmuyor",
    "İade param yatmadı",
    "Modem sürekli kopuyor",
    "Kampanya fiyatı uygulanmadı",
  ];
  const channels = ["social", "phone", "email", "web", "store"];
  const lines = ["case id;channel;text;public;followers;created at"];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    // Spread over the last 10 days so clocks are in every state.
    const at = new Date(now - ((i * 86_400_000) / 1000) % (10 * 86_400_000)).toISOString();
    const isPublic = i % 7 === 0 ? "evet" : "hayır";
    const followers = i % 7 === 0 ? (i * 37) % 50_000 : 0;
    lines.push(`B-${i + 1};${channels[i % 5]};${texts[i % 8]} (${i});${isPublic};${followers};${at}`);
  }
  return lines.join("\n") + "\n";
}

const server = await startServer(DIST());
const launchArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"];

async function measure(n) {
  const dir = mkdtempSync(join(tmpdir(), "ilgi-bench-cases-"));
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    locale: "en-US",
    timezoneId: "Europe/Istanbul",
    viewport: { width: 1280, height: 900 },
    args: launchArgs,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", async (m) => m.text().startsWith("TIMING") && console.log(n, await page.evaluate(() => window.__phase).catch(() => "?"), m.text()));
    const csv = join(dir, "cases.csv");
    writeFileSync(csv, casesCsv(n));
    await page.goto(server.url + "/cases");
    await page.waitForSelector("[data-testid=case-import]", { timeout: 60_000 });
    await page.click("[data-testid=case-import] summary");
    const started = Date.now();
    await page.setInputFiles("[data-testid=case-import-file]", csv);
    await page.waitForSelector("[data-testid=case-import-result]", { timeout: 600_000 });
    const importS = (Date.now() - started) / 1000;
    const result = await page.textContent("[data-testid=case-import-result]");
    const recorded = Number((result.match(/([\d,.]+) cases? recorded/)?.[1] ?? "").replace(/\D/g, ""));
    if (recorded !== n) throw new Error(`import of ${n}: ${result}`);

    // Frames and long tasks from here on.
    await page.addInitScript(() => {
      window.__frames = [];
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push([window.__phase ?? "open", e.duration]);
      }).observe({ type: "longtask", buffered: true });
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const openStarted = Date.now();
    await page.goto(server.url + "/cases");
    await page.waitForSelector("[data-testid=case-row]", { timeout: 120_000 });
    const openMs = Date.now() - openStarted;
    // Frames from here: the agent at work (opening is reported apart).
    await page.evaluate(() => {
      window.__frames = [];
      window.__long = [];
    });
    const pause = () => page.waitForTimeout(50);
    const phase = (name) => page.evaluate((n) => (window.__phase = n), name);
    await phase("keys");
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("j");
      await pause();
    }
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("k");
      await pause();
    }
    await phase("inboxes");
    const tabs = await page.locator("[data-testid=inboxes] [data-inbox]").evaluateAll((els) => els.map((e) => e.dataset.inbox));
    for (const tab of [...tabs, "all"]) {
      await page.click(`[data-inbox='${tab}']`);
      await page.waitForTimeout(150);
    }
    await phase("filter");
    for (let i = 0; i < 2; i++) {
      await page.click("text=Open cases only");
      await page.waitForTimeout(300);
    }
    await phase("show-more");
    for (let i = 0; i < 2; i++) {
      if (await page.locator("[data-testid=cases-show-more]").count()) {
        await page.click("[data-testid=cases-show-more]");
        await page.waitForTimeout(300);
      }
    }
    // A write: five cases ticked and assigned (the desk is patched, the
    // queue follows without being drawn anew).
    await phase("assign");
    await page.click("[data-inbox='all']");
    for (let i = 0; i < 5; i++) {
      await page.locator("[data-testid=case-row] input[type=checkbox]").nth(i).check();
    }
    await page.fill("[data-field=bulk-assignee]", "Ayşe");
    await page.click("[data-testid=bulk-assign-button]");
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=case-assignee]")].filter((td) => td.textContent === "Ayşe").length >= 5);
    // One tick of the live countdowns (every 15 s).
    await phase("tick");
    await page.waitForTimeout(16_000);
    const { frames, long } = await page.evaluate(() => ({ frames: window.__frames, long: window.__long }));
    return {
      importS,
      openMs,
      frames: frames.length,
      p50: quantile(frames, 0.5),
      p95: quantile(frames, 0.95),
      max: Math.max(...frames),
      over50: frames.filter((f) => f > 50).length,
      longTasks: long.length,
      longest: long.length ? Math.max(...long.map(([, d]) => d)) : 0,
      byPhase: long.map(([p, d]) => `${p} ${d.toFixed(0)}`).join(", "),
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  const small = await measure(100);
  const large = await measure(10_000);
  for (const [label, r] of [
    ["100", small],
    ["10k", large],
  ]) {
    console.log(`BENCH queue_${label}_import_s ${r.importS.toFixed(1)}`);
    console.log(`BENCH queue_${label}_open_first_row_ms ${r.openMs}`);
    console.log(`BENCH queue_${label}_frame_ms_p50 ${r.p50.toFixed(1)}`);
    console.log(`BENCH queue_${label}_frame_ms_p95 ${r.p95.toFixed(1)}`);
    console.log(`BENCH queue_${label}_frame_ms_max ${r.max.toFixed(0)}`);
    console.log(`BENCH queue_${label}_frames_over_50ms ${r.over50} of ${r.frames}`);
    console.log(`BENCH queue_${label}_long_tasks ${r.longTasks} (longest ${r.longest.toFixed(0)} ms)`);
    console.log(`long tasks of ${label} by phase (ms): ${r.byPhase}`);
  }
  console.log(`BENCH queue_frame_p95_ratio_10k_vs_100 ${(large.p95 / small.p95).toFixed(2)}`);
} finally {
  await server.stop();
}
