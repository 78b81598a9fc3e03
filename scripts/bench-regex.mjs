// JSONPath match()/search() in the Condition lab: the longest main-thread gap after one edit of a
// parse setting's path, in headless Chromium, for hostile patterns (which spend the whole work
// budget of a query and end "too expensive") and for paths within the limits. A benchmark, not a
// test: it prints the median and the max and exits 0.
//
//   DIST=/tmp/dist-x node scripts/bench-regex.mjs [runs]      (after scripts/build-release.sh)
//
// The gap is sampled by a timer chain from right before the input event until 1.5 s later (the
// edit's own synchronous work counts), as in e2e/jsonpath-limits.spec.ts.
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const runs = Number(process.argv[2] ?? 10);
const dist = process.env.DIST ?? "dist";
const port = Number(process.env.BENCH_PORT ?? 4392);
const base = `http://127.0.0.1:${port}/callback-lab/`;
const MAX_PATH = 2_000;

const server = spawn(process.execPath, ["e2e/serve.mjs", dist, "/callback-lab/", String(port)], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve, reject) => {
  server.stdout.once("data", resolve);
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

// The e2e test's hostile path: 600 optional `a`s and classes up to the lab's 2 000 characters,
// then a `c` that never comes.
function hostilePath(fn, prefix, target, suffix) {
  const head = `${prefix}[?${fn}(${target}, '`;
  const tail = `')]${suffix}`;
  const [open, close] = fn === "match" ? ["(", ")*"] : ["", ""];
  const optional = open + "a?".repeat(600);
  const room = MAX_PATH - head.length - tail.length - optional.length - close.length - 1;
  const pattern = `${optional}${"[ab]".repeat(Math.floor(room / 4))}${close}c`.padEnd(MAX_PATH - head.length - tail.length, "c");
  return head + pattern + tail;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `median ${median.toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
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
        const gap = await page.locator("#lab-path-0").evaluate(
          (el, value) =>
            new Promise((resolve) => {
              let last = performance.now();
              const end = last + 1_500;
              let worst = 0;
              el.value = value;
              el.dispatchEvent(new InputEvent("input", { bubbles: true }));
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
