// Shared helpers for the end-to-end suite: start, restart and stop the sync
// server (`ilgi-server`, which serves the built app and the API on one
// origin), launch Debian's Chromium through playwright-core, save
// screenshots. `cargo xtask test` sets the ILGI_* variables.
import { spawn } from "node:child_process";
import http from "node:http";
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

// Servers still running and database folders made here: whatever a test
// leaves behind is killed and removed when its file's process exits.
const running = new Set();
const databaseDirs = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of databaseDirs) removeDir(dir);
});

/** A fresh SQLite file in a new temporary folder (removed at exit). */
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "ilgi-db-"));
  databaseDirs.add(dir);
  return join(dir, "ilgi.db");
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts `ilgi-server` (ILGI_SERVER_BIN) serving `dir` and the API on
 * 127.0.0.1, and resolves once `GET /api/v1/health` answers "ok".
 *
 * - `port`: 0 picks a free port; a number reuses one (to restart "the
 *   same" origin, which keeps the browser's storage and service worker).
 * - `options.database`: the SQLite file; by default a fresh one in a new
 *   temporary folder, so every server starts empty.
 * - `options.args`: more command-line arguments (`--allow-origin …`).
 *
 * The result has `url`, `port`, `database`, `stop()` (Ctrl-C: the server
 * finishes its requests and exits) and `restart()` (stop, then start on
 * the same port with the same database and arguments; resolves to the
 * new server, nothing stored is lost). A server a test does not stop is
 * killed when the test file's process exits.
 */
export async function startServer(dir, port = 0, options = {}) {
  const database = options.database ?? freshDatabase();
  const args = [
    "--addr",
    `127.0.0.1:${port}`,
    "--database",
    `sqlite://${database}`,
    "--dist",
    dir,
    ...(options.args ?? []),
  ];
  const child = spawn(required("ILGI_SERVER_BIN"), args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || "warn" },
  });
  running.add(child);
  let log = "";
  child.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
  let state = "starting"; // → "running" → "stopping"
  let boundPort = port;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ?? `code ${code}`));
    child.once("error", (e) => resolve(e.message));
  });
  exited.then((how) => {
    running.delete(child);
    if (state === "running") console.error(`ilgi-server on port ${boundPort} stopped by itself (${how}):\n${log}`);
  });
  const failed = (why) => {
    child.kill("SIGKILL");
    return new Error(`ilgi-server ${args.join(" ")} ${why}\n${log}`);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  // It prints its address on stdout once it listens (the port, if 0).
  const url = await new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(failed("printed no address within 30 s")), START_TIMEOUT_MS);
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = stdout.match(/served at (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (match) {
        clearTimeout(timer);
        boundPort = Number(match[2]);
        resolve(match[1]);
      }
    });
    exited.then((how) => {
      if (state !== "starting") return;
      clearTimeout(timer);
      reject(failed(`stopped while starting (${how})`));
    });
  });
  let last = "no answer";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw failed("stopped while starting");
    if (Date.now() > deadline) throw failed(`was not healthy within 30 s (last: ${last})`);
    last = await health(url);
    if (last === "ok") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  state = "running";
  // A server left running must not keep the test process alive; `stop`
  // holds on to it again while it waits.
  const handles = [child, child.stdout, child.stderr];
  for (const handle of handles) handle.unref();

  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      state = "stopping";
      for (const handle of handles) handle.ref();
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopped;
  };
  return {
    url,
    port: boundPort,
    database,
    stop,
    restart: async () => {
      await stop();
      return startServer(dir, boundPort, { ...options, database });
    },
  };
}

/** `GET /api/v1/health` on a connection of its own: "ok" or what went wrong. */
function health(url) {
  return new Promise((resolve) => {
    const request = http.get(url + "/api/v1/health", { agent: false, timeout: 2_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (d) => (body += d));
      response.on("end", () => {
        let status;
        try {
          status = JSON.parse(body).status;
        } catch {
          status = undefined;
        }
        resolve(response.statusCode === 200 && status === "ok" ? "ok" : `${response.statusCode} ${body}`);
      });
      response.on("error", (e) => resolve(e.message));
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", (e) => resolve(e.message));
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
