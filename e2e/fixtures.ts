import { test as base, expect, type Page } from "@playwright/test";

// Every test fails on any console error, uncaught page error or WASM panic (the panic hook logs
// "callback-lab panic" as a console error).
export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        // A deep link is served by GitHub Pages' 404.html with status 404: the browser logs that for
        // the document itself. Any other failed resource still counts.
        const documentNotFound =
          msg.location().url === page.url() && /status of 404/.test(msg.text());
        if (!documentNotFound) problems.push(`console error: ${msg.text()}`);
      });
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      await use(problems);
      expect(problems, "console errors / panics during the test").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Opens a page of the app and waits until the WASM module has mounted. */
export async function open(page: Page, path = "") {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
}
