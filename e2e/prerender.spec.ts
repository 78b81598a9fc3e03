import { test as base } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// The release build's pages are rendered at build time (src/bin/prerender.rs) and the app hydrates
// them. Without WebAssembly the guide still reads; with it, the hydrated page is the prerendered one.

const MISSION = "Mission 4: Preventing Callback duplication";
const STORY = "If a caller who already has a scheduled callback contacts the contact center again";

/** A browser where WebAssembly does not exist (as with it disabled by policy). */
async function withoutWebAssembly(page) {
  await page.addInitScript(() => {
    // @ts-ignore removed on purpose
    delete window.WebAssembly;
  });
}

base.describe("without WebAssembly", () => {
  base("the guide reads completely: text, code blocks, admonitions, image placeholders, links", async ({ page }) => {
    await withoutWebAssembly(page);
    await page.goto("");
    await expect(page.getByRole("heading", { level: 1, name: MISSION })).toBeVisible();
    await expect(page.getByText(STORY)).toBeVisible();
    await expect(page.locator(".admonition").first()).toContainText("This task relies on completing Mission 3");
    await expect(page.locator("pre code").first()).toContainText("query");
    await expect(page.locator(".image-placeholder").first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Condition lab" })).toHaveAttribute("href", "/callback-lab/lab");
    // The last part of the mission is there too.
    await expect(page.getByText("Congratulations, you have succesfully completed")).toBeVisible();
    // Why the rest does not work, said once.
    await expect(page.getByRole("alert").filter({ hasText: "The companion could not start" })).toBeVisible();
    await expect(page.locator("html")).not.toHaveAttribute("data-app", "ready");
  });

  base("the Attendee ID field works: the ID is stored and shown in the guide's text", async ({ page }) => {
    await withoutWebAssembly(page);
    await page.goto("");
    const value = page.locator(".attendee-value").first();
    await expect(value).toHaveText("Main_Flow_Your_Attendee_ID");
    await page.getByLabel("Attendee ID").fill("12");
    await expect(value).toHaveText("Main_Flow_Your_Attendee_ID");
    await page.getByLabel("Attendee ID").fill("481");
    await expect(value).toHaveText("Main_Flow_481");
    await expect(page.locator(".attendee-value")).toHaveText(["Main_Flow_481", "Main_Flow_481"]);
    await expect(page.locator(".attendee-value-missing")).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBe("481");
    // Another page of the guide shows it at once.
    await page.goto("m/preventing-callback-duplication");
    await expect(page.getByLabel("Attendee ID")).toHaveValue("481");
    await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_481");
  });

  base("a mission's own address, the lab and the exercises show their page and say what needs WebAssembly", async ({ page }) => {
    await withoutWebAssembly(page);
    await page.goto("m/preventing-callback-duplication");
    await expect(page.getByRole("heading", { level: 1, name: MISSION })).toBeVisible();
    await page.goto("m/preventing-callback-duplication/lab");
    await expect(page.getByText("Paste the Search API response your flow received")).toBeVisible();
    await page.goto("lab");
    await expect(page.getByRole("heading", { level: 1, name: "Condition lab" })).toBeVisible();
    await expect(page.getByText("Paste the Search API response your flow received")).toBeVisible();
    await expect(page.locator(".needs-wasm")).toContainText("runs on WebAssembly");
    await expect(page.getByRole("link", { name: "Condition lab" })).toHaveAttribute("aria-current", "page");
    await page.goto("exercises");
    await expect(page.getByRole("heading", { level: 1, name: "Exercises" })).toBeVisible();
    await expect(page.getByText("Rehearse the mission without a tenant")).toBeVisible();
    await expect(page.locator(".needs-wasm")).toContainText("runs on WebAssembly");
    await expect(page).toHaveTitle("Exercises · Callback Lab companion");
  });
});

test.describe("with WebAssembly", () => {
  for (const path of [
    "",
    "lab",
    "exercises",
    "m/preventing-callback-duplication",
    "m/preventing-callback-duplication/lab",
    "m/preventing-callback-duplication/exercises",
  ]) {
    test(`/${path} hydrates the prerendered page with no mismatch`, async ({ page }) => {
      const warnings: string[] = [];
      page.on("console", (msg) => /hydration|mismatch/i.test(msg.text()) && warnings.push(msg.text()));
      await open(page, path);
      await expect(page.locator("html")).toHaveAttribute("data-start", "hydrated");
      expect(warnings).toEqual([]);
      // And then the running page: the lab's field, the exercises' simulator, the guide's copy buttons.
      if (path.endsWith("lab")) await expect(page.getByLabel("Search API response")).toBeVisible();
      else if (path.endsWith("exercises")) await expect(page.locator(".needs-wasm")).toHaveCount(0);
      else await expect(page.getByRole("button", { name: /^Copy / }).first()).toBeVisible();
    });
  }

  test("the WebAssembly download starts with the HTML (preload), and only once", async ({ page }) => {
    // Hold the app's JavaScript: without the preload, nothing would ask for the module before it ran.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/callback-lab-[0-9a-f]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const wasm: string[] = [];
    page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(request.url()));
    // Not until "load": the held module script delays it.
    await page.goto("", { waitUntil: "commit" });
    await expect.poll(() => wasm.length).toBe(1);
    const preload = page.locator('link[rel="preload"][as="fetch"][type="application/wasm"]');
    expect(new URL(wasm[0]).pathname).toBe(await preload.getAttribute("href"));
    release();
    await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
    // The app took the preloaded response: no second download.
    expect(wasm).toHaveLength(1);
  });

  test("a prerendered page that differs from the app's first view is reported as a hydration mismatch", async ({ page }) => {
    // The check itself: an out-of-date page (here, one changed heading) must not pass unnoticed.
    const warnings: string[] = [];
    page.on("console", (msg) => /hydration mismatch/.test(msg.text()) && warnings.push(msg.text()));
    await page.route(/\/callback-lab\/lab$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("Condition lab</h1>", "Condition lab (old)</h1>");
      await route.fulfill({ response, body });
    });
    await open(page, "lab");
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain("Condition lab (old)");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Condition lab");
  });

  test("a stored attendee ID is put in after hydration, with no mismatch", async ({ page }) => {
    const warnings: string[] = [];
    page.on("console", (msg) => /hydration|mismatch/i.test(msg.text()) && warnings.push(msg.text()));
    await page.addInitScript(() => localStorage.setItem("attendeeID", "137"));
    await open(page);
    await expect(page.getByLabel("Attendee ID")).toHaveValue("137");
    await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_137");
    expect(warnings).toEqual([]);
  });

  test("an ID typed before the app started shows at once and stays when it starts, with no mismatch", async ({ page }) => {
    const warnings: string[] = [];
    page.on("console", (msg) => /hydration|mismatch/i.test(msg.text()) && warnings.push(msg.text()));
    let release: () => void = () => {};
    const typed = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await typed;
      await route.continue();
    });
    await page.goto("");
    await page.getByLabel("Attendee ID").fill("481");
    await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_481");
    release();
    await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
    await expect(page.locator(".attendee-value")).toHaveText(["Main_Flow_481", "Main_Flow_481"]);
    await expect(page.getByRole("button", { name: "Copy Main_Flow_481" }).first()).toBeVisible();
    expect(warnings).toEqual([]);
    // The app owns the field now: a new ID goes through it (and an invalid one is explained).
    await page.getByLabel("Attendee ID").fill("4812");
    await expect(page.getByRole("alert").filter({ hasText: /3 digits/ })).toBeVisible();
  });

  test("a stored theme applies before the app starts", async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem("callback-lab.theme", "dark"));
    let release: () => void = () => {};
    const seen = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await seen;
      await route.continue();
    });
    await page.goto("");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    release();
    await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(page.getByRole("button", { name: /Theme: dark/ })).toBeVisible();
  });

  test("what the attendee typed before the app started is kept", async ({ page }) => {
    // Hold the WebAssembly module until the attendee has typed into the prerendered field.
    let release: () => void = () => {};
    const typed = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await typed;
      await route.continue();
    });
    await page.goto("");
    await page.getByLabel("Attendee ID").fill("48");
    release();
    await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
    await expect(page.getByLabel("Attendee ID")).toHaveValue("48");
    await expect(page.getByRole("alert").filter({ hasText: /3 digits/ })).toBeVisible();
    await page.getByLabel("Attendee ID").fill("481");
    await expect(page.locator(".attendee-value").first()).toHaveText("Main_Flow_481");
  });

  test("an address with no prerendered page (404.html) renders the app afresh", async ({ page }) => {
    await open(page, "guide/");
    await expect(page.locator("html")).toHaveAttribute("data-start", "rendered");
    await expect(page.getByRole("heading", { level: 1, name: MISSION })).toBeVisible();
  });

  test("a guide's earlier address (guide/<slug>) opens the mission's own", async ({ page }) => {
    await open(page, "guide/preventing-callback-duplication");
    await expect(page.locator("html")).toHaveAttribute("data-start", "rendered");
    await expect(page.getByRole("heading", { level: 1, name: MISSION })).toBeVisible();
    await expect(page).toHaveURL(/\/callback-lab\/m\/preventing-callback-duplication$/);
  });
});
