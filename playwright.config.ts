import { defineConfig } from "@playwright/test";

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
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node e2e/serve.mjs ${DIST} /callback-lab/ ${PORT}`,
    url: `http://127.0.0.1:${PORT}/callback-lab/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
