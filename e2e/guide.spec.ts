import AxeBuilder from "@axe-core/playwright";
import { test, expect, open } from "./fixtures";

// The seed mission, under the GitHub Pages sub-path (baseURL ends in /callback-lab/).
const MISSION = "m/preventing-callback-duplication";
const TITLE = "Mission 4: Preventing Callback duplication";
const PROGRESS_KEY = "callback-lab.progress.preventing-callback-duplication";

// Every copy-static payload of the seed (data-copy-text), each must have a "Copy <text>" button.
const COPY_STATIC = [
  "callbackStatus",
  "callbackConnectTime",
  "searchresult",
  "HTTPRequest_CallBackSearch",
  "$.data.taskDetails.tasks[0].callbackData.callbackStatus",
  "$.data.taskDetails.tasks[0].callbackData.callbackConnectTime",
  "HTTPRequest_CallBackSearch.httpResponseBody",
  "The callback for provided number has been scheduled already. Please await for a callback once next agent becomes available. Thank you for your patience.",
  "+14085267209",
];

const liveRegion = (page: import("@playwright/test").Page) => page.locator('[role="status"][aria-live="polite"]');

test("the mission is rendered with its title, sections and steps", async ({ page }) => {
  await open(page, MISSION);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  for (const name of ["Story", "Call Flow Overview", "Mission Details", "Build", "Testing"]) {
    await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("checkbox", { name: /^Done: / })).toHaveCount(18);
  await expect(page.locator(".progress-summary")).toContainText("0 of 18 steps");
  // Numbered as MkDocs numbers them: Testing is typed 1, 2, 4… and shown 1, 2, 3…; the step keeps
  // the id of its typed number (its progress key and deep link).
  await expect(page.locator("#testing-4")).toHaveAttribute("value", "3");
  await expect(page.getByRole("checkbox", { name: "Done: Testing step 3" })).toHaveAttribute("id", "done-testing-4");
  await expect(page.locator(".admonition.note").first()).toContainText("Mission 3 of the Callback Track");
  await expect(page.getByText("🎉🎉")).toBeVisible();
});

test("typing the attendee ID updates every value; Copy Main_Flow_137 puts it on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page, MISSION);
  await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_Your_Attendee_ID");
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  await expect(page.getByText("Main_Flow_137").first()).toBeVisible();
  await expect(page.locator(".attendee-value")).toHaveText(["Main_Flow_137", "Main_Flow_137"]);
  await page.getByRole("button", { name: "Copy Main_Flow_137" }).first().click();
  await expect(page.locator(".copy-feedback").first()).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Main_Flow_137");
  await expect(liveRegion(page)).toHaveText("Copied Main_Flow_137");
});

test("without an ID, copying warns that Your_Attendee_ID was copied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page, MISSION);
  await page.getByRole("button", { name: "Copy Main_Flow_Your_Attendee_ID" }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Main_Flow_Your_Attendee_ID");
  await expect(liveRegion(page)).toHaveText(
    "No attendee ID set — copied with Your_Attendee_ID; enter your ID at the top",
  );
  await expect(page.locator(".copy-warning").first()).toBeVisible();
  await expect(page.locator(".copy-warning").first()).toContainText("no attendee ID set");
});

test("a code block copies exactly the text it shows", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page, `${MISSION}?attendee=137`);
  const block = page.locator(".code-block").filter({ hasText: "query callbackSearch" });
  await expect(block.locator(".code-block-language")).toHaveText("GraphQL");
  const shown = await block.locator("pre code").textContent();
  expect(shown).toMatch(/^query callbackSearch\(\$from: Long!/);
  await block.getByRole("button", { name: "Copy GraphQL code" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  // The JSON variables too.
  const json = page.locator(".code-block").filter({ hasText: '"filter"' });
  await json.getByRole("button", { name: "Copy JSON code" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await json.locator("pre code").textContent());
  expect(JSON.parse(copied).filter.and).toHaveLength(2);
});

test("every copy-static value of the seed has its Copy button, and it copies its text", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page, MISSION);
  for (const text of COPY_STATIC) {
    await expect(page.getByRole("button", { name: `Copy ${text}`, exact: true }).first()).toBeAttached();
  }
  // 13 copy-static spans + 2 attendee values + 3 code blocks.
  await expect(page.getByRole("button", { name: /^Copy / })).toHaveCount(18);
  await page.getByRole("button", { name: "Copy +14085267209", exact: true }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("+14085267209");
});

test("without the Clipboard API the text is selected for Ctrl+C", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
    document.execCommand = () => false;
  });
  await open(page, `${MISSION}?attendee=137`);
  await page.getByRole("button", { name: "Copy Main_Flow_137" }).first().click();
  await expect(page.locator(".copy-manual").first()).toContainText("Press Ctrl+C to copy: Main_Flow_137");
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe("Main_Flow_137");
  await expect(liveRegion(page)).toContainText("press Ctrl+C");
});

test("ID and progress survive a reload; progress can be reset", async ({ page }) => {
  await open(page, MISSION);
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  const step3 = page.getByRole("checkbox", { name: "Done: Build step 3" });
  await step3.check();
  await expect(page.locator(".progress-summary")).toContainText("1 of 18 steps");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("137");
  await expect(page.getByText("Main_Flow_137").first()).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Done: Build step 3" })).toBeChecked();
  await expect(page.locator(".progress-summary")).toContainText("1 of 18 steps");
  const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY)) ?? "{}");
  expect(stored.completed).toEqual(["build-3"]);
  // Keyboard: Space ticks a step.
  await page.getByRole("checkbox", { name: "Done: Testing step 3" }).focus();
  await page.keyboard.press("Space");
  await expect(page.locator(".progress-summary")).toContainText("2 of 18 steps");
  await page.getByRole("button", { name: "Reset progress" }).click();
  await expect(page.locator(".progress-summary")).toContainText("0 of 18 steps");
  await expect(page.getByRole("checkbox", { name: "Done: Build step 3" })).not.toBeChecked();
});

test("two tabs: steps ticked in each are all kept (progress is a set) and each tab shows them", async ({ page, context }) => {
  await open(page, MISSION);
  const other = await context.newPage();
  // The other tab does not hear this one's tick before its own (as when both happen at once).
  await other.addInitScript(() => {
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type: string, listener: any, options?: any) {
      return add.call(this, type, type === "storage" ? () => {} : listener, options);
    };
  });
  await open(other, MISSION);
  await page.getByRole("checkbox", { name: "Done: Build step 3" }).check();
  await other.getByRole("checkbox", { name: "Done: Build step 4" }).check();
  const completed = async () =>
    JSON.parse((await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY)) ?? "{}").completed;
  await expect.poll(completed).toEqual(["build-3", "build-4"]);
  await expect(other.getByRole("checkbox", { name: "Done: Build step 3" })).toBeChecked();
  await expect(other.locator(".progress-summary")).toContainText("2 of 18 steps");
  // This tab hears of the other's tick and shows it.
  await expect(page.getByRole("checkbox", { name: "Done: Build step 4" })).toBeChecked();
  await expect(page.locator(".progress-summary")).toContainText("2 of 18 steps");
  // Unticking in one tab unticks that step only.
  await page.getByRole("checkbox", { name: "Done: Build step 3" }).uncheck();
  await expect.poll(completed).toEqual(["build-4"]);
  await other.close();
});

test("corrupt stored progress is set aside with a message and starts afresh", async ({ page }) => {
  await page.addInitScript((key) => localStorage.setItem(key, '{"version":1,"mission":[garbage'), PROGRESS_KEY);
  await open(page, MISSION);
  await expect(page.locator(".progress-summary")).toContainText("0 of 18 steps");
  await expect(page.getByRole("alert")).toContainText("could not be read");
  await page.getByRole("checkbox", { name: "Done: Build step 1" }).check();
  await expect(page.locator(".progress-summary")).toContainText("1 of 18 steps");
});

test("a deep link to #build-3 scrolls to the step and focuses it", async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 600 });
  await open(page, `${MISSION}#build-3`);
  const step = page.locator("#build-3");
  await expect(step).toBeFocused();
  await expect(step).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  // The link-to-step affordance gives the deep link of another step, on this page.
  const link = page.getByRole("link", { name: "Link to Testing step 4" });
  await expect(link).toHaveAttribute("href", `/callback-lab/${MISSION}#testing-5`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/callback-lab/${MISSION}#testing-5$`));
  await expect(page.locator("#testing-5")).toBeFocused();
  // Headings have permalinks too.
  await expect(page.getByRole("link", { name: "Link to section Testing" })).toHaveAttribute(
    "href",
    `/callback-lab/${MISSION}#testing`,
  );
});

test("links to other sites open in a new tab with rel=noopener; images are labelled placeholders", async ({ page }) => {
  await open(page, MISSION);
  const api = page.getByRole("link", { name: /Search API/ });
  await expect(api).toHaveAttribute("href", /^https:\/\/developer\.webex\.com\//);
  await expect(api).toHaveAttribute("target", "_blank");
  await expect(api).toHaveAttribute("rel", /\bnoopener\b/);
  for (const link of await page.locator('main a[target="_blank"]').all()) {
    await expect(link).toHaveAttribute("rel", /\bnoopener\b/);
  }
  await expect(page.locator("main img")).toHaveCount(0);
  // Six images: five on their own, one inside a heading (`![…](…)` over a `---` line, which MkDocs
  // reads as a setext heading), shown inline there.
  const figures = page.locator("main figure.image-placeholder");
  await expect(figures).toHaveCount(5);
  await expect(page.locator("main h2 .image-placeholder-inline")).toHaveText("[Image: profiles]");
  await expect(figures.first()).toContainText("Image: profiles");
  await expect(figures.first()).toContainText("../graphics/Lab2/L2M3-1.gif");
});

test("an unknown mission says so and links to the list", async ({ page }) => {
  await open(page, "guide/no-such-mission");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mission guide");
  await expect(page.getByRole("alert")).toContainText("There is no mission “no-such-mission”");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`/callback-lab/${MISSION}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
});

test("print view: no chrome, the whole mission", async ({ page }) => {
  await open(page, MISSION);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: /^Copy / }).first()).toBeHidden();
  await expect(page.locator("#testing-11")).toBeVisible();
  await expect(page.locator(".code-block pre").first()).toBeVisible();
});

test("fits a 360 px wide window; code blocks scroll inside themselves", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, `${MISSION}?attendee=137`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const pre = page.locator(".code-block pre").filter({ hasText: "callbackConnectTime ==" });
  const scrolls = await pre.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(scrolls).toBe(true);
});

for (const scheme of ["light", "dark"] as const) {
  test(`guide: no axe violations (wcag2a/aa) in ${scheme} mode`, async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.emulateMedia({ colorScheme: scheme });
    await open(page, MISSION);
    // States worth checking too: a ticked step, copy feedback, the missing-ID warning.
    await page.getByRole("checkbox", { name: "Done: Build step 1" }).check();
    await page.getByRole("button", { name: "Copy callbackStatus" }).first().click();
    await page.getByRole("button", { name: "Copy Main_Flow_Your_Attendee_ID" }).first().click();
    await expect(page.locator(".copy-warning").first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
  });
}
