// JSONPath match()/search() in the Condition lab: the longest main-thread gap after one edit of a
// parse setting's path, in headless Chromium, for hostile patterns (which spend the whole work
// budget of a query and end "too expensive") and for paths within the limits. A benchmark, not a
// test: it prints the median and the max and exits 0.
//
//   DIST=/tmp/dist-x node scripts/bench-regex.mjs [runs]      (after scripts/build-release.sh)
//
// The gap is sampled by a timer chain from right before the input event until 1.5 s later (the
// edit's own synchronous work counts), as in e2e/jsonpath-limits.spec.ts.
import { hostilePath as hostile } from "../e2e/limit-inputs.mjs";
import { launchChromium, reportConsoleErrors, startServer, stats as statsOf } from "./lib/bench-browser.mjs";
import { gapAfterInput } from "./lib/longest-gap.mjs";

const runs = Number(process.argv[2] ?? 10);
const dist = process.env.DIST ?? "dist";
const port = Number(process.env.BENCH_PORT ?? 4392);
const { server, base } = await startServer(dist, port);

// The e2e test's hostile path: 600 optional `a`s and classes up to the lab's 2 000 characters,
// then a `c` that never comes.
const hostilePath = (...args) => hostile(...args).path;

const stats = (xs) => {
  const { median, max } = statsOf(xs);
  return `median ${median} ms, max ${max} ms`;
};

const pending = { callbackConnectTime: -1, callbackStatus: "Not Processed", callbackNumber: "14085267209" };
const oneMb = JSON.stringify({ data: { taskDetails: { tasks: [{ callbackData: pending, note: "a".repeat(1_048_576) }] } } });
const notes = JSON.stringify({
  data: { taskDetails: { tasks: [{ callbackData: pending }] } },
  notes: Array.from({ length: 50_000 }, (_, i) => `aaaaaaaaaaaaaaaa${i}`),
});
const cases = [
  ["1 MB string, hostile match() (too expensive)", oneMb, hostilePath("match", "$.data.taskDetails.tasks", "@.note", ".callbackData.callbackStatus")],
  ["1 MB string, search(@.note, 'b')", oneMb, "$.data.taskDetails.tasks[?search(@.note, 'b')].callbackData.callbackStatus"],
  ["1 MB string, no regex (@.note == 'x')", oneMb, "$.data.taskDetails.tasks[?@.note == 'x'].callbackData.callbackStatus"],
  ["50 000 strings, hostile search() (too expensive)", notes, hostilePath("search", "$.notes", "@", "")],
  ["50 000 strings, match(@, 'a{16}7')", notes, "$.notes[?match(@, 'a{16}7')]"],
  ["50 000 strings, match(@, 'a+7') (too expensive)", notes, "$.notes[?match(@, 'a+7')]"],
  ["50 000 strings, no regex (@ == 'x')", notes, "$.notes[?@ == 'x']"],
];

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  reportConsoleErrors(page);
  await page.goto(base + "lab");
  await page.waitForSelector("html[data-app=ready]");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector("#lab-verdict");
  const mission = await page.locator("#lab-path-0").inputValue();
  let body = null;
  for (const [name, text, path] of cases) {
    if (body !== text) {
      await page.locator("#lab-body").evaluate((el, value) => {
        el.value = value;
        el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
      }, text);
      await page.waitForTimeout(500);
      body = text;
    }
    const gaps = [];
    for (let i = 0; i < runs; i++) {
      // Alternate with the mission's path, so that every edit changes the path.
      for (const value of [mission, path]) {
        const [gap] = await page.locator("#lab-path-0").evaluate(gapAfterInput, { value, windowMs: 1_500 });
        if (value === path) gaps.push(gap);
      }
    }
    const outcome = await page.locator("#lab-path-0-note").innerText();
    console.log(`${name}: longest gap ${stats(gaps)} (${runs} edits) — ${outcome.split("\n")[0].slice(0, 90)}`);
  }
} finally {
  await browser.close();
  server.kill();
}
