import { test, expect, open } from "./fixtures";

// Each test gets a fresh browser context, so service workers and caches start empty.

async function controlledByServiceWorker(page) {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return !!reg.active;
  });
  // The first visit is not controlled yet; a reload is.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

test("the app runs under a Content-Security-Policy without inline-script or remote exceptions", async ({ page }) => {
  await open(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Any CSP violation would have been a console error (the fixture fails the test on those).
});

test("works offline after one visit, deep links included", async ({ page, context }) => {
  await open(page);
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("status").filter({ hasText: "Offline" })).toBeVisible();
  await page.goto("lab");
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Condition lab");
  await context.setOffline(false);
});

test("a new deployment shows 'update available' and reloads into the new version", async ({ page, request }) => {
  await open(page);
  await controlledByServiceWorker(page);
  const before = await page.locator('meta[name="callback-lab-sw"]').getAttribute("data-version");
  await request.get("/__deploy");
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const banner = page.getByRole("status").filter({ hasText: "new version" });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await banner.getByRole("button", { name: "Reload to update" }).click();
  await expect(page.locator('meta[name="callback-lab-sw"]')).not.toHaveAttribute("data-version", before ?? "");
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  const caches = await page.evaluate(() => caches.keys());
  expect(caches.filter((k) => k.startsWith("callback-lab-"))).toHaveLength(1);
});

test("an update under Cache-Control max-age still starts offline: the new cache holds the new page", async ({ page, context, baseURL }) => {
  // Static hosts let the HTTP cache keep the page for minutes; the new worker must not precache that copy.
  await context.addCookies([{ name: "e2e-max-age", value: "600", url: baseURL! }]);
  await open(page);
  await controlledByServiceWorker(page);
  const before = await page.locator('meta[name="callback-lab-sw"]').getAttribute("data-version");
  // A new build: new version, new names for the wasm, JS and CSS files.
  await context.addCookies([{ name: "e2e-generation", value: "1", url: baseURL! }]);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const banner = page.getByRole("status").filter({ hasText: "new version" });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await banner.getByRole("button", { name: "Reload to update" }).click();
  await expect(page.locator('meta[name="callback-lab-sw"]')).not.toHaveAttribute("data-version", before ?? "");
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  const after = await page.locator('meta[name="callback-lab-sw"]').getAttribute("data-version");

  // Ten minutes later: the HTTP cache has expired, only the service worker's cache is left.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.locator('meta[name="callback-lab-sw"]')).toHaveAttribute("data-version", after ?? "");
  await page.goto("lab");
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await context.setOffline(false);
});
