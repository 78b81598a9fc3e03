import * as fs from "node:fs";
import * as nodePath from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";
import { CHROMIUM_ARGS, CHROMIUM_PATH, MOCK_WEBEX_PORT } from "./chromium";

// "Run live" over the real network: the app's own fetch goes to the Webex API
// host names, which Chromium resolves to the local HTTPS mock (e2e/mock-webex.mjs, started by the
// Playwright config). Nothing in the app is stubbed; the CSP's connect-src is the real one.

const MOCK = `https://127.0.0.1:${MOCK_WEBEX_PORT}`;
const TOKEN = "live-token-9f3c";
const ORG = "org-live-42";

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=MAP api.wxcc-*.cisco.com 127.0.0.1:${MOCK_WEBEX_PORT}`,
      "--ignore-certificate-errors",
    ],
  },
});

const sampleTasks = (name: string) =>
  JSON.parse(fs.readFileSync(nodePath.join(__dirname, "..", "content", "missions", "preventing-callback-duplication", "samples", name), "utf8")).data.taskDetails.tasks;

type Received = {
  method: string; path: string; orgId?: string | null; authorization?: string | null;
  contentType?: string | null; origin?: string | null; body?: string; requestHeaders?: string | null;
};

async function mock(request: APIRequestContext, path: string, data?: object) {
  const answer = data ? await request.post(`${MOCK}/__mock/${path}`, { data }) : await request.get(`${MOCK}/__mock/${path}`);
  expect(answer.ok(), `mock ${path}`).toBeTruthy();
  return answer.json();
}

const verdict = (page: Page) => page.getByRole("status", { name: "Verdict" });
const requestPanel = (page: Page) => page.getByRole("region", { name: "Request" });
const rendered = (page: Page, heading: string) =>
  requestPanel(page).locator(".lab-block", { has: page.getByRole("heading", { name: heading, exact: true }) }).locator("pre");

async function prepare(page: Page) {
  await open(page, "lab");
  await page.getByRole("button", { name: "Already connected" }).click();
  await expect(verdict(page)).toHaveText("False");
  // A fixed clock: the request on screen is exactly the one sent.
  await page.getByRole("radio", { name: "Fixed time" }).check();
  await requestPanel(page).getByRole("combobox", { name: "Region" }).selectOption("eu1");
  await requestPanel(page).getByRole("textbox", { name: "Organization id" }).fill(ORG);
}

/** The browser logs the deliberately failed calls; those are expected, nothing else. */
function expectOnly(problems: string[], expected: RegExp[]) {
  expect(problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
  problems.length = 0;
}

test("run live: the real request reaches the API host with the pasted token, and the verdict comes from its answer", async ({ page, request }, testInfo) => {
  await mock(request, "reset", { mode: "cors", token: TOKEN, tasks: sampleTasks("pending-callback.json") });
  await prepare(page);
  const query = await rendered(page, "GraphQL query").textContent();
  const variables = JSON.parse((await rendered(page, "GraphQL variables").textContent()) ?? "");

  await page.getByLabel("Access token").fill(TOKEN);
  await requestPanel(page).getByRole("button", { name: "Run live" }).click();
  await expect(requestPanel(page).getByRole("note")).toContainText("The API answered 200");
  await expect(verdict(page)).toHaveText("True");
  await expect(page.getByRole("textbox", { name: "HTTP status" })).toHaveValue("200");
  const reply = JSON.stringify({ data: { taskDetails: { tasks: sampleTasks("pending-callback.json") } } });
  await expect(page.getByRole("textbox", { name: "Search API response" })).toHaveValue(reply);
  await expect(page.getByRole("list", { name: "Path taken" })).toContainText("PlayMessage_AlreadyScheduled");

  const received: Received[] = await mock(request, "requests");
  // A CORS preflight first (the Authorization header is not "simple"), then the call itself.
  expect(received.map((r) => r.method)).toEqual(["OPTIONS", "POST"]);
  expect(received[0].requestHeaders).toContain("authorization");
  const call = received[1];
  expect(call.path).toBe("/search");
  expect(call.orgId).toBe(ORG);
  expect(call.authorization).toBe(`Bearer ${TOKEN}`);
  expect(call.contentType).toBe("application/json");
  expect(call.origin).toBe(new URL(page.url()).origin);
  const sent = JSON.parse(call.body ?? "");
  expect(sent.query).toBe(query);
  expect(sent.variables).toEqual(variables);
  expect(sent.variables.filter.and[0].callbackData.equals.callbackNumber).toBe("14085267209");

  // A second answer (the callback was connected meanwhile) flips the verdict.
  await mock(request, "reset", { mode: "cors", token: TOKEN, tasks: sampleTasks("already-connected.json") });
  await requestPanel(page).getByRole("button", { name: "Run live" }).click();
  await expect(verdict(page)).toHaveText("False");
  await expect(page.getByRole("list", { name: "Path taken" })).toContainText("Callback");

  // The token and org id are never stored, in either storage, nor exported.
  await page.waitForTimeout(600); // past the save delay
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).toContain("callback-lab.lab");
  expect(stored).not.toContain(TOKEN);
  expect(stored).not.toContain(ORG);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = testInfo.outputPath("live-export.json");
  await (await downloading).saveAs(file);
  const exported = fs.readFileSync(file, "utf8");
  expect(exported).toContain("taskDetails");
  expect(exported).not.toContain(TOKEN);
  expect(exported).not.toContain(ORG);
});

test("run live: a refused token, CORS and a network failure are each explained, with the curl command as the way out", async ({ page, request, problems }) => {
  await mock(request, "reset", { mode: "cors", token: TOKEN, tasks: sampleTasks("pending-callback.json") });
  await prepare(page);
  const alert = requestPanel(page).getByRole("alert");
  const runLive = requestPanel(page).getByRole("button", { name: "Run live" });

  // 401: the API's JSON answer is loaded, and the message names the token.
  await page.getByLabel("Access token").fill("expired-token");
  await runLive.click();
  await expect(alert).toContainText("The API answered 401: the token was refused");
  await expect(page.getByRole("textbox", { name: "HTTP status" })).toHaveValue("401");
  await expect(page.getByRole("textbox", { name: "Search API response" })).toHaveValue(/"reason":"Unauthorized"/);
  await expect(verdict(page)).toHaveText("False");
  let received: Received[] = await mock(request, "requests");
  expect(received.filter((r) => r.method === "POST").map((r) => r.authorization)).toEqual(["Bearer expired-token"]);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // CORS: the preflight gets no CORS headers, so the browser never sends the call (nor the token).
  await mock(request, "reset", { mode: "no-cors", token: TOKEN, tasks: sampleTasks("pending-callback.json") });
  await page.getByLabel("Access token").fill(TOKEN);
  await runLive.click();
  await expect(alert).toContainText("CORS: api.wxcc-eu1.cisco.com answered, but the browser blocked the answer");
  await expect(alert).toContainText("curl command");
  await expect(verdict(page)).toHaveText("False");
  received = await mock(request, "requests");
  expect(received.filter((r) => r.method === "POST")).toEqual([]);
  expect(received[0].method).toBe("OPTIONS");
  await expect(runLive).toBeEnabled();

  // Network: every connection to the host is dropped.
  await mock(request, "mode", { mode: "down" });
  await runLive.click();
  await expect(alert).toContainText("Network: api.wxcc-eu1.cisco.com could not be reached");
  await expect(alert).toContainText("curl command");
  await expect(verdict(page)).toHaveText("False");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Back up: the same page works again.
  await mock(request, "mode", { mode: "cors" });
  await runLive.click();
  await expect(requestPanel(page).getByRole("note")).toContainText("The API answered 200");
  await expect(verdict(page)).toHaveText("True");

  expectOnly(problems, [/status of 401/, /blocked by CORS policy/, /net::ERR_/]);
});
