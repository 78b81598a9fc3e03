// Loads the release build in headless Chromium N times and reports how long until the app is
// interactive (the WASM module has mounted: <html data-app="ready">), cold (empty cache) and warm.
// Not a test: run on a quiet machine and compare runs of the same day.
//   bash scripts/build-release.sh && node scripts/bench-load.mjs [runs]
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const runs = Number(process.argv[2] ?? 10);
const port = 4390;
const base = `http://127.0.0.1:${port}/callback-lab/`;
const server = spawn(process.execPath, ["e2e/serve.mjs", process.env.DIST ?? "dist", "/callback-lab/", String(port)], {
  stdio: "ignore",
});
await new Promise((r) => setTimeout(r, 500));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function measure(context) {
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(base);
  await page.waitForSelector("html[data-app=ready]");
  const wall = Date.now() - start;
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation");
    return { domContentLoaded: n.domContentLoadedEventEnd, transfer: n.transferSize };
  });
  await page.close();
  return { wall, ...nav };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]} ms, max ${s[s.length - 1]} ms`;
};

const cold = [];
const warm = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    cold.push((await measure(context)).wall);
    warm.push((await measure(context)).wall);
    await context.close();
  }
  console.log(`time to interactive over ${runs} runs (load → WASM mounted):`);
  console.log(`  cold (empty cache): ${stats(cold)}`);
  console.log(`  warm (cached):      ${stats(warm)}`);
} finally {
  await browser.close();
  server.kill();
}
