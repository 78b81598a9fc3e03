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
import { launchChromium, reportConsoleErrors, startServer, stats } from "./lib/bench-browser.mjs";
import { gapAfterInput } from "./lib/longest-gap.mjs";

const entries = Number(process.argv[2] ?? 5000);
const keystrokes = Number(process.argv[3] ?? 10);
const dist = process.env.DIST ?? "dist";
const port = Number(process.env.BENCH_PORT ?? 4392);
const { server, base } = await startServer(dist, port);

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

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  reportConsoleErrors(page);
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

  // The clock starts after the input event's synchronous handling, as it did when the figures were taken.
  const keystroke = async (value) =>
    (await page.locator("#lab-expression").evaluate(gapAfterInput, { value, inputType: "insertText", countDispatch: false }))[0];
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
