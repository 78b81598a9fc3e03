// Counts the property functions (`fn` items inside `proptest! { … }` blocks) of a test file.
//   node scripts/count-properties.mjs tests/engine_props.rs
import { readFileSync } from "node:fs";

const src = readFileSync(process.argv[2], "utf8");
let count = 0;
for (const match of src.matchAll(/proptest!\s*\{/g)) {
  let depth = 1;
  let i = match.index + match[0].length;
  const start = i;
  while (i < src.length && depth > 0) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}") depth--;
    i++;
  }
  // Property functions take their inputs as `name in strategy`.
  count += (src.slice(start, i).match(/fn \w+\(\s*(?:mut )?\w+ in /g) ?? []).length;
}
console.log(count);
