import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, MOCK_WEBEX_PORT } from "./e2e/chromium";

// Debian's Chromium; Playwright's own browser download cannot work here (and is never attempted).
const PORT = Number(process.env.E2E_PORT ?? 4173);
// The release build to test (scripts/build-release.sh writes dist/ unless DIST is set).
const DIST = process.env.DIST ?? "dist";

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/callback-lab/`,
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      command: `node e2e/serve.mjs ${DIST} /callback-lab/ ${PORT}`,
      url: `http://127.0.0.1:${PORT}/callback-lab/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      // The Webex Search API stand-in for "Run live" (e2e/live.spec.ts), HTTPS with a fresh self-signed certificate.
      command: `node e2e/mock-webex.mjs ${MOCK_WEBEX_PORT}`,
      url: `https://127.0.0.1:${MOCK_WEBEX_PORT}/__mock/health`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
