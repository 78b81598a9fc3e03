import * as nodePath from "node:path";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, open } from "./fixtures";

// Security: script injected through anything an attendee can paste, type or load
// never runs. Every payload sets `window.__pwned` if it runs; the test checks it never does, that no
// dialog opens, that no element or attribute from a payload reaches the page, and that the payload is
// shown as literal text. The Content-Security-Policy blocks an inline script injected by the test.
// (Missions are compiled into the app; hostile Markdown is tested in tests/web_guide.rs.)

const PAYLOADS = [
  `<script>window.__pwned=1</script>`,
  `<img src=x onerror="window.__pwned=2">`,
  `<a href="javascript:window.__pwned=3">click</a>`,
  `javascript:window.__pwned=4`,
  `<svg onload="window.__pwned=5"><script>window.__pwned=6</script></svg>`,
  `"><iframe src="javascript:window.__pwned=7"></iframe>`,
  `{{ "<img src=x onerror=window.__pwned=8>" }}`,
  `{{ '<script>alert(9)</script>' ~ "" }}`,
  `<style>body{display:none}</style><b onmouseover="window.__pwned=10">bold</b>`,
];
const ALL = PAYLOADS.join(" ");

/** Fails the test on any dialog (alert/confirm/prompt) the page opens. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Nothing ran and nothing from a payload became markup. */
async function expectInert(page: Page, dialogs: string[], where: string) {
  // Give handlers (onerror of a broken image, onload) the chance to fire if they existed.
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), where).toBeUndefined();
  expect(dialogs, where).toEqual([]);
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const tag = el.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "style", "img", "b"].includes(tag)) bad.push(`<${tag}>`);
      for (const name of el.getAttributeNames()) {
        const value = (el.getAttribute(name) ?? "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (name.toLowerCase().startsWith("on")) bad.push(`<${tag} ${name}>`);
        // Text in data-* or aria-* attributes is inert; URL attributes must never carry script.
        const url = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name.toLowerCase());
        if (url && (value.startsWith("javascript:") || value.includes("__pwned"))) bad.push(`<${tag} ${name}="${value.slice(0, 40)}">`);
      }
    }
    return bad;
  });
  expect(found, where).toEqual([]);
}

const verdict = (page: Page) => page.getByRole("status", { name: "Verdict" });

/** Sets a field's value as a paste would (value + one input event). */
async function paste(page: Page, name: string, text: string) {
  await page.getByRole("textbox", { name }).evaluate((el, value) => {
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

test("script in a pasted response, the expression and the JSONPath fields never runs and shows as text", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await open(page, "lab");
  await expect(verdict(page)).toHaveText("True");

  // Not JSON at all: the error excerpt shows the text.
  await paste(page, "Search API response", ALL);
  await expect(page.locator("#lab-body-status")).toContainText("<script>window.__pwned=1</script>");
  await expectInert(page, dialogs, "non-JSON response");

  // JSON whose values are payloads: the explanation and the node details show them.
  const body = JSON.stringify({
    data: { taskDetails: { tasks: [{ callbackData: { callbackStatus: PAYLOADS[1], callbackConnectTime: PAYLOADS[0] } }] } },
  });
  await paste(page, "Search API response", body);
  await expect(verdict(page)).toHaveText("False");
  await expect(page.getByRole("list", { name: "Why" })).toContainText(`"${PAYLOADS[0]}" (STRING) == "-1"`);
  await page.getByRole("group", { name: /Flow picture/ }).getByRole("button", { name: /^HTTPRequest_CallBackSearch/ }).click();
  await expect(page.locator("#lab-node-details")).toContainText(PAYLOADS[1]);
  await expectInert(page, dialogs, "JSON response");

  // The entry point goes into the request shown (curl, GraphQL variables); a callback number that is
  // not digits, or an entry point with quotes, stops the run before the request.
  await paste(page, "Entry point id", "<img src=x onerror=window.__pwned=11>");
  const request = page.getByRole("region", { name: "Request" });
  await expect(request).toContainText("<img src=x onerror=window.__pwned=11>");
  await paste(page, "Entry point id", PAYLOADS[5]);
  await paste(page, "Callback number", PAYLOADS[3]);
  await expectInert(page, dialogs, "request fields");
  await paste(page, "Callback number", "14085267209");
  await paste(page, "Entry point id", "a5c1e2f0-7b3d-4c9a-9e21-5f0d8c4b7a10");

  // The expression renders a payload as its result, and a broken expression is quoted in its error.
  await paste(page, "Condition expression", `{{ callbackStatus }}`);
  await expect(verdict(page)).toContainText(PAYLOADS[1]);
  for (const expression of PAYLOADS) {
    await paste(page, "Condition expression", expression);
    await expect(verdict(page)).not.toBeEmpty();
    await expectInert(page, dialogs, `expression ${expression}`);
  }
  await paste(page, "Condition expression", `{{ "${PAYLOADS[4].replaceAll('"', "'")}" }}`);
  await expect(verdict(page)).toContainText("<svg onload=");

  // JSONPath fields and the HTTP status.
  await paste(page, "JSONPath for callbackStatus", `$.data["${PAYLOADS[1].replaceAll('"', "'")}"]`);
  await paste(page, "JSONPath for callbackConnectTime", PAYLOADS[0]);
  await expect(page.locator("#lab-path-1-note")).toContainText("<script>");
  await paste(page, "HTTP status", PAYLOADS[2]);
  await expect(verdict(page)).toContainText("Error: HTTP status");
  await expectInert(page, dialogs, "paths and status");
});

test("the attendee ID field and ?attendee= show script as text", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await open(page, `?attendee=${encodeURIComponent(PAYLOADS[1])}`);
  const field = page.getByRole("textbox", { name: "Attendee ID" });
  await expect(field).toHaveValue(PAYLOADS[1]);
  await expect(page.getByRole("alert")).toContainText("digits only");
  await expectInert(page, dialogs, "?attendee=");
  for (const payload of PAYLOADS) {
    await field.fill(payload);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expectInert(page, dialogs, `attendee ${payload}`);
  }
  // Never stored: only a valid ID is.
  expect(await page.evaluate(() => localStorage.getItem("attendeeID"))).toBeNull();
});

test("an imported lab state file and a stored one with script in every field stay text", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await open(page, "lab");
  const state = {
    format: "callback-lab/condition-lab",
    version: 1,
    inputs: {
      body: JSON.stringify({ data: { taskDetails: { tasks: [{ callbackData: { callbackStatus: PAYLOADS[2] } }] } } }),
      status: PAYLOADS[0],
      number: PAYLOADS[1],
      entry_point: PAYLOADS[5],
      expression: `{{ callbackStatus ~ "${PAYLOADS[4].replaceAll('"', "'")}" }}`,
      region: PAYLOADS[3],
      sample: PAYLOADS[1],
      paths: [{ variable: "callbackStatus", path: PAYLOADS[6] }],
      flow: { name: `${PAYLOADS[1]}.json`, text: PAYLOADS[0] },
    },
  };
  await page.locator("#lab-import").setInputFiles({
    name: `${PAYLOADS[1]}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(state)),
  });
  await expect(page.getByRole("textbox", { name: "HTTP status" })).toHaveValue(PAYLOADS[0]);
  await expect(page.getByRole("textbox", { name: "Condition expression" })).toHaveValue(state.inputs.expression);
  await expect(page.getByRole("note").or(page.getByRole("alert")).first()).toContainText(`${PAYLOADS[1]}.json`);
  await expectInert(page, dialogs, "imported lab state");
  // Kept across a reload: the stored copy is read through the same code.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("callback-lab.lab") ?? "")).toContain("__pwned=2");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
  await expect(page.getByRole("textbox", { name: "HTTP status" })).toHaveValue(PAYLOADS[0]);
  await expectInert(page, dialogs, "restored lab state");
});

test("an imported flow export with script in its name, labels and prompts stays text", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await open(page, "lab");
  const flow = JSON.parse(
    readFileSync(nodePath.join(__dirname, "..", "tests", "inputs", "flowcheck", "cosmetic-label.json"), "utf8"),
  );
  flow.name = PAYLOADS[0];
  flow.description = PAYLOADS[2];
  const activities = flow.process.activities;
  activities.a11.name = PAYLOADS[1];
  activities.a11.properties.activityName = "play-message";
  activities.a11.properties.promptsTts = [{ value: PAYLOADS[4] }];
  activities.a10.properties.expression = `{{ "${PAYLOADS[5].replaceAll('"', "'")}" }}`;
  flow.variables[0].value = PAYLOADS[8];
  const fileName = `${PAYLOADS[1]}.json`;
  await page.getByLabel("Load your flow export").setInputFiles({
    name: fileName,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(flow)),
  });
  await expect(page.locator("#lab-running")).toHaveText(`Running: your flow (${fileName})`);
  const picture = page.getByRole("group", { name: /Flow picture/ });
  await expect(picture.getByRole("button", { name: new RegExp(`^${PAYLOADS[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) })).toHaveCount(1);
  await expectInert(page, dialogs, "flow export file");
  // The same as a paste.
  await paste(page, "Your flow export", JSON.stringify(flow));
  await page.getByRole("region", { name: "Your flow" }).getByRole("button", { name: "Check and run the pasted flow" }).click();
  await expect(page.locator("#lab-running")).toContainText("Running: your flow");
  await expectInert(page, dialogs, "pasted flow export");
});

test("the Content-Security-Policy blocks an inline script injected into the page", async ({ page, problems }) => {
  await open(page);
  const violation = await page.evaluate(
    () =>
      new Promise<{ directive: string; blocked: string }>((resolve) => {
        document.addEventListener(
          "securitypolicyviolation",
          (e) => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI }),
          { once: true },
        );
        const script = document.createElement("script");
        script.textContent = "window.__pwned = 'inline'";
        document.body.appendChild(script);
      }),
  );
  expect(violation.directive).toMatch(/^script-src/);
  expect(violation.blocked).toBe("inline");
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // An inline event handler set by script is blocked too.
  const handler = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective), { once: true });
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__pwned = 'handler'");
        img.src = "data:,not-an-image";
        document.body.appendChild(img);
      }),
  );
  expect(handler).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // The browser logs the refusals: expected here, nothing else.
  const others = problems.filter((p) => !/Content Security Policy/.test(p));
  expect(others).toEqual([]);
  problems.length = 0;
});
