// One period's MiniSearch index, for bench/engines.py: node minisearch_index.cjs MODULES INPUT OUTPUT
// INPUT: one JSON document a line ({id, date, title, words}); the words are cut already and
// joined by spaces, as Pagefind is given them. OUTPUT: the index as a search page would load it.
const { createRequire } = require("node:module");
const { readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const [modules, input, output] = process.argv.slice(2);
const MiniSearch = createRequire(path.join(modules, "node_modules", "x"))("minisearch");
const documents = readFileSync(input, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const index = new MiniSearch({
  fields: ["words"],
  storeFields: ["title", "date"],
  tokenize: (text) => text.split(" "),
  processTerm: (term) => term || null,
});
index.addAll(documents);
writeFileSync(output, JSON.stringify(index));
