// A static server that behaves like GitHub Pages for a project site: files of DIR under BASE (`x` is
// also `x.html`), and 404.html (with status 404) for anything else, which is how deep links reach the app.
//   node e2e/serve.mjs dist /callback-lab/ 4173
// Test hooks, so updates can be tested without a second build:
// - GET /__deploy simulates deploying a new build for every client; a cookie `e2e-generation=N`
//   adds N more for one browser context. From then on the service worker and the pages carry a new
//   version, and every content-hashed file (wasm, JS, CSS) a new name, as a real new build's would
//   (the old names still serve, as a CDN edge may);
// - a cookie `e2e-max-age=N` makes every response `Cache-Control: max-age=N` (as static hosts send)
//   instead of `no-cache`.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join, normalize, resolve } from "node:path";

const [dir = "dist", base = "/callback-lab/", port = "4173"] = process.argv.slice(2);
const root = resolve(dir);
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

async function file(path) {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return file(join(path, "index.html"));
    return { path, body: await readFile(path) };
  } catch {
    return null;
  }
}

let deployed = 0;

function cookies(req) {
  return Object.fromEntries((req.headers.cookie ?? "").split(";").map((c) => c.trim().split("=")));
}

// Trunk's content hashes in this build's file names (`callback-lab-0123456789abcdef_bg.wasm`).
function contentHashes() {
  let names = [];
  try {
    names = readdirSync(root);
  } catch {
    // No build yet: nothing to rename.
  }
  return [...new Set(names.flatMap((f) => f.match(/-([0-9a-f]{16})(?=[_.])/)?.[1] ?? []))];
}
const hashes = contentHashes();
const renamed = (hash, generation) =>
  createHash("sha256").update(`${hash}:${generation}`).digest("hex").slice(0, 16);

/** The file a request names under generation `generation`'s file names. */
function unrenamed(rel, generation) {
  if (generation === 0) return rel;
  const name = basename(rel);
  const hash = hashes.find((h) => name.includes(renamed(h, generation)));
  return hash ? join(dirname(rel), name.replace(renamed(hash, generation), hash)) : rel;
}

/** The CSP meta's script hashes, for the inline scripts the page now has. */
function rehashInlineScripts(html) {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const sums = inline.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`);
  return html.replace(/(script-src [^;"]*?)(?: 'sha256-[^']+')+/, `$1 ${sums.join(" ")}`);
}

function redeployed(path, body, generation) {
  if (generation === 0 || !/(sw\.js|\.html|\.js)$/.test(path)) return body;
  let text = body.toString("utf8");
  for (const hash of hashes) text = text.replaceAll(hash, renamed(hash, generation));
  text = text.replace(/(const VERSION = "|data-version=")([0-9a-f]+)/g, `$1$2-g${generation}`);
  if (path.endsWith(".html")) text = rehashInlineScripts(text);
  return Buffer.from(text);
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/__deploy") {
    deployed += 1;
    res.writeHead(200, { "content-type": "text/plain" }).end(`generation ${deployed}`);
    return;
  }
  const cookie = cookies(req);
  const generation = deployed + (Number(cookie["e2e-generation"]) || 0);
  const maxAge = Number(cookie["e2e-max-age"]);
  let found = null;
  if (url.pathname.startsWith(base)) {
    const rel = unrenamed(
      normalize(decodeURIComponent(url.pathname.slice(base.length))).replace(/^(\.\.[/\\])+/, ""),
      generation,
    );
    const target = join(root, rel);
    // As GitHub Pages: `/lab` is served by `lab.html` when there is one (the prerendered pages).
    if (target.startsWith(root)) found = (await file(target)) ?? (await file(`${target}.html`));
  } else if (url.pathname === base.slice(0, -1)) {
    res.writeHead(301, { location: base }).end();
    return;
  }
  const status = found ? 200 : 404;
  found ??= await file(join(root, "404.html"));
  if (!found) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  res.writeHead(status, {
    "content-type": types[extname(found.path)] ?? "application/octet-stream",
    "cache-control": maxAge > 0 ? `max-age=${maxAge}` : "no-cache",
  });
  res.end(req.method === "HEAD" ? undefined : redeployed(found.path, found.body, generation));
}).listen(Number(port), "127.0.0.1", () => console.log(`serving ${root} at http://127.0.0.1:${port}${base}`));
