// Loads the release build in headless Chromium N times and reports how long until the app is
// interactive (the WASM module has mounted: <html data-app="ready">), cold (empty cache) and warm.
// Not a test: run on a quiet machine and compare runs of the same day.
//   bash scripts/build-release.sh && node scripts/bench-load.mjs [runs]
import { launchChromium, startServer } from "./lib/bench-browser.mjs";

const runs = Number(process.argv[2] ?? 10);
const port = Number(process.env.BENCH_PORT ?? 4390);
const { server, base } = await startServer(process.env.DIST ?? "dist", port);
const browser = await launchChromium();

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
