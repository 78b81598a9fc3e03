// A local stand-in for the Webex Contact Center Search API, for the "Run live" end-to-end tests
// (e2e/live.spec.ts). It speaks HTTPS with a self-signed certificate made at start (openssl CLI),
// answers `POST /search` like the real API (Bearer token check → 401 JSON, GraphQL errors → 400
// JSON, else a `taskDetails` reply) and handles CORS preflights. Chromium reaches it under the real
// API host names through `--host-resolver-rules`, so the app's own fetch and CSP run unchanged.
//
//   node e2e/mock-webex.mjs 5173
//
// Modes (the network behaviours the app must explain):
//   cors     the API allows this page (preflight and answers carry CORS headers)
//   no-cors  the API answers without CORS headers: the browser blocks the answer
//   down     every connection is dropped: the host cannot be reached
// Control (HTTPS, same port, used by the tests):
//   POST /__mock/reset {mode?, token?, reply?}  sets the mode, the accepted token and the tasks
//   POST /__mock/mode {mode}   GET /__mock/requests   GET /__mock/health
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.argv[2] ?? 5173);
const MODES = ["cors", "no-cors", "down"];

/** A throwaway self-signed certificate (EC P-256, one day) for the API host names. */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), "mock-webex-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1",
      "-subj", "/CN=api.wxcc-us1.cisco.com", "-addext", "subjectAltName=DNS:*.cisco.com,IP:127.0.0.1",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } catch (e) {
    const missing = e.code === "ENOENT" ? " (the openssl command is missing: apt-get install openssl; scripts/test.sh does)" : "";
    throw new Error(`mock-webex: could not make a certificate${missing}: ${e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const initial = () => ({
  mode: "cors",
  token: "mock-valid-token",
  // The tasks the next search answers with.
  tasks: [],
  requests: [],
});
let state = initial();

const json = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
};

const corsHeaders = (req) =>
  state.mode === "cors"
    ? {
        "access-control-allow-origin": req.headers.origin ?? "*",
        "access-control-allow-headers": "authorization, content-type, accept",
        "access-control-allow-methods": "POST, OPTIONS",
        // No preflight caching: each test's mode applies at once.
        "access-control-max-age": "0",
        vary: "Origin",
      }
    : {};

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function control(req, res, path) {
  if (path === "/__mock/health") return json(res, 200, { ok: true });
  if (path === "/__mock/requests") return json(res, 200, state.requests);
  const input = JSON.parse((await readBody(req)) || "{}");
  if (input.mode !== undefined && !MODES.includes(input.mode)) return json(res, 400, { error: `mode is one of ${MODES}` });
  if (path === "/__mock/reset") {
    state = { ...initial(), ...input, requests: [] };
    return json(res, 200, { ok: true });
  }
  if (path === "/__mock/mode") {
    state.mode = input.mode;
    return json(res, 200, { ok: true });
  }
  return json(res, 404, { error: "unknown control path" });
}

/** The Search API: `POST /search?orgId=…` with a GraphQL body. */
async function search(req, res, url) {
  const body = await readBody(req);
  state.requests.push({
    method: req.method,
    path: url.pathname,
    orgId: url.searchParams.get("orgId"),
    authorization: req.headers.authorization ?? null,
    contentType: req.headers["content-type"] ?? null,
    origin: req.headers.origin ?? null,
    body,
  });
  const cors = corsHeaders(req);
  if (req.headers.authorization !== `Bearer ${state.token}`) {
    return json(res, 401, {
      trackingId: "mock-webex-401",
      error: { key: "401", reason: "Unauthorized", message: [{ description: "Invalid or expired access token" }] },
    }, cors);
  }
  let graphql;
  try {
    graphql = JSON.parse(body);
  } catch {
    return json(res, 400, { errors: [{ message: "the request body is not JSON" }], data: null }, cors);
  }
  if (typeof graphql.query !== "string" || !graphql.query.includes("taskDetails") || typeof graphql.variables !== "object") {
    return json(res, 400, { errors: [{ message: "expected a taskDetails query with variables" }], data: null }, cors);
  }
  return json(res, 200, { data: { taskDetails: { tasks: state.tasks } } }, cors);
}

const server = createServer(certificate(), async (req, res) => {
  const url = new URL(req.url ?? "/", "https://localhost");
  try {
    if (url.pathname.startsWith("/__mock/")) return await control(req, res, url.pathname);
    if (state.mode === "down") return req.socket.destroy();
    if (req.method === "OPTIONS") {
      state.requests.push({ method: "OPTIONS", path: url.pathname, requestHeaders: req.headers["access-control-request-headers"] ?? null });
      res.writeHead(204, corsHeaders(req));
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/search") return await search(req, res, url);
    if (url.pathname === "/") return json(res, 200, { service: "mock Webex Contact Center API" }, corsHeaders(req));
    return json(res, 404, { error: { key: "404", reason: "Not Found" } }, corsHeaders(req));
  } catch (e) {
    return json(res, 500, { error: String(e) });
  }
});
// "down": the browser's new connections are dropped right after the handshake too. They name an API
// host (SNI); the tests' control calls go to 127.0.0.1, which sends no SNI, so they still work.
server.on("secureConnection", (socket) => {
  if (state.mode === "down" && socket.servername) socket.destroy();
});
server.listen(port, "127.0.0.1", () => console.log(`mock Webex API at https://127.0.0.1:${port}/ (self-signed)`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
