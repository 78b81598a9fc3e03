import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// Storage: damaged data under every key is set aside and reported while the app
// keeps working; a full storage is reported with what was not saved and the way out; imports go
// through the same registry.

const MISSION = "m/preventing-callback-duplication";
const notice = (page: Page) => page.locator(".storage-notice");
const yourData = (page: Page) => page.getByRole("region", { name: "Your data" });

/** Damaged or foreign data under each key the companion keeps, and what the report must say. */
const DAMAGED: { key: string; text: string; says: RegExp }[] = [
  { key: "callback-lab.theme", text: "purple", says: /theme could not be read .*“purple” is not a theme/ },
  { key: "callback-lab.mission", text: "Mission 4!", says: /current mission could not be read .*“Mission 4!” is not a mission's name/ },
  {
    key: "callback-lab.progress.preventing-callback-duplication",
    text: '{"version":1,"mission":[garbage',
    says: /guide progress \(preventing-callback-duplication\) could not be read \(it is not JSON/,
  },
  {
    key: "callback-lab.lab",
    text: '{"format":"someone-else","version":1}',
    says: /Condition lab state could not be read \(it is not the companion's data/,
  },
  // The lab state's response: its state above is damaged, so nothing refers to it any more.
  {
    key: "callback-lab.lab.body",
    text: '{"data": {"taskDetails": {"tasks": [',
    says: /Condition lab response could not be read \(it does not go with the rest of the saved data: no saved Condition lab state refers to it\)/,
  },
  {
    key: "callback-lab.progress.exercises",
    text: '{"version":9,"results":{}}',
    says: /exercise progress could not be read \(it was saved by a newer version of the companion \(format 9/,
  },
  { key: "callback-lab.exercises.session", text: "[[[not json", says: /simulator session could not be read \(it is not JSON/ },
  {
    key: "callback-lab.flow",
    text: '{"format":"callback-lab/your-flow","version":1,"flow":5}',
    says: /imported flow could not be read/,
  },
];

async function seed(page: Page, entries: { key: string; text: string }[]) {
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const { key, text } of entries) localStorage.setItem(key, text);
  }, entries);
}

const stored = (page: Page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));

test("damaged data under every key is set aside and reported, and the app keeps working", async ({ page }) => {
  await open(page, MISSION);
  await seed(page, DAMAGED);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  // The guide reads the ID, the theme and its progress; the lab and the exercises their own keys.
  await page.getByRole("link", { name: "Condition lab" }).click();
  await expect(page.getByRole("status", { name: "Verdict" })).toHaveText("True");
  await page.getByRole("link", { name: "Exercises" }).click();
  await expect(page.locator("#ex-progress")).toHaveText("0 of 9 exercises passed");

  // One alert region, one message per key, each naming the set-aside copy.
  await expect(page.getByRole("alert")).toHaveCount(1);
  const items = notice(page).getByRole("listitem");
  await expect(items).toHaveCount(DAMAGED.length);
  for (const { key, says } of DAMAGED) {
    await expect(notice(page), key).toContainText(says);
    await expect(notice(page), key).toContainText(`set aside as “${key}.unreadable”`);
  }
  // Moved byte for byte; the original keys no longer hold them (the pages save fresh data there).
  const after = await stored(page);
  for (const { key, text } of DAMAGED) {
    expect(after[`${key}.unreadable`], key).toBe(text);
    expect(after[key] ?? null, key).not.toBe(text);
  }

  // Still works: the guide ticks a step and keeps it; the ID and the theme can be set.
  await page.getByRole("link", { name: "Guide" }).click();
  await page.getByRole("checkbox", { name: "Done: Build step 3" }).check();
  await expect(page.locator(".progress-summary")).toContainText("1 of 18 steps");
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  await expect(page.getByText("Main_Flow_137").first()).toBeVisible();
  await expect
    .poll(async () => (await stored(page))["callback-lab.progress.preventing-callback-duplication"])
    .toContain("build-3");

  // "Your data" lists them with why, and each can be downloaded and deleted.
  await notice(page).getByRole("button", { name: "Go to Your data" }).first().click();
  await expect(page.locator("#your-data-title")).toBeFocused();
  const setAside = yourData(page).getByRole("list", { name: "Set aside" });
  await expect(setAside.getByRole("listitem")).toHaveCount(DAMAGED.length);
  await expect(setAside).toContainText("set-aside copy of Condition lab state");
  await expect(setAside).toContainText("Why: it is not the companion's data of this kind");
  const inUse = yourData(page).getByRole("list", { name: "In use" });
  await expect(inUse).toContainText("attendee ID");
  await expect(inUse).toContainText("guide progress (preventing-callback-duplication)");
  await expect(yourData(page)).toContainText(/The companion uses \d+(\.\d)? (B|KB)/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    setAside.getByRole("button", { name: "Download callback-lab.lab.unreadable" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("callback-lab.lab.unreadable.txt");
  expect(require("node:fs").readFileSync(await download.path(), "utf8")).toBe('{"format":"someone-else","version":1}');
  await setAside.getByRole("button", { name: "Delete callback-lab.lab.unreadable" }).click();
  await expect(setAside.getByRole("listitem")).toHaveCount(DAMAGED.length - 1);
  expect((await stored(page))["callback-lab.lab.unreadable"] ?? null).toBeNull();

  // Dismissed one by one.
  await notice(page).getByRole("button", { name: "Dismiss message about theme" }).click();
  await expect(items).toHaveCount(DAMAGED.length - 1);
});

test("an attendeeID that is not 3 digits is the guide's own: left in place, not reported, not used", async ({ page }) => {
  await open(page, MISSION);
  for (const text of ["12a", "Not Set", "1370"]) {
    await seed(page, [{ key: "attendeeID", text }]);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
    await expect(page.getByRole("textbox", { name: "Attendee ID" }), text).toHaveValue("");
    await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_Your_Attendee_ID");
    // Every page has read its keys: still there, byte for byte, and nothing set aside or reported.
    await page.getByRole("link", { name: "Condition lab" }).click();
    await expect(page.getByRole("status", { name: "Verdict" })).toHaveText("True");
    await page.getByRole("link", { name: "Guide" }).click();
    const after = await stored(page);
    expect(after["attendeeID"], text).toBe(text);
    expect(after["attendeeID.unreadable"] ?? null, text).toBeNull();
    await expect(page.locator(".storage-notice")).toHaveCount(0);
  }
  // Typing an ID is the attendee's choice: it replaces the guide's value.
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  await expect.poll(async () => (await stored(page))["attendeeID"]).toBe("137");
});

test("5 000 set-aside copies from an import: the list stays collapsed, lists 20, and handles the rest together", async ({ page }) => {
  await open(page, "lab");
  const entries = Object.fromEntries(
    Array.from({ length: 5000 }, (_, i) => [`callback-lab.progress.m${String(i).padStart(4, "0")}.unreadable`, `{"version":1,"mission":"m${i}"`]),
  );
  // A clean import reloads the page.
  const reloaded = page.waitForEvent("load");
  await page.getByLabel("Import my data").setInputFiles({
    name: "backup.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ app: "callback-lab", version: 1, entries })),
  });
  await reloaded;
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  // Collapsed, saying how many: nothing of the list is built while the attendee works.
  const toggle = yourData(page).getByRole("button", { name: "Show what is stored (5000 set aside)" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(yourData(page).locator("#data-stored")).toHaveCount(0);
  await page.getByRole("textbox", { name: "Condition expression" }).fill("{{ true }}");
  await expect(page.getByRole("status", { name: "Verdict" })).toHaveText("True");

  await toggle.click();
  const setAside = yourData(page).getByRole("list", { name: "Set aside" });
  await expect(setAside.getByRole("listitem")).toHaveCount(20);
  await expect(setAside.getByRole("listitem").first()).toContainText("callback-lab.progress.m0000.unreadable");
  await expect(yourData(page)).toContainText(/…and 4980 more set-aside copies \(\d+\.\d KB\), not listed one by one\./);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    yourData(page).getByRole("button", { name: "Download all set-aside copies" }).click(),
  ]);
  const file = JSON.parse(require("node:fs").readFileSync(await download.path(), "utf8"));
  expect(Object.keys(file.entries)).toHaveLength(5000);
  expect(file.entries["callback-lab.progress.m4999.unreadable"]).toBe(entries["callback-lab.progress.m4999.unreadable"]);
  await yourData(page).getByRole("button", { name: "Delete all set-aside copies" }).click();
  await expect(yourData(page)).toContainText("Deleted 5000 set-aside copies.");
  await expect(setAside).toHaveCount(0);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(".unreadable")).length);
  expect(left).toBe(0);
});

for (const scheme of ["light", "dark"] as const) {
  test(`the storage notice and the stored list: no axe violations in ${scheme} mode, and 360 px wide`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await open(page, MISSION);
    await seed(page, DAMAGED);
    await page.reload();
    // On the guide: the app's keys (theme, the current mission, the shared imported flow) and the
    // guide's progress.
    await expect(notice(page).getByRole("listitem")).toHaveCount(4);
    await expect(yourData(page).getByRole("list", { name: "Set aside" })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test("a full storage is reported with what was not saved; deleting set-aside copies makes room", async ({ page }) => {
  await open(page, MISSION);
  // Fill the site's storage to the last character with a set-aside copy (the kind "Your data" can delete).
  const filled = await page.evaluate(() => {
    localStorage.clear();
    const key = "callback-lab.lab.unreadable";
    let lo = 0;
    let hi = 12_000_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        localStorage.setItem(key, "x".repeat(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    localStorage.setItem(key, "x".repeat(lo));
    try {
      localStorage.setItem("probe", "1");
      return -1;
    } catch (e) {
      return (e as DOMException).name === "QuotaExceededError" ? lo : -2;
    }
  });
  expect(filled, "the storage is full").toBeGreaterThan(1_000_000);

  const step3 = page.getByRole("checkbox", { name: "Done: Build step 3" });
  await step3.check();
  // Kept on the page, and said clearly: what was not saved, why, and the way out.
  await expect(page.locator(".progress-summary")).toContainText("1 of 18 steps");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(
    "Your guide progress (preventing-callback-duplication) was not saved: this browser's storage for the site is full.",
  );
  await expect(alert).toContainText("Delete set-aside items under “Your data”");
  await expect(alert).toContainText("Export my data");
  // The attendee ID too.
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  await expect(alert).toContainText("Your attendee ID was not saved");

  await alert.getByRole("button", { name: "Go to Your data" }).first().click();
  const setAside = yourData(page).getByRole("list", { name: "Set aside" });
  await expect(setAside).toContainText("set-aside copy of Condition lab state");
  await expect(setAside).toContainText(/\d+\.\d MB/);
  await setAside.getByRole("button", { name: "Delete callback-lab.lab.unreadable" }).click();
  await expect(yourData(page)).toContainText("Deleted “callback-lab.lab.unreadable”.");

  // Room again: the next saves go through and their messages disappear.
  await page.getByRole("checkbox", { name: "Done: Build step 4" }).check();
  await expect(alert).not.toContainText("guide progress");
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("138");
  await expect(page.getByRole("alert")).toHaveCount(0);
  const after = await stored(page);
  expect(JSON.parse(after["callback-lab.progress.preventing-callback-duplication"]).completed).toEqual(["build-3", "build-4"]);
  expect(after["attendeeID"]).toBe("138");
});

test("a full storage on the lab keeps the inputs and says the response was not kept", async ({ page }) => {
  await open(page, "lab");
  await expect(page.getByRole("status", { name: "Verdict" })).toHaveText("True");
  await page.evaluate(() => {
    localStorage.clear();
    let lo = 0;
    let hi = 12_000_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        localStorage.setItem("filler", "x".repeat(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    // Room for the lab's inputs without a large response.
    localStorage.setItem("filler", "x".repeat(Math.max(0, lo - 20_000)));
  });
  const big = '{"data":{"taskDetails":{"tasks":[]}},"pad":"' + "x".repeat(100_000) + '"}';
  await page.getByRole("textbox", { name: "Search API response" }).fill(big);
  await expect(page.getByRole("status", { name: "Verdict" })).toHaveText("False");
  // The storage notice says what was not saved and why; the lab's note says what it means there.
  await expect(page.getByRole("alert")).toHaveCount(1);
  await expect(page.getByRole("alert")).toContainText(
    "Your Condition lab response was not saved: this browser's storage for the site is full.",
  );
  await expect(page.getByRole("note")).toContainText("is not kept across reloads");
  await expect(page.getByRole("note")).toContainText("The other inputs are kept");
  // The small state is saved, saying the response was not kept.
  await expect
    .poll(async () => (await stored(page))["callback-lab.lab"] ?? "")
    .toContain('"kept": false');
  expect((await stored(page))["callback-lab.lab.body"] ?? null).toBeNull();
  // After a reload: the other inputs, an empty response, and nothing to report.
  await page.getByRole("textbox", { name: "HTTP status" }).fill("201");
  await expect
    .poll(async () => (await stored(page))["callback-lab.lab"] ?? "")
    .toContain('"201"');
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("textbox", { name: "HTTP status" })).toHaveValue("201");
  await expect(page.getByRole("textbox", { name: "Search API response" })).toHaveValue("");
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("an import writes through the registry: unknown keys are reported, damaged entries set aside", async ({ page }) => {
  await open(page);
  await page.getByRole("textbox", { name: "Attendee ID" }).fill("137");
  await page.evaluate(() =>
    localStorage.setItem("callback-lab.progress.exercises", '{"version":1,"results":{}}'),
  );
  const file = {
    name: "backup.json",
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify({
        app: "callback-lab",
        version: 1,
        entries: {
          attendeeID: "246",
          "callback-lab.progress.exercises": "{broken",
          "callback-lab.someday": "{}",
        },
      }),
    ),
  };
  await page.getByLabel("Import my data").setInputFiles(file);
  const report = yourData(page).locator(".data-report");
  await expect(report).toContainText("Imported 1 item(s).");
  await expect(report).toContainText(
    "The exercise progress in the file could not be read (it is not JSON: key must be a string at line 1, column 2); it was set aside as “callback-lab.progress.exercises.unreadable” and yours was kept.",
  );
  await expect(report).toContainText("Not imported, as this companion does not keep them: “callback-lab.someday”.");
  const after = await stored(page);
  expect(after["callback-lab.progress.exercises"]).toBe('{"version":1,"results":{}}');
  expect(after["callback-lab.someday"] ?? null).toBeNull();
  await report.getByRole("button", { name: "Reload to use the imported data" }).click();
  await expect(page.getByRole("textbox", { name: "Attendee ID" })).toHaveValue("246");
});
