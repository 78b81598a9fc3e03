// Debian's Chromium and its flags, shared by the config and specs that add flags of their own
// (a spec's `launchOptions` replaces the config's, it does not extend it).
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
/** Where e2e/mock-webex.mjs listens (HTTPS): beside the app's port unless MOCK_WEBEX_PORT says. */
export const MOCK_WEBEX_PORT = Number(process.env.MOCK_WEBEX_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1000);
