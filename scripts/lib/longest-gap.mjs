// The longest main-thread gap: how long the page could not run anything (a keystroke, a paint),
// sampled by a chain of 1 ms timers. Each gap between two ticks is time the thread was busy, so
// the longest one is the worst freeze an attendee would feel.

/**
 * Runs in the page (pass it to `evaluate`): sets `field`'s value, dispatches one `input` event and
 * samples the gap for `windowMs`. Resolves to `[worst, worstLater]`: the longest gap in the whole
 * window, and the longest from `laterFromMs` after the edit on (e.g. a save that follows the edit,
 * without the edit's own frame). With `countDispatch`, the event's synchronous handling counts too.
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {{ value: string, inputType?: string, windowMs?: number, laterFromMs?: number, countDispatch?: boolean }} options
 * @returns {Promise<[number, number]>}
 */
export function gapAfterInput(field, { value, inputType = "", windowMs = 1_000, laterFromMs = Infinity, countDispatch = true }) {
  return new Promise((resolve) => {
    const before = performance.now();
    field.value = value;
    field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType }));
    const edited = countDispatch ? before : performance.now();
    let last = edited;
    let worst = 0;
    let worstLater = 0;
    const end = edited + windowMs;
    const tick = () => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      if (last - edited >= laterFromMs) worstLater = Math.max(worstLater, now - last);
      last = now;
      if (now < end) setTimeout(tick, 1);
      else resolve([worst, worstLater]);
    };
    setTimeout(tick, 1);
  });
}

/**
 * Starts a timer chain before the page's first script on every load of `page`, so that a start's
 * gaps (the WASM module compiled, the app mounted, whatever the app does first) are all counted.
 * Read the result with `longestGapSinceLoad`.
 * @param {import("@playwright/test").Page} page
 */
export async function sampleGapsFromLoad(page) {
  await page.addInitScript(() => {
    let last = performance.now();
    window.__benchWorstGap = 0;
    const tick = () => {
      const now = performance.now();
      window.__benchWorstGap = Math.max(window.__benchWorstGap, now - last);
      last = now;
      setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
  });
}

/**
 * The longest gap since the page loaded, after letting it settle `settleMs` more.
 * @param {import("@playwright/test").Page} page
 * @param {number} [settleMs]
 */
export async function longestGapSinceLoad(page, settleMs = 600) {
  await page.waitForTimeout(settleMs);
  return page.evaluate(() => window.__benchWorstGap);
}
