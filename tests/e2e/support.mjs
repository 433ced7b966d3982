// Shared helpers for the end-to-end suite: start/stop the project's own
// static server, launch Debian's Chromium through playwright-core, save
// screenshots. `cargo xtask test` sets the ILGI_* variables.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`cargo xtask test\``);
  return value;
};

export const DIST = () => required("ILGI_DIST");
const SCREENSHOTS = () => process.env.ILGI_SCREENSHOTS || "target/screenshots";

/** Copies the built app to a fresh folder the test may change. */
export function copyDist() {
  const dir = mkdtempSync(join(tmpdir(), "ilgi-dist-"));
  cpSync(DIST(), dir, { recursive: true });
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts `xtask serve-dist` on a free 127.0.0.1 port. `port` reuses a port
 * (to restart "the same" origin). Resolves when the server says it listens.
 */
export function startServer(dir, port = 0) {
  const child = spawn(required("ILGI_SERVER_BIN"), ["serve-dist", "--dir", dir, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within 30 s: ${stderr}`));
    }, 30_000);
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = stdout.match(/served at (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          port: Number(match[2]),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGINT");
            }),
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Waits until the app (not the boot splash) is on screen. */
export async function appReady(page) {
  await page.waitForSelector("#main-nav a[data-section]", { state: "attached", timeout: 30_000 });
  await page.waitForSelector("main h1", { timeout: 30_000 });
}

export async function shot(page, name, options = {}) {
  mkdirSync(SCREENSHOTS(), { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS(), `${name}.png`), ...options });
}

/** Saves a screenshot of one element (`locator`) as `<name>.png`. */
export async function shotOf(locator, name) {
  mkdirSync(SCREENSHOTS(), { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS(), `${name}.png`) });
}

/**
 * Starts the server and a browser before a suite's tests and stops both
 * after them. Returns an object whose `server` and `browser` are set once
 * the suite runs.
 */
export function useApp() {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await startServer(DIST());
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}
