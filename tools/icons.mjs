// Renders the app icons (public/icons/*.png) from the SVG below with
// Debian's Chromium. Run by hand after changing the design:
//   node tools/icons.mjs
import { chromium } from "playwright-core";

const svg = (size, maskable) => {
  // Maskable icons are cropped to a circle of 80% diameter: full-bleed
  // background, mark kept inside the safe zone.
  const pad = maskable ? 0.22 : 0.12;
  const radius = maskable ? 0 : size * 0.22;
  const s = size * (1 - 2 * pad);
  const o = size * pad;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${radius}" fill="#0f766e"/>
  <g transform="translate(${o} ${o}) scale(${s / 100})">
    <path d="M18 14 h64 a12 12 0 0 1 12 12 v38 a12 12 0 0 1 -12 12 h-34 l-18 16 v-16 h-12 a12 12 0 0 1 -12 -12 v-38 a12 12 0 0 1 12 -12 z" fill="#ffffff"/>
    <circle cx="50" cy="30" r="7" fill="#0f766e"/>
    <rect x="43.5" y="41" width="13" height="26" rx="6.5" fill="#0f766e"/>
    <circle cx="78" cy="20" r="9" fill="#f59e0b" stroke="#ffffff" stroke-width="3"/>
  </g>
</svg>`;
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const page = await browser.newPage();
for (const [name, size, maskable] of [
  ["icon-192", 192, false],
  ["icon-512", 512, false],
  ["icon-maskable-512", 512, true],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(size, maskable)}`);
  await page.locator("svg").screenshot({ path: `public/icons/${name}.png`, omitBackground: true });
  console.log(`public/icons/${name}.png`);
}
await browser.close();
