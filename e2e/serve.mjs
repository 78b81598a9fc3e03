// A static server that behaves like GitHub Pages for a project site: files of DIR under BASE, and
// 404.html (with status 404) for anything else, which is how deep links reach the app.
//   node e2e/serve.mjs dist /callback-lab/ 4173
// Test hook: GET /__deploy simulates deploying a new build: from then on the service worker and the
// pages carry a new version (as a real new build's would), so the update prompt can be tested.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

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

let generation = 0;
function redeployed(path, body) {
  if (generation === 0 || !/(sw\.js|\.html)$/.test(path)) return body;
  return Buffer.from(body.toString("utf8").replace(
    /(const VERSION = "|data-version=")([0-9a-f]+)/g, `$1$2-g${generation}`));
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/__deploy") {
    generation += 1;
    res.writeHead(200, { "content-type": "text/plain" }).end(`generation ${generation}`);
    return;
  }
  let found = null;
  if (url.pathname.startsWith(base)) {
    const rel = normalize(decodeURIComponent(url.pathname.slice(base.length))).replace(/^(\.\.[/\\])+/, "");
    const target = join(root, rel);
    if (target.startsWith(root)) found = await file(target);
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
    "cache-control": "no-cache",
  });
  res.end(req.method === "HEAD" ? undefined : redeployed(found.path, found.body));
}).listen(Number(port), "127.0.0.1", () => console.log(`serving ${root} at http://127.0.0.1:${port}${base}`));
