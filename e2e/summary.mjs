// Prints "PASSED FAILED" from Playwright's JSON report (flaky counts as failed: CI must be stable).
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2] ?? "test-results/e2e.json", "utf8"));
const s = report.stats ?? {};
const failed = (s.unexpected ?? 0) + (s.flaky ?? 0) + (report.errors?.length ? 1 : 0);
const passed = s.expected ?? 0;
console.log(`${passed} ${passed + failed === 0 ? 1 : failed}`);
