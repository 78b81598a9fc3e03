// Many set-aside copies ("Your data"): the longest main-thread gap around one keystroke in the
// Condition lab when an import left N set-aside entries (default 5 000) in the storage, in headless
// Chromium. A benchmark, not a test: it prints the figures and exits 0.
//
//   DIST=/tmp/dist-x node scripts/bench-set-aside.mjs [entries] [keystrokes]
//
// The entries come in the way an attendee gets them: "Import my data" with a backup whose entries
// are set-aside copies of guide progress (one per mission name, each 60–90 characters). Each
// keystroke is one input event on the Condition expression; the gap is sampled by a timer chain for
// the second after it (the edit's own frame, then the save 400 ms later, which tells every part of
// the page that listens to storage changes). Measured twice: with the "Your data" list as the page
// starts (collapsed or not, as the build decides) and with it opened by its button.
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const entries = Number(process.argv[2] ?? 5000);
const keystrokes = Number(process.argv[3] ?? 10);
const dist = process.env.DIST ?? "dist";
const port = Number(process.env.BENCH_PORT ?? 4392);
const base = `http://127.0.0.1:${port}/callback-lab/`;

const server = spawn(process.execPath, ["e2e/serve.mjs", dist, "/callback-lab/", String(port)], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve, reject) => {
  server.stdout.once("data", resolve);
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: median.toFixed(1), max: s[s.length - 1].toFixed(1), min: s[0].toFixed(1) };
};

const backup = {
  app: "callback-lab",
  version: 1,
  exported: "2026-12-01T00:00:00.000Z",
  entries: Object.fromEntries(
    Array.from({ length: entries }, (_, i) => [
      `callback-lab.progress.m${i}.unreadable`,
      `{"version":1,"mission":"m${i}","completed":["build-1","build-${i % 18}"`,
    ]),
  ),
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 404/.test(m.text())) console.error("console error:", m.text());
  });
  await page.goto(base + "lab");
  await page.waitForSelector("html[data-app=ready]");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector("html[data-app=ready]");
  const t0 = Date.now();
  await page.getByLabel("Import my data").setInputFiles({
    name: "backup.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(backup)),
  });
  await page.waitForFunction(
    (n) => Object.keys(localStorage).filter((k) => k.endsWith(".unreadable")).length >= n,
    entries,
    { timeout: 120_000 },
  );
  const importMs = Date.now() - t0;
  await page.reload();
  await page.waitForSelector("html[data-app=ready]");
  await page.waitForSelector("#lab-expression");
  console.log(`${entries} set-aside entries imported in ${importMs} ms (wall clock, with the list's update)`);

  const keystroke = (value) =>
    page.evaluate(
      (value) =>
        new Promise((resolve) => {
          const field = document.querySelector("#lab-expression");
          field.value = value;
          field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
          let last = performance.now();
          let worst = 0;
          const end = last + 1000;
          const tick = () => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
            if (now < end) setTimeout(tick, 1);
            else resolve(worst);
          };
          setTimeout(tick, 1);
        }),
      value,
    );
  const measure = async (label) => {
    const original = await page.inputValue("#lab-expression");
    await keystroke(original + " "); // warm-up
    const gaps = [];
    for (let i = 0; i < keystrokes; i++) gaps.push(await keystroke(i % 2 ? original : original + " "));
    const g = stats(gaps);
    console.log(`${label}: longest main-thread gap per keystroke median ${g.median} ms, max ${g.max} ms (min ${g.min})`);
  };
  const toggle = page.locator("button[aria-controls=data-stored]");
  console.log(`"Your data" toggle at start: ${await toggle.textContent()} (aria-expanded=${await toggle.getAttribute("aria-expanded")})`);
  await measure("list as the page starts");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") {
    const t1 = Date.now();
    await toggle.click();
    await page.waitForSelector("#data-stored");
    console.log(`opening the list: ${Date.now() - t1} ms (wall clock)`);
  }
  await measure("list open");
  console.log(`set-aside items rendered: ${await page.locator("#data-stored li").count()}`);
} finally {
  await browser.close();
  server.kill();
}
