// Post-build step of scripts/build-release.sh:
// 1. writes dist/sw.js from static/sw.js with the list of every file of this build and a version;
// 2. adds <meta name="callback-lab-sw"> so boot.js registers it (dev builds have no service worker);
// 3. adds a Content-Security-Policy meta tag allowing exactly this build's inline init script (by hash),
//    to every page of the build.
//   node scripts/offline-build.mjs DIST
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const dist = process.argv[2] ?? "dist";
const root = new URL("..", import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(dist, path)];
  });
}

const assets = files(dist)
  .filter((f) => !["404.html", "sw.js"].includes(f) && !f.startsWith("."))
  .sort();
const version = createHash("sha256").update(assets.join("\n")).digest("hex").slice(0, 16);
const precache = ["./", ...assets.filter((f) => f !== "index.html")];

const sw = readFileSync(join(root, "static/sw.js"), "utf8")
  .replace("__VERSION__", version)
  .replace("__ASSETS__", JSON.stringify(precache));
writeFileSync(join(dist, "sw.js"), sw);

// Webex Contact Center API hosts the Condition lab's "Run live" may call (one per region).
const apiHosts = ["https://api.wxcc-us1.cisco.com", "https://api.wxcc-eu1.cisco.com",
  "https://api.wxcc-eu2.cisco.com", "https://api.wxcc-anz1.cisco.com", "https://api.wxcc-ca1.cisco.com",
  "https://api.wxcc-jp1.cisco.com", "https://api.wxcc-sg1.cisco.com"];

// Every page: the prerendered routes (src/bin/prerender.rs) and 404.html, which serves any other
// address (without it, a copy of index.html). They share trunk's head, so one policy fits all.
const pages = files(dist).filter((f) => f.endsWith(".html"));
if (!pages.includes("404.html")) {
  writeFileSync(join(dist, "404.html"), readFileSync(join(dist, "index.html")));
  pages.push("404.html");
}
let html = readFileSync(join(dist, "index.html"), "utf8");
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`);
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  // Inline style attributes (progress bars, table alignment) only; no content HTML is ever injected.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  `connect-src 'self' ${apiHosts.join(" ")}`,
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");
for (const page of pages) {
  html = readFileSync(join(dist, page), "utf8");
  if (!/<meta charset="?utf-8"?>/i.test(html)) throw new Error(`${page}: no <meta charset=utf-8> to anchor the CSP`);
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (scripts.join("\n") !== inline.join("\n")) throw new Error(`${page}: other inline scripts than index.html's`);
  html = html.replace(
    /<meta charset="?utf-8"?>/i,
    `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
      `<meta name="callback-lab-sw" content="sw.js" data-version="${version}">`,
  );
  writeFileSync(join(dist, page), html);
}
console.log(`service worker ${version}: ${precache.length} files precached; CSP with ${hashes.length} inline script hash(es) on ${pages.length} pages`);
