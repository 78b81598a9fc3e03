import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// JSONPath match()/search() in the Condition lab: a hostile pattern over a 1 MB string, or over
// 50 000 short strings, used to keep the page busy for 10–20 s per edit (the pattern compiled for
// every node, the matching unbounded). Now the pattern is compiled once per query and the work is
// bounded: the path reports "too expensive" instead of freezing the page.

const verdict = (page: Page) => page.getByRole("status", { name: "Verdict" });
const PATH_LABEL = "JSONPath for callbackStatus";
const MAX_PATH = 2_000; // the lab's limit on a JSONPath (characters)
// The goal is under 200 ms (BENCHMARKS.md has the figures, measured alone); the test's bound is
// looser so that a loaded CI machine does not fail it, yet the 10–20 s freezes still fail it.
const MAX_GAP_MS = 1_000;

async function paste(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Search API response" }).evaluate((el, value) => {
    const field = el as HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

/** Types `value` into the field as one edit and returns the longest the main thread was busy
 * from the edit until 1.5 s later (a timer chain; the edit's own handling counts). */
async function editGap(page: Page, label: string, value: string): Promise<number> {
  return page.getByRole("textbox", { name: label }).evaluate(
    (el, value) =>
      new Promise<number>((resolve) => {
        const field = el as HTMLInputElement;
        let last = performance.now();
        const end = last + 1_500;
        let worst = 0;
        field.value = value;
        field.dispatchEvent(new InputEvent("input", { bubbles: true }));
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
}

/** A `fn` (match or search) path over `target` whose pattern fills the path up to the lab's 2 000
 * characters: 600 optional `a`s and classes (repeated, for match()), then a `c` that never comes,
 * so at every character of a text of `a`s about a thousand matcher threads are alive. */
function hostilePath(fn: string, prefix: string, target: string, suffix: string): { path: string; pattern: string } {
  const head = `${prefix}[?${fn}(${target}, '`;
  const tail = `')]${suffix}`;
  const [open, close] = fn === "match" ? ["(", ")*"] : ["", ""];
  const optional = open + "a?".repeat(600);
  const room = MAX_PATH - head.length - tail.length - optional.length - close.length - 1;
  const pattern = `${optional}${"[ab]".repeat(Math.floor(room / 4))}${close}c`.padEnd(MAX_PATH - head.length - tail.length, "c");
  const path = head + pattern + tail;
  expect(path.length).toBe(MAX_PATH);
  return { path, pattern };
}

/** The shortest of up to three gaps of editing the path to `value` (back to `reset` in between):
 * the machine is shared, and one scheduling hiccup is not the page's work; a freeze shows every
 * time (and the first one over 2 s ends the tries). */
async function bestEditGap(page: Page, value: string, reset: string): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= MAX_GAP_MS; i++) {
    if (i > 0) await editGap(page, PATH_LABEL, reset);
    const gap = await editGap(page, PATH_LABEL, value);
    best = Math.min(best, gap);
    if (gap > 2_000) break;
  }
  return best;
}

const pending = { callbackConnectTime: -1, callbackStatus: "Not Processed", callbackNumber: "14085267209" };

test("a hostile match() pattern over a 1 MB string: too expensive, no freeze", async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, "lab");
  await expect(verdict(page)).not.toBeEmpty();
  const note = "a".repeat(1_048_576);
  await paste(page, JSON.stringify({ data: { taskDetails: { tasks: [{ callbackData: pending, note }] } } }));
  await expect(verdict(page)).toHaveText("True");
  const { path, pattern } = hostilePath("match", "$.data.taskDetails.tasks", "@.note", ".callbackData.callbackStatus");
  expect(pattern.length).toBeGreaterThan(1_900);
  const mission = await page.getByRole("textbox", { name: PATH_LABEL }).inputValue();
  const gap = await bestEditGap(page, path, mission);
  expect(gap, `longest main-thread gap after the edit: ${gap.toFixed(0)} ms`).toBeLessThan(MAX_GAP_MS);
  await expect(page.locator("#lab-path-0-note")).toContainText("too expensive");
});

test("a hostile search() pattern over 50 000 short strings: too expensive, no freeze", async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, "lab");
  await expect(verdict(page)).not.toBeEmpty();
  const notes = Array.from({ length: 50_000 }, (_, i) => `aaaaaaaaaaaaaaaa${i}`);
  await paste(page, JSON.stringify({ data: { taskDetails: { tasks: [{ callbackData: pending }] } }, notes }));
  await expect(verdict(page)).toHaveText("True");
  const { path } = hostilePath("search", "$.notes", "@", "");
  const mission = await page.getByRole("textbox", { name: PATH_LABEL }).inputValue();
  const gap = await bestEditGap(page, path, mission);
  expect(gap, `longest main-thread gap after the edit: ${gap.toFixed(0)} ms`).toBeLessThan(MAX_GAP_MS);
  await expect(page.locator("#lab-path-0-note")).toContainText("too expensive");
  // Within the limits, match()/search() run over the same 50 000 strings and answer.
  const fine = "$.data.taskDetails.tasks[?search(@.callbackData.callbackStatus, '^Not P')].callbackData.callbackStatus";
  const fineGap = await bestEditGap(page, fine, mission);
  await expect(page.locator("#lab-path-0-note")).toContainText("matched 1 value");
  await expect(verdict(page)).toHaveText("True");
  // Every one of the 50 000 strings is matched (and most fail after 17 characters).
  const everyNote = "$.notes[?match(@, 'a{16}7')]";
  const noteGap = await bestEditGap(page, everyNote, mission);
  await expect(page.locator("#lab-path-0-note")).toContainText("matched 1 value");
  for (const g of [fineGap, noteGap]) expect(g, `gap ${g.toFixed(0)} ms`).toBeLessThan(MAX_GAP_MS);
});
