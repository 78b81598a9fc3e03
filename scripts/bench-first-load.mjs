// First load on a slow network: the release build against the MkDocs Material page of the same
// mission, in one headless Chromium run, interleaved, cold cache, under DevTools' "Fast 4G" and
// "Slow 4G" presets. Measures, per load:
// - text: the mission's text on screen (a paragraph of its story visible in the viewport, seen in
//   the first animation frame that has it, i.e. just before that frame is painted);
// - control: a working attendee-ID control: an attendee who types an ID into the field labelled
//   "Attendee ID" as soon as it shows (and, on the MkDocs page, submits its form) sees the ID in
//   the mission's text (`Main_Flow_<ID>`). The probe types again every frame until it shows, so a
//   page that drops early keystrokes is measured when it would show what was typed again;
// - bytes: what the page transferred (headers and gzip bodies) until the control worked.
// Not a test: times depend on the machine; compare the ratios of one run.
//   bash scripts/build-release.sh && node scripts/bench-first-load.mjs [runs per page and preset]
//   COMPARE_DIST=/tmp/dist-x node scripts/bench-first-load.mjs   # also another release build (e.g. a
//   split), interleaved in the same run, served under /callback-lab/ on the next port
// The MkDocs site is built from ../shared/seeds/ with mkdocs-material from PyPI, in a virtual
// environment under target/ (made on first use; needs python3 and PyPI).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

const root = resolve(new URL("..", import.meta.url).pathname);
const runs = Number(process.argv[2] ?? 5);
const port = Number(process.env.BENCH_PORT ?? 4391);
const dist = resolve(process.env.DIST ?? join(root, "dist"));
const compareDist = process.env.COMPARE_DIST ? resolve(process.env.COMPARE_DIST) : null;
const seeds = resolve(root, "..", "shared", "seeds");
const work = join(root, "target", "mkdocs-bench");
const venv = join(root, "target", "mkdocs-venv");
// The version measured; PyPI's current release at the time of writing.
const MKDOCS_MATERIAL = process.env.MKDOCS_MATERIAL ?? "9.8.2";
const ATTENDEE = "481";
// A paragraph of the mission's story, near the top of both pages.
const MISSION_TEXT = "If a caller who already has a scheduled callback contacts the contact center again";

// DevTools' presets (Chromium's PredefinedNetworkConditions), in bytes per second and milliseconds.
const PRESETS = {
  "Fast 4G": { latency: 60 * 2.75, download: ((9 * 1000 * 1000) / 8) * 0.9, upload: ((1.5 * 1000 * 1000) / 8) * 0.9 },
  "Slow 4G": { latency: 150 * 3.75, download: ((1.6 * 1000 * 1000) / 8) * 0.9, upload: ((750 * 1000) / 8) * 0.9 },
};

// --- the MkDocs Material page ---------------------------------------------------------------------

function ensureMkdocs() {
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) {
    console.log(`creating ${venv}`);
    execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  }
  const has = spawnSync(python, ["-m", "pip", "show", "mkdocs-material"], { encoding: "utf8" });
  if (!has.stdout.includes(`Version: ${MKDOCS_MATERIAL}`)) {
    console.log(`pip install mkdocs-material==${MKDOCS_MATERIAL}`);
    execFileSync(python, ["-m", "pip", "install", "-q", `mkdocs-material==${MKDOCS_MATERIAL}`], { stdio: "inherit" });
  }
  return join(venv, "bin", "mkdocs");
}

// The lab guide asks for the attendee ID on its overview page (a form; the ID is kept in
// localStorage under `attendeeID`) and fills the placeholders of every page from it on load. Here the
// same form sits on the mission page, and saving also fills that page's placeholders, so one page
// shows both; written for this benchmark after the guide's behaviour.
const ATTENDEE_FORM = `<form id="attendee-form">
<label for="attendee">Attendee ID</label>
<input type="text" id="attendee" name="attendee" placeholder="Enter 3 digits" required>
<button type="submit">Save</button>
</form>

`;
const ATTENDEE_JS = `(function () {
  function fill(id) {
    document.querySelectorAll(".attendee-id-placeholder").forEach(function (el) {
      el.textContent = (el.getAttribute("data-prefix") || "") + id + (el.getAttribute("data-suffix") || "");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fill(localStorage.getItem("attendeeID") || "Not Set");
    var form = document.getElementById("attendee-form");
    var input = document.getElementById("attendee");
    if (!form || !input) return;
    input.addEventListener("input", function () { input.value = input.value.replace(/\\D/g, "").slice(0, 3); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value.length !== 3) return;
      localStorage.setItem("attendeeID", input.value);
      fill(input.value);
    });
  });
})();
`;

function buildMkdocsSite() {
  const seed = readdirSync(seeds).find((f) => f.endsWith(".md"));
  if (!seed) throw new Error(`no mission in ${seeds}`);
  const docs = join(work, "docs");
  mkdirSync(join(docs, "javascripts"), { recursive: true });
  let markdown = readFileSync(join(seeds, seed), "utf8");
  // After the front matter: the form first, as the guide's overview page has it.
  markdown = markdown.replace(/^(---\n[\s\S]*?\n---\n)?/, (front) => front + "\n" + ATTENDEE_FORM);
  writeFileSync(join(docs, "index.md"), markdown);
  writeFileSync(join(docs, "javascripts", "attendee.js"), ATTENDEE_JS);
  // Material's usual lab-guide setup. `font: false`: Google Fonts cannot be reached here (it would
  // only make MkDocs slower); the page uses system fonts, as ours does.
  writeFileSync(join(work, "mkdocs.yml"), `site_name: Callback Lab
site_url: http://127.0.0.1/mkdocs/
use_directory_urls: true
theme:
  name: material
  font: false
  features:
    - content.code.copy
    - navigation.footer
  palette:
    - scheme: default
      toggle: { icon: material/brightness-7, name: Switch to dark mode }
    - scheme: slate
      toggle: { icon: material/brightness-4, name: Switch to light mode }
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - toc:
      permalink: true
extra_javascript:
  - javascripts/attendee.js
nav:
  - Mission 4: index.md
`);
  const mkdocs = ensureMkdocs();
  execFileSync(mkdocs, ["build", "--quiet", "--clean", "-f", join(work, "mkdocs.yml"), "-d", join(work, "site")], {
    stdio: "inherit",
  });
  return join(work, "site");
}

// --- a static server like GitHub Pages: gzip, 404.html, `x` → `x.html` -----------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".ico": "image/x-icon",
};
const COMPRESSED = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".webmanifest", ".txt", ".xml"]);
const gzCache = new Map();

function lookup(dir, rel) {
  const target = join(dir, normalize(rel).replace(/^(\.\.[/\\])+/, ""));
  if (!target.startsWith(dir)) return null;
  for (const candidate of [target, `${target}.html`, join(target, "index.html")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form, as GitHub Pages does
    }
  }
  return null;
}

function serve(sites) {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const site = sites.find((s) => url.pathname.startsWith(s.base));
    if (!site) return res.writeHead(404).end();
    const rel = decodeURIComponent(url.pathname.slice(site.base.length));
    let path = lookup(site.dir, rel);
    let status = 200;
    if (!path) {
      status = 404;
      path = lookup(site.dir, "404.html");
      if (!path) return res.writeHead(404).end();
    }
    const ext = extname(path);
    let body = readFileSync(path);
    const headers = { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "max-age=600" };
    if (COMPRESSED.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      const key = createHash("sha1").update(body).digest("hex");
      if (!gzCache.has(key)) gzCache.set(key, gzipSync(body, { level: 9 }));
      body = gzCache.get(key);
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body);
  });
}

// --- the probe, run in every page before its own scripts ------------------------------------------

function probe({ text, id }) {
  const marks = {};
  window.__firstLoad = marks;
  // A submit nobody handled would navigate away: the page's own handler runs first and prevents it.
  window.addEventListener("submit", (e) => e.defaultPrevented || e.preventDefault());
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  let story = null;
  function textOnScreen() {
    story ??= [...document.querySelectorAll("p")].find((p) => p.textContent.includes(text)) ?? null;
    if (!story || !story.isConnected) {
      story = null;
      return false;
    }
    const box = story.getBoundingClientRect();
    return story.checkVisibility({ visibilityProperty: true, opacityProperty: true }) &&
      box.height > 0 && box.top < innerHeight && box.bottom > 0;
  }
  function attendeeField() {
    const label = [...document.querySelectorAll("label")].find((l) => l.textContent.trim() === "Attendee ID");
    const field = label && (label.control ?? document.getElementById(label.htmlFor));
    return field && field.checkVisibility() ? field : null;
  }
  function controlWorks() {
    const main = document.querySelector("main, article, .md-content") ?? document.body;
    return main.textContent.includes(`Main_Flow_${id}`);
  }
  function frame() {
    const now = performance.now();
    if (marks.text === undefined && textOnScreen()) marks.text = now;
    if (marks.control === undefined) {
      if (controlWorks()) marks.control = now;
      else {
        const field = attendeeField();
        if (field) {
          marks.fieldShown ??= now;
          if (field.value !== id) {
            setValue.call(field, id);
            field.dispatchEvent(new Event("input", { bubbles: true }));
          }
          field.form?.requestSubmit();
        }
      }
    }
    if (document.documentElement.getAttribute("data-app") === "ready") marks.app ??= now;
    const app = document.querySelector('meta[name="callback-lab-sw"]') !== null;
    if (marks.text === undefined || marks.control === undefined || (app && marks.app === undefined)) {
      requestAnimationFrame(frame);
    }
  }
  requestAnimationFrame(frame);
}

// --- measuring ---------------------------------------------------------------------------------------

async function load(browser, url, preset) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Only this machine: nothing may leave it (a page asking for another host gets an error at once).
  const origin = new URL(url).origin;
  await context.route((u) => !u.href.startsWith(`${origin}/`), (r) => r.abort());
  await context.addInitScript(probe, { text: MISSION_TEXT, id: ATTENDEE });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: preset.latency, downloadThroughput: preset.download, uploadThroughput: preset.upload,
  });
  await page.goto(url, { waitUntil: "commit" });
  // Ours: also until the app has started (copy buttons, the lab), which the control no longer waits for.
  await page.waitForFunction(() => {
    const m = window.__firstLoad;
    const app = document.querySelector('meta[name="callback-lab-sw"]') !== null;
    return m?.text !== undefined && m?.control !== undefined && (!app || m?.app !== undefined);
  }, null, { timeout: 60_000, polling: 50 });
  const result = await page.evaluate(() => {
    const marks = window.__firstLoad;
    const [nav] = performance.getEntriesByType("navigation");
    const resources = performance.getEntriesByType("resource");
    const done = resources.filter((r) => r.responseEnd <= marks.control);
    const bytes = nav.transferSize + done.reduce((sum, r) => sum + r.transferSize, 0);
    const started = resources.filter((r) => marks.app !== undefined && r.responseEnd <= marks.app);
    const appBytes = marks.app === undefined ? undefined
      : nav.transferSize + started.reduce((sum, r) => sum + r.transferSize, 0);
    // When the WebAssembly module's download started and ended (the preload: with the HTML).
    const wasm = resources.find((r) => r.name.endsWith(".wasm"));
    return {
      ...marks, bytes, appBytes, requests: done.length + 1, htmlEnd: nav.responseEnd,
      wasmStart: wasm?.startTime, wasmEnd: wasm?.responseEnd,
    };
  });
  await context.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${(x / 1000).toFixed(2)} s`;

if (!existsSync(join(dist, "index.html"))) throw new Error(`no release build in ${dist}: run scripts/build-release.sh`);
const mkdocsSite = buildMkdocsSite();
const server = serve([
  { base: "/callback-lab/", dir: dist },
  { base: "/mkdocs/", dir: mkdocsSite },
]);
await new Promise((r) => server.listen(port, "127.0.0.1", r));
const servers = [server];
const pages = {
  mkdocs: `http://127.0.0.1:${port}/mkdocs/`,
  ours: `http://127.0.0.1:${port}/callback-lab/`,
};
if (compareDist) {
  if (!existsSync(join(compareDist, "index.html"))) throw new Error(`no release build in ${compareDist}`);
  // Built for /callback-lab/ too: its own origin, on the next port.
  const other = serve([{ base: "/callback-lab/", dir: compareDist }]);
  await new Promise((r) => other.listen(port + 1, "127.0.0.1", r));
  servers.push(other);
  pages.compare = `http://127.0.0.1:${port + 1}/callback-lab/`;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  for (const [name, preset] of Object.entries(PRESETS)) {
    results[name] = Object.fromEntries(Object.keys(pages).map((which) => [which, []]));
    for (let i = 0; i < runs; i++) {
      // Interleaved, and the order of the pages rotates.
      const names = Object.keys(pages);
      const order = names.map((_, k) => names[(k + i) % names.length]);
      for (const which of order) results[name][which].push(await load(browser, pages[which], preset));
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}

console.log(`first load, cold cache, ${runs} loads per page and preset (medians; ours = ${dist}` +
  (compareDist ? `, compared = ${compareDist}` : "") + "):");
const cmp = compareDist !== null;
console.log("| network | what | MkDocs Material | ours | ours / MkDocs |" + (cmp ? " compared | compared / MkDocs |" : ""));
console.log("| --- | --- | --- | --- | --- |" + (cmp ? " --- | --- |" : ""));
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;
for (const [name, r] of Object.entries(results)) {
  for (const [what, key, show] of [
    ["mission text on screen", "text", ms], ["attendee-ID control working", "control", ms],
    ["bytes until the control works", "bytes", kb],
  ]) {
    const a = median(r.mkdocs.map((x) => x[key]));
    const cols = ["ours", ...(cmp ? ["compare"] : [])].map((which) => {
      const b = median(r[which].map((x) => x[key]));
      return `${show(b)} | ${(b / a).toFixed(2)}× |`;
    });
    console.log(`| ${name} | ${what} | ${show(a)} | ${cols.join(" ")}`);
  }
}
for (const [name, r] of Object.entries(results)) {
  for (const which of ["ours", ...(cmp ? ["compare"] : [])]) {
    const of = (key) => ms(median(r[which].map((x) => x[key] ?? NaN)));
    const bytes = kb(median(r[which].map((x) => x.appBytes ?? NaN)));
    console.log(`${name}, ${which}: HTML received ${of("htmlEnd")}, wasm download ${of("wasmStart")} → ${of("wasmEnd")}, ` +
      `app started (copy buttons, lab) ${of("app")}, bytes until then ${bytes} (medians)`);
  }
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
