import AxeBuilder from "@axe-core/playwright";
import { test, expect, open } from "./fixtures";

test("the app is rendered by WASM under the GitHub Pages sub-path", async ({ page }) => {
  await open(page);
  await expect(page.locator("#boot")).toHaveCount(0);
  await expect(page.getByRole("banner")).toContainText("Callback Lab companion");
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Guide", "Condition lab", "Exercises"]) {
    await expect(nav.getByRole("link", { name })).toHaveAttribute("href", /^\/callback-lab\//);
  }
  await expect(nav.getByRole("link", { name: "Guide" })).toHaveAttribute("aria-current", "page");
});

test("navigation changes the page and the URL, and Back returns", async ({ page }) => {
  await open(page);
  await page.getByRole("link", { name: "Condition lab" }).click();
  await expect(page).toHaveURL(/\/callback-lab\/lab$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Condition lab");
  await expect(page.getByRole("link", { name: "Condition lab" })).toHaveAttribute("aria-current", "page");
  await expect(page).toHaveTitle(/Condition lab/);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mission 4: Preventing Callback duplication");
  // The navigation and the title link are followed in the app: a mark set on the page survives.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await page.getByRole("link", { name: "Exercises" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exercises");
  await page.getByRole("link", { name: /^Callback Lab/ }).click();
  await expect(page).toHaveURL(/\/callback-lab\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mission 4: Preventing Callback duplication");
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test("a deep link loads through the 404 fallback", async ({ page }) => {
  await open(page, "exercises");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Exercises");
  await open(page, "no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the attendee ID is validated, stored under the guide's key and kept on reload", async ({ page }) => {
  await open(page);
  const field = page.getByRole("textbox", { name: "Attendee ID" });
  await field.fill("1a3");
  await expect(page.getByRole("alert")).toContainText("digits only");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill("1370");
  await expect(page.getByRole("alert")).toContainText("exactly 3 digits");
  await field.fill("137");
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("137");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("137");
});

test("?attendee=NNN in the URL sets the ID", async ({ page }) => {
  await open(page, "?attendee=246");
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("246");
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("246");
});

test("?attendee= is applied once: dropped from the URL, so a retyped ID survives navigation and reload", async ({ page }) => {
  await open(page, "guide/preventing-callback-duplication?attendee=999#build-3");
  const field = page.getByRole("textbox", { name: "Attendee ID" });
  await expect(field).toHaveValue("999");
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("999");
  // The rest of the address stays.
  // The earlier address of a guide opens its own address.
  await expect(page).toHaveURL(/\/callback-lab\/m\/preventing-callback-duplication#build-3$/);
  await field.fill("137");
  await page.getByRole("link", { name: "Condition lab" }).click();
  await expect(page).toHaveURL(/\/callback-lab\/lab$/);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("137");
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("137");
});

test("?attendee= with an empty value changes nothing", async ({ page }) => {
  await open(page, "?attendee=246");
  for (const link of ["?attendee=", "lab?attendee=%20", "?attendee"]) {
    await open(page, link);
    await expect(page.getByRole("textbox", { name: "Attendee ID" }), link).toHaveValue("246");
    expect(await page.evaluate(() => localStorage.getItem("attendeeID")), link).toBe("246");
    expect(new URL(page.url()).search, link).toBe("");
  }
});

test("a clear message appears when the WASM module cannot load", async ({ page, problems }) => {
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto("");
  await expect(page.getByRole("alert")).toContainText("could not start", { timeout: 20_000 });
  // The failed download is the point of this test: its console errors are expected.
  expect(problems.length).toBeGreaterThan(0);
  problems.length = 0;
});

test("keyboard only: skip link, navigation and visible focus", async ({ page }) => {
  await open(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focused = page.locator(":focus");
  await expect(focused).toHaveText("Guide");
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/lab$/);
});

test("fits a 360 px wide window without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The sticky header takes two rows (title + tools, then navigation), not three.
  const header = await page.getByRole("banner").boundingBox();
  expect(header?.height).toBeLessThanOrEqual(100);
  // The theme button shows only its icon here; its accessible name still says the theme.
  await expect(page.getByRole("button", { name: "Theme: system" })).toBeVisible();
});

for (const scheme of ["light", "dark"] as const) {
  test(`no axe violations (wcag2a/aa) in ${scheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}

test("Your data: export everything to a file and import it into a fresh browser", async ({ page }) => {
  await open(page, "?attendee=137");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^callback-lab-data-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const backup = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
  expect(backup).toMatchObject({ app: "callback-lab", version: 1, entries: { attendeeID: "137" } });

  await page.evaluate(() => localStorage.clear());
  await open(page);
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("");
  await page.getByLabel("Import my data").setInputFiles(file);
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("137");
});

test("Your data: a file that is not a backup is refused and nothing changes", async ({ page }) => {
  await open(page, "?attendee=246");
  await page.getByLabel("Import my data").setInputFiles({
    name: "lab.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}'),
  });
  await expect(page.getByText("Nothing was imported")).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("246");
});
