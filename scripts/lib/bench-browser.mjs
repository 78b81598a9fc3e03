// What every browser benchmark needs: the release build served the way e2e/serve.mjs serves it (as
// GitHub Pages does, under /callback-lab/), Debian's headless Chromium, and the median / max of a
// series.
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

/** The site's base path, as scripts/build-release.sh builds it by default. */
export const BASE_PATH = "/callback-lab/";

/**
 * Starts e2e/serve.mjs on `port` for the build in `dist` (from the repository root) and resolves
 * once it listens. Returns the server process (kill it when done) and the site's base URL.
 * @param {string} dist
 * @param {number} port
 */
export async function startServer(dist, port) {
  const server = spawn(process.execPath, ["e2e/serve.mjs", dist, BASE_PATH, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    server.stdout.once("data", resolve);
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { server, base: `http://127.0.0.1:${port}${BASE_PATH}` };
}

/** Debian's Chromium, headless, without the background chatter that would add noise. */
export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Logs the page's console errors, except the 404 status of a deep link (served by 404.html, as
 * GitHub Pages does).
 * @param {import("@playwright/test").Page} page
 */
export function reportConsoleErrors(page) {
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 404/.test(m.text())) console.error("console error:", m.text());
  });
}

/**
 * Median, max and min of `xs`, formatted with `digits` decimals.
 * @param {number[]} xs
 * @param {number} [digits]
 */
export function stats(xs, digits = 1) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: median.toFixed(digits), max: s[s.length - 1].toFixed(digits), min: s[0].toFixed(digits) };
}
