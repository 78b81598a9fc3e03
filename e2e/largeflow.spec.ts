import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// A stored flow export at the limits (2 000 activities, 10 000 links, cycles everywhere, in the
// shape Flow Designer writes): no page freezes. The guide's pages
// do not import it at all; the lab imports, checks and lays it out once, and draws its picture
// only when asked. The longest gap is sampled by a timer chain from the page's first script on.

// The goal is a longest gap under 200 ms (BENCHMARKS.md has the figures, measured alone); the
// test's bound is looser so that a loaded CI machine does not fail it, yet the freeze it guards
// against (6.7–10.4 s at every start before the lazy start) still fails it.
const GAP_BUDGET_MS = 1_000;

/** A real-shaped export: `nodes` menus, each linking five exits to other menus. */
function cyclicExport(nodes: number): string {
  const activities: Record<string, unknown> = {
    s: {
      id: "s",
      name: "NewPhoneContact",
      group: "start",
      properties: { activityId: "start", activityName: "NewPhoneContact", event: "NewPhoneContact" },
    },
  };
  const links: unknown[] = [
    { id: "ls", sourceActivityId: "s", targetActivityId: "a0", conditionExpr: "out", properties: { value: "out" } },
  ];
  const exits = ["1", "2", "3", "timeout", "invalid"];
  let seed = 42;
  for (let i = 0; i < nodes; i++) {
    activities[`a${i}`] = {
      id: `a${i}`,
      name: `Menu_${i}`,
      group: "enum-gateway",
      properties: {
        activityName: "ivr-menu",
        menuLinks: ["1", "2", "3"],
        menuLinks_input: ["a", "b", "c"],
        promptsTts: [{ type: "tts", value: "Press 1, 2 or 3", name: "x" }],
      },
    };
    exits.forEach((exit, k) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const to = k === 0 ? (i + 1) % nodes : seed % nodes;
      links.push({
        id: `l${i}-${k}`,
        sourceActivityId: `a${i}`,
        targetActivityId: `a${to}`,
        conditionExpr: exit,
        properties: { value: exit },
      });
    });
  }
  return JSON.stringify({ name: "Cycles", version: 3, variables: [], process: { activities, links } });
}

/** Starts a timer chain before the app's scripts: `window.__gap()` is the longest gap so far. */
async function sampleGaps(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __worst: number; __gap: () => number };
    let last = performance.now();
    w.__worst = 0;
    w.__gap = () => w.__worst;
    const tick = () => {
      const now = performance.now();
      w.__worst = Math.max(w.__worst, now - last);
      last = now;
      setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
  });
}

async function longestGap(page: Page, settleMs = 600): Promise<number> {
  await page.waitForTimeout(settleMs);
  return page.evaluate(() => (window as unknown as { __gap: () => number }).__gap());
}

test("a stored flow at the limits: no page freezes, the guide never imports it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const text = cyclicExport(1_999);
  const entry = JSON.stringify({
    format: "callback-lab/your-flow",
    version: 1,
    flow: { name: "cycles.json", text },
  });
  await open(page, "");
  await page.evaluate((value) => localStorage.setItem("callback-lab.flow", value), entry);
  await sampleGaps(page);

  // The guide, started with the flow stored: nothing to import here.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  const guideGap = await longestGap(page);
  console.log(`guide start with a 2 000-activity flow stored: longest main-thread gap ${guideGap.toFixed(1)} ms`);
  expect(guideGap).toBeLessThan(GAP_BUDGET_MS);

  // The lab: it imports, checks and lays the flow out once, and runs it.
  await page.goto("lab");
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.locator("#lab-running")).toHaveText("Running: your flow (cycles.json)", { timeout: 20_000 });
  const labGap = await longestGap(page);
  console.log(`lab start with that flow: longest main-thread gap ${labGap.toFixed(1)} ms`);
  expect(labGap).toBeLessThan(GAP_BUDGET_MS);
  await expect(page.locator("#lab-findings-summary")).toContainText("This is not the mission's flow");
  await expect(page.locator("#lab-flow-understood")).toHaveText("The companion runs 2000 of its 2000 activities.");
  // The picture waits to be asked for; asking draws every node.
  const draw = page.getByRole("button", { name: "Draw the flow picture" });
  await expect(draw).toBeVisible();
  await draw.click();
  await expect(page.locator("#lab-flow-heading ~ figure .flow-node")).toHaveCount(2_000, { timeout: 30_000 });
});
