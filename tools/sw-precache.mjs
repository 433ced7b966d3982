// Trunk post-build hook: writes sw.js into the staging folder with this
// build's asset list and a build id derived from the assets' contents, so the
// browser sees a new service worker exactly when the build changed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
if (!staging) {
  console.error("sw-precache: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const assets = files(staging)
  .map((path) => "/" + relative(staging, path).split(sep).join("/"))
  .filter((path) => path !== "/sw.js")
  .sort();

const hash = createHash("sha256");
for (const path of assets) {
  hash.update(path);
  hash.update(readFileSync(join(staging, path.slice(1))));
}
const build = hash.digest("hex").slice(0, 16);

const template = readFileSync(join(source, "public", "sw.js"), "utf8");
if (!template.includes("__ILGI_BUILD__") || !template.includes("__ILGI_ASSETS__")) {
  console.error("sw-precache: public/sw.js lost its __ILGI_BUILD__/__ILGI_ASSETS__ markers");
  process.exit(1);
}
const worker = template
  .replace("__ILGI_BUILD__", build)
  .replace("__ILGI_ASSETS__", JSON.stringify(assets, null, 2));
writeFileSync(join(staging, "sw.js"), worker);
console.log(`sw-precache: build ${build}, ${assets.length} assets`);
