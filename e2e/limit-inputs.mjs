// Inputs at the app's limits, shared by the e2e tests that guard against freezes and by the
// benchmarks that time them (scripts/bench-main-thread.mjs, scripts/bench-regex.mjs): one
// generator each, so that a test and its benchmark always measure the same thing.

/** The lab's limit on a JSONPath (characters). */
export const MAX_PATH = 2_000;

/**
 * A stored flow export in the shape Flow Designer writes: a start activity and `nodes` menus, each
 * linking five exits to other menus (the first to the next menu, the rest to pseudo-random ones),
 * so there are cycles everywhere. 1 999 menus make 2 000 activities and 9 996 links.
 * @param {number} nodes
 * @returns {string} the export's JSON text
 */
export function cyclicExport(nodes) {
  const activities = {
    s: {
      id: "s",
      name: "NewPhoneContact",
      group: "start",
      properties: { activityId: "start", activityName: "NewPhoneContact", event: "NewPhoneContact" },
    },
  };
  const links = [
    { id: "ls", sourceActivityId: "s", targetActivityId: "a0", conditionExpr: "out", properties: { value: "out" } },
  ];
  const exits = ["1", "2", "3", "timeout", "invalid"];
  let seed = 42;
  for (let i = 0; i < nodes; i++) {
    activities[`a${i}`] = {
      id: `a${i}`,
      name: `Menu_${i}`,
      group: "enum-gateway",
      properties: {
        activityName: "ivr-menu",
        menuLinks: ["1", "2", "3"],
        menuLinks_input: ["a", "b", "c"],
        promptsTts: [{ type: "tts", value: "Press 1, 2 or 3", name: "x" }],
      },
    };
    exits.forEach((exit, k) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const to = k === 0 ? (i + 1) % nodes : seed % nodes;
      links.push({
        id: `l${i}-${k}`,
        sourceActivityId: `a${i}`,
        targetActivityId: `a${to}`,
        conditionExpr: exit,
        properties: { value: exit },
      });
    });
  }
  return JSON.stringify({ name: "Cycles", version: 3, variables: [], process: { activities, links } });
}

/**
 * The "Your flow" storage entry that holds `text` as an imported file named `name`.
 * @param {string} name
 * @param {string} text
 * @returns {string}
 */
export function storedFlowEntry(name, text) {
  return JSON.stringify({ format: "callback-lab/your-flow", version: 1, flow: { name, text } });
}

/** The storage key of that entry. */
export const STORED_FLOW_KEY = "callback-lab.flow";

/**
 * A `fn` (match or search) path over `target` whose pattern fills the path up to the lab's 2 000
 * characters: 600 optional `a`s and classes (repeated, for match()), then a `c` that never comes,
 * so at every character of a text of `a`s about a thousand matcher threads are alive.
 * @param {"match" | "search"} fn
 * @param {string} prefix the path up to the filter, e.g. `$.notes`
 * @param {string} target the filter's argument, e.g. `@.note`
 * @param {string} suffix the path after the filter
 * @returns {{ path: string, pattern: string }}
 */
export function hostilePath(fn, prefix, target, suffix) {
  const head = `${prefix}[?${fn}(${target}, '`;
  const tail = `')]${suffix}`;
  const [open, close] = fn === "match" ? ["(", ")*"] : ["", ""];
  const optional = open + "a?".repeat(600);
  const room = MAX_PATH - head.length - tail.length - optional.length - close.length - 1;
  const pattern = `${optional}${"[ab]".repeat(Math.floor(room / 4))}${close}c`.padEnd(MAX_PATH - head.length - tail.length, "c");
  return { path: head + pattern + tail, pattern };
}
