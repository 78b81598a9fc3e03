import * as fs from "node:fs";
import * as nodePath from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// Issue 10: the exercise mode runs on the flow imported in the Condition lab. One imported flow is
// shared by both pages; "Flow to run" picks it; the simulator, the Debugger's picture and the
// exercises then show what *that* flow does.

const flowFixture = (name: string) => nodePath.join(__dirname, "..", "tests", "inputs", "flowcheck", name);
const BROKEN = "false-exit-to-play-message.json";
const DUPLICATE = "The callback for provided number has been scheduled already";
const flowToRun = (page: Page) => page.getByRole("group", { name: "Flow to run" });
const yoursRadio = (page: Page) => flowToRun(page).getByRole("radio", { name: /^Your flow/ });
const missionRadio = (page: Page) => flowToRun(page).getByRole("radio", { name: "Mission flow" });
const heard = (page: Page) => page.getByRole("log");
const keys = (page: Page) => page.getByLabel(/^Keys for call \d+ at /);
const progress = (page: Page) => page.locator("#ex-progress");
const node = (page: Page, label: string) => page.locator(`#debugger .flow-node[data-label="${label}"]`);

async function importInLab(page: Page, file: string) {
  await open(page, "lab");
  await page.getByLabel("Load your flow export").setInputFiles(file);
  await expect(page.locator("#lab-running")).toHaveText(`Running: your flow (${nodePath.basename(file)})`);
}

/** Through the app's navigation (no reload): the shared flow goes with it. */
async function goToExercises(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exercises" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exercises");
}

async function callByKeyboard(page: Page) {
  await page.getByLabel("Calling from").focus();
  await page.keyboard.press("Enter");
  await expect(keys(page)).toBeVisible();
  await keys(page).focus();
  for (const k of ["1", "+14085267209", "1"]) {
    await page.keyboard.type(k);
    await page.keyboard.press("Enter");
  }
  await expect(keys(page)).toHaveCount(0);
}

async function pick(page: Page, title: RegExp) {
  await page.getByRole("navigation", { name: "Exercise list" }).getByRole("button", { name: title }).click();
  await expect(page.locator("#ex-exercise-heading")).toHaveText(title);
}

test("your flow in the exercises: a broken False exit, run through the simulator and graded on that flow", async ({ page }) => {
  await importInLab(page, flowFixture(BROKEN));
  await goToExercises(page);

  // Choose it with the keyboard: the session restarts on it and says so.
  await expect(missionRadio(page)).toBeChecked();
  await expect(yoursRadio(page)).toHaveAccessibleName(`Your flow: ${BROKEN}`);
  await expect(yoursRadio(page)).toBeEnabled();
  await expect(flowToRun(page)).toContainText("Switching restarts the simulator session");
  await expect(flowToRun(page)).toContainText("found 1 error in your flow");
  await missionRadio(page).focus();
  await page.keyboard.press("ArrowDown");
  await expect(yoursRadio(page)).toBeChecked();
  await expect(page.getByText(`The simulator restarted on your flow (${BROKEN})`)).toBeVisible();
  await expect(page.locator("#ex-running")).toHaveText(`Running: your flow (${BROKEN})`);
  await expect(progress(page)).toHaveText(`0 of 9 exercises passed on your flow (${BROKEN})`);

  // A first call: this flow's False exit plays the duplicate message, and no callback is scheduled.
  await callByKeyboard(page);
  await expect(heard(page)).toContainText(DUPLICATE);
  await expect(heard(page)).not.toContainText("Your call has been scheduled for a callback");
  await expect(page.locator("#ex-tasks-table")).not.toContainText("Not Processed");
  // The Debugger draws this flow: the path went to the Play Message, never to the Callback node.
  await expect(node(page, "PlayMessage_AlreadyScheduled")).toHaveAttribute("data-visits", "1");
  await expect(node(page, "Callback")).toHaveAttribute("data-visits", "0");
  await expect(node(page, "PlayMessage_AlreadyScheduled")).toHaveAccessibleName(
    "PlayMessage_AlreadyScheduled (Play Message), 1 visit",
  );
  const detail = page.locator(".ex-interaction-detail");
  await expect(detail.locator('li.ex-step[data-label="Condition_CallbackPending"]')).toContainText(
    "exit false → PlayMessage_AlreadyScheduled",
  );

  // The scenario cannot pass on this flow, and the result says why in the attendee's terms.
  await callByKeyboard(page);
  await pick(page, /Make the second call hear the duplicate message/);
  await page.getByRole("button", { name: "Check my simulator session" }).click();
  const result = page.locator(".ex-result");
  await expect(result).toContainText("Not passed.");
  await expect(result).toContainText(
    "your flow's False exit goes to Play Message `PlayMessage_AlreadyScheduled`, so no callback is scheduled",
  );
  await expect(result).toContainText("Build step 5: the False exit goes to Play Message");
  await expect(result).toContainText(`Checked on your flow (${BROKEN}).`);
  await expect(page.getByRole("navigation", { name: "Exercise list" }).locator('li[data-exercise="second-call-duplicate"]'))
    .toHaveAttribute("data-status", "failed");

  // Kept across a reload: the session replays on the same flow.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(yoursRadio(page)).toBeChecked();
  await expect(page.getByText(new RegExp(`restored \\(\\d+ actions\\) on your flow \\(${BROKEN.replace(/\./g, "\\.")}\\)`))).toBeVisible();
  await expect(node(page, "PlayMessage_AlreadyScheduled")).toHaveAttribute("data-visits", "2");

  // Back to the mission flow: a fresh session, the mission's results (kept apart from this flow's).
  await missionRadio(page).check();
  await expect(page.getByText("The simulator restarted on the mission flow")).toBeVisible();
  await expect(progress(page)).toHaveText("0 of 9 exercises passed");
  await expect(page.getByRole("navigation", { name: "Exercise list" }).locator('li[data-exercise="second-call-duplicate"]'))
    .toHaveAttribute("data-status", "not tried");
  await callByKeyboard(page);
  await expect(heard(page)).toContainText("Your call has been scheduled for a callback");
  await expect(node(page, "Callback")).toHaveAttribute("data-visits", "1");
});

test("no imported flow: the choice is disabled and points to the lab's Your flow card", async ({ page }) => {
  await open(page, "exercises");
  await expect(yoursRadio(page)).toBeDisabled();
  await expect(yoursRadio(page)).toHaveAccessibleName("Your flow (none loaded)");
  const link = flowToRun(page).getByRole("link", { name: /Load your Flow Designer export in the Condition lab/ });
  await expect(link).toHaveAttribute("href", /\/lab#your-flow$/);
  // Followed in the app, not by loading the page again: a mark set on this page survives.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Condition lab");
  await expect(page).toHaveURL(/\/lab#your-flow$/);
  await expect(page.locator("#your-flow")).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // Back returns to the exercises.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exercises");
});

test("a flow kept by an earlier version in the lab's saved state is offered to the exercises", async ({ page }) => {
  await open(page, "exercises");
  const text = fs.readFileSync(flowFixture(BROKEN), "utf8");
  await page.evaluate((text) => {
    localStorage.clear();
    localStorage.setItem("callback-lab.lab", JSON.stringify({
      format: "callback-lab/condition-lab",
      version: 1,
      inputs: { status: "200", flow: { name: "older.json", text } },
    }));
  }, text);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(yoursRadio(page)).toHaveAccessibleName("Your flow: older.json");
  await expect(yoursRadio(page)).toBeEnabled();
  // Taken over into the shared entry; the lab runs it too.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("callback-lab.flow") ?? "")).toContain("older.json");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Condition lab" }).click();
  await expect(page.locator("#lab-running")).toHaveText("Running: your flow (older.json)");
});

for (const scheme of ["light", "dark"] as const) {
  test(`your flow in the exercises: no axe violations in ${scheme} mode, fits 360 px`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ colorScheme: scheme });
    await importInLab(page, flowFixture(BROKEN));
    await goToExercises(page);
    await yoursRadio(page).check();
    await callByKeyboard(page);
    await pick(page, /Make the second call hear the duplicate message/);
    await page.getByRole("button", { name: "Check my simulator session" }).click();
    await expect(page.locator(".ex-result")).toContainText("Not passed.");
    expect((await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test("a stored flow that no longer imports is set aside and said so; the mission flow runs", async ({ page }) => {
  await open(page, "exercises");
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem("callback-lab.flow", JSON.stringify({
      format: "callback-lab/your-flow",
      version: 1,
      flow: { name: "gone.json", text: "{\"process\": {}}" },
    }));
  });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(yoursRadio(page)).toBeDisabled();
  await expect.poll(() => page.evaluate(() => localStorage.getItem("callback-lab.flow.unreadable") ?? "")).toContain("gone.json");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Condition lab" }).click();
  await expect(page.locator("#lab-running")).toHaveText("Running: the mission flow");
  await expect(page.locator("#lab-flow-stored-problem")).toContainText("Your saved flow no longer loads: “gone.json” was not loaded");
});
