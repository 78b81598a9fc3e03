import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// The Exercises page: the mission's Testing section played on the simulator by keyboard
// and clicks, the Debugger, graded exercises with stored progress, offline, accessibility, 360 px.

const DUPLICATE = "The callback for provided number has been scheduled already";
const heard = (page: Page) => page.getByRole("log");
const keys = (page: Page) => page.getByLabel(/^Keys for call \d+ at /);
const tasks = (page: Page) => page.locator("#ex-tasks-table");
const progress = (page: Page) => page.locator("#ex-progress");

async function openExercises(page: Page) {
  await open(page, "exercises");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exercises");
}

/** One call asking for a callback to the guide's number, typed in the keys field (Enter submits). */
async function callByKeyboard(page: Page) {
  await page.getByLabel("Calling from").focus();
  await page.keyboard.press("Enter");
  await expect(keys(page)).toBeVisible();
  await expect(keys(page)).toHaveAccessibleName(/at WantCallback/);
  await keys(page).focus();
  for (const k of ["1", "+14085267209", "1"]) {
    await page.keyboard.type(k);
    await page.keyboard.press("Enter");
  }
  await expect(keys(page)).toHaveCount(0);
}

/** The same call by clicking the menu buttons and the keypad. */
async function callByClicks(page: Page) {
  await page.getByRole("button", { name: "Place call" }).click();
  await page.getByRole("button", { name: "Press 1 — Callback" }).click();
  await expect(keys(page)).toHaveAccessibleName(/at NewNumber/);
  // The answered menu's buttons are gone: focus moved to the keys field, not to the page.
  await expect(keys(page)).toBeFocused();
  await page.getByRole("button", { name: "Key +" }).click();
  for (const d of "14085267209") await page.getByRole("button", { name: `Key ${d}`, exact: true }).click();
  await expect(keys(page)).toHaveValue("+14085267209");
  await page.getByRole("button", { name: "Send keys" }).click();
  await expect(heard(page)).toContainText("You entered 14085267209");
  await page.getByRole("button", { name: "Press 1 — Number OK" }).click();
  await expect(keys(page)).toHaveCount(0);
}

async function twoCalls(page: Page) {
  await expect(page.locator("#ex-agent-state")).toHaveText(/Not Available/);
  await callByKeyboard(page);
  await expect(heard(page)).toContainText("Your call has been scheduled for a callback");
  await expect(heard(page)).not.toContainText(DUPLICATE);
  await expect(tasks(page)).toContainText("Not Processed");
  await page.getByRole("button", { name: "Advance the clock +5 min" }).click();
  await expect(page.locator("#ex-now")).toHaveText("2023-11-14 22:18:20 UTC");
  await callByClicks(page);
  await expect(page.locator("#ex-current-call")).toHaveText(/^Call 2 /);
  await expect(heard(page)).toContainText(`${DUPLICATE}.`);
}

async function pick(page: Page, title: RegExp) {
  await page.getByRole("navigation", { name: "Exercise list" }).getByRole("button", { name: title }).click();
  await expect(page.locator("#ex-exercise-heading")).toHaveText(title);
}

test("the mission's Testing section end to end: duplicate, delivery, offered again, the Debugger", async ({ page }) => {
  await openExercises(page);
  await twoCalls(page);

  // Debugger: the latest interaction first; its Set Variable step shows searchresult.
  const list = page.locator(".ex-interaction-list > li");
  await expect(list.first()).toContainText("Interaction 2");
  await expect(list.first()).toContainText("latest");
  await expect(list.nth(1)).toContainText("Interaction 1");
  const detail = page.locator(".ex-interaction-detail");
  await expect(detail.getByRole("heading", { level: 3 })).toContainText("Interaction 2");
  const setVar = detail.locator('li.ex-step[data-label="SetVariable_searchresult"]');
  await expect(setVar).toContainText("searchresult");
  await expect(setVar).toContainText('"callbackStatus":"Not Processed"');
  const http = detail.locator('li.ex-step[data-label="HTTPRequest_CallBackSearch"]');
  await expect(http).toContainText("POST /search");
  await expect(http).toContainText("Response: status 200");
  // Analyze: visit counts; picking the duplicate message lists the one interaction through it.
  const node = page.locator('#debugger .flow-node[data-label="PlayMessage_AlreadyScheduled"]');
  await expect(node).toHaveAttribute("data-visits", "1");
  await expect(page.locator('#debugger .flow-node[data-label="HTTPRequest_CallBackSearch"]')).toHaveAttribute("data-visits", "2");
  await node.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Interactions through PlayMessage_AlreadyScheduled" })).toBeVisible();
  await expect(list).toHaveCount(1);
  await page.getByRole("button", { name: "Show all interactions" }).click();

  // The agent becomes Available: the callback is delivered, the task changes.
  await page.getByRole("button", { name: "Make Available" }).click();
  await expect(page.locator("#ex-agent-state")).toHaveText(/Engaged on interaction 3/);
  await expect(tasks(page)).toContainText("Connected");
  await expect(tasks(page)).not.toContainText("Not Processed");
  await expect(page.locator(".ex-live").first()).toContainText("callback");
  await page.getByRole("button", { name: "End the agent's call" }).click();
  await expect(page.locator("#ex-agent-state")).toHaveText("Available");

  // A later call with the agent Not Available again: a callback is offered again.
  await page.getByLabel("Idle code").selectOption("Lunch");
  await page.getByRole("button", { name: "Make Not Available" }).click();
  await expect(page.locator("#ex-agent-state")).toHaveText("Not Available (Lunch)");
  await page.getByRole("button", { name: "Advance the clock +1 h" }).click();
  await callByKeyboard(page);
  await expect(heard(page)).toContainText("Your call has been scheduled for a callback");
  await expect(heard(page)).not.toContainText(DUPLICATE);

  // The session survives a reload (replayed from its actions).
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByText(/Your simulator session was restored \(\d+ actions\)/)).toBeVisible();
  await expect(page.locator("#ex-current-call")).toHaveText(/^Call 4 /);
  await expect(page.locator("#ex-now")).toHaveText("2023-11-14 23:18:20 UTC");
  await page.getByRole("button", { name: "Reset the simulator" }).click();
  await expect(page.locator("#ex-current-call")).toHaveText("No call yet");
});

test("the 250-minute window: past it a second callback is offered", async ({ page }) => {
  await openExercises(page);
  await callByKeyboard(page);
  await page.getByLabel("Minutes").fill("251");
  await page.getByLabel("Minutes").press("Enter");
  await expect(page.locator("#ex-now")).toHaveText("2023-11-15 02:24:20 UTC");
  await callByKeyboard(page);
  await expect(heard(page)).not.toContainText(DUPLICATE);
  await expect(tasks(page).getByText("Not Processed")).toHaveCount(2);
  await pick(page, /Two pending callbacks for one number/);
  await page.getByRole("button", { name: "Check my simulator session" }).click();
  await expect(page.locator(".ex-result")).toContainText("Passed.");
  await expect(progress(page)).toHaveText("1 of 9 exercises passed");
  // A bad duration is refused inline.
  await page.getByLabel("Minutes").fill("soon");
  await page.getByLabel("Minutes").press("Enter");
  await expect(page.getByText("Enter a whole number of minutes")).toBeVisible();
});

test("exercises: one passed, one failed with its explanation, progress kept across reloads", async ({ page }) => {
  await openExercises(page);
  await expect(progress(page)).toHaveText("0 of 9 exercises passed");

  // Fix the curly quotes.
  await pick(page, /pasted from a chat/);
  const field = page.getByLabel("Condition expression");
  const given = await field.inputValue();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator(".ex-result")).toContainText("Not passed.");
  await expect(page.locator(".ex-result")).toContainText("quote");
  await field.fill(given.replace(/[“”]/g, '"'));
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator(".ex-result")).toContainText("Passed. Fixed: all 3 cases take the right exit.");
  await expect(page.locator(".ex-explanation")).toContainText("typographic");

  // A wrong prediction: failed, with the explanation.
  await pick(page, /a GraphQL error/);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByText("Pick an exit first.")).toBeVisible();
  await page.getByLabel("true").check();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator(".ex-result")).toContainText("Not quite: you said true, the Condition takes its false exit.");
  await expect(page.locator(".ex-explanation")).toContainText("GraphQL reports errors with status 200");

  await expect(progress(page)).toHaveText("1 of 9 exercises passed");
  const list = page.getByRole("navigation", { name: "Exercise list" });
  await expect(list.locator('li[data-exercise="curly-quotes"]')).toHaveAttribute("data-status", "passed");
  await expect(list.locator('li[data-exercise="predict-graphql-error"]')).toHaveAttribute("data-status", "failed");
  await expect(list.locator('li[data-exercise="window"]')).toHaveAttribute("data-status", "not tried");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(progress(page)).toHaveText("1 of 9 exercises passed");
  await expect(list.locator('li[data-exercise="curly-quotes"]')).toContainText("passed");
  await expect(list.locator('li[data-exercise="predict-graphql-error"]')).toContainText("failed");
  await pick(page, /a GraphQL error/);
  await expect(page.locator(".ex-result")).toContainText("Not quite");
});

test("corrupt stored progress and session start fresh with a message", async ({ page }) => {
  await openExercises(page);
  await page.evaluate(() => {
    localStorage.setItem("callback-lab.progress.exercises", '{"version":1,"results":');
    localStorage.setItem("callback-lab.exercises.session", '{"version":1,"actions":[{"action":"press","call":9,"keys":"1"}]}');
  });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByText(/Your saved exercise progress could not be read .*starts fresh/)).toBeVisible();
  await expect(page.getByText(/could not be replayed \(action 1: there is no call 9\); a new session starts/)).toBeVisible();
  await expect(progress(page)).toHaveText("0 of 9 exercises passed");
  await expect(page.locator("#ex-current-call")).toHaveText("No call yet");
  await page.evaluate(() => localStorage.setItem("callback-lab.exercises.session", "[[[not json"));
  await page.reload();
  await expect(page.getByText(/saved simulator session could not be read/)).toBeVisible();
});

async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return !!reg.active;
  });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

test("offline after one visit: the two-call scenario and an exercise to the end", async ({ page, context }) => {
  await openExercises(page);
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("status").filter({ hasText: "Offline" })).toBeVisible();
  await twoCalls(page);
  await pick(page, /Make the second call hear the duplicate message/);
  await page.getByRole("button", { name: "Check my simulator session" }).click();
  await expect(page.locator(".ex-result")).toContainText("Passed. Done: the second call heard the duplicate message.");
  await expect(page.locator(".ex-explanation")).toContainText("Condition T");
  await expect(progress(page)).toHaveText("1 of 9 exercises passed");
  await context.setOffline(false);
});

for (const scheme of ["light", "dark"] as const) {
  test(`no axe violations (wcag2a/aa) in ${scheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openExercises(page);
    const axe = () => new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect((await axe()).violations).toEqual([]);
    await twoCalls(page);
    await page.getByRole("button", { name: "Place call" }).click(); // a call waiting: keypad shown
    await pick(page, /a GraphQL error/);
    await page.getByLabel("true").check();
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await expect(page.locator(".ex-result")).toBeVisible();
    expect((await axe()).violations).toEqual([]);
  });
}

test("fits 360 px without horizontal page scroll", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openExercises(page);
  await twoCalls(page);
  await page.getByRole("button", { name: "Place call" }).click();
  await pick(page, /pasted from a chat/);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.locator(".ex-result")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
