// The search page's Pagefind, with the articles that hold the reader's words exactly put first,
// and the newest periods searched first. The page (search.js) imports `pagefind.js` from the
// search box's data-engine when sorting by relevance: this module, which passes everything to
// the real Pagefind (the search box's data-bundle) and changes two things.
//
// Exact first. Pagefind ranks each query word apart: the browser cuts a name it does not know
// into characters (方中里 -> 方|中|里), so an article that only holds 方, 中 and 里 here and there
// could rank above the one that names 方中里. The first results' documents are read (the SHOWN
// the page shows first would be read anyway; SHOWN more while that keeps the documents a search
// reads, those read to decide on merging included, to CHECKED) and those holding every part of
// the query, as written, go first, in Pagefind's order; the rest follow in Pagefind's order.
//
// Newest periods first, on a large archive. Each period's index (one a closed year, the newest
// year's days before the newest half-month, that half-month) costs a first search its metadata and
// the postings of the query's words: for a word in most articles, about 150 KB a year. A site of up
// to data-whole-articles articles is searched whole. On a larger one, the older indexes the page
// asks to merge wait here: a search looks in the newest index, then merges older ones in turn while
// fewer than SHOWN of the first results hold the query and the indexes searched hold at most
// data-first-articles articles (a common word is found in the newest period, whose postings are
// small; a rare one has small postings everywhere). The search page says how far a search looked
// and links to the same search in every period (?all=1: everything merged at once), as a filter (a
// year, a topic) also does. Sorted by date, the page reads one period at a time without this module
// (search.js).
const CHECKED = 10;
const SHOWN = 5;
let engine = null;
const box = document.getElementById("search");
const sizes = (box.getAttribute("data-counts") || "").split(" ").filter(Boolean).map(Number);
const mergeable = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
const budget = Number(box.getAttribute("data-first-articles") || "Infinity");
const sum = (numbers) => numbers.reduce((total, number) => total + number, 0);
const everything = new URLSearchParams(window.location.search).get("all") === "1"
  || sum(sizes) <= Number(box.getAttribute("data-whole-articles") || "Infinity");
const waiting = [];  // [path, settings] of the older indexes not merged yet, newest first
let searched = everything ? 1 + mergeable.length : 1;  // indexes searched: the newest period's, and those merged since

async function real() {
  if (engine === null) {
    engine = await import(box.getAttribute("data-bundle") + "pagefind.js");
  }
  return engine;
}

function compact(text) {
  return text.replace(/\s+/g, "");
}

function holds(data, parts) {
  const words = compact((data.content || "").split(/(?:^| )digestsubwords(?: |$)/)[0]);
  const title = compact((data.meta && data.meta.title) || "");
  return parts.every((part) => words.includes(part) || title.includes(part));
}

function queryParts(term) {
  return term.split(/\s+/).filter(Boolean).map((part) => part.toLocaleLowerCase());
}

function readOnce(results) {
  results.forEach((result) => {
    if (result.digestRead) { return; }
    const load = result.data;
    let loaded = null;
    result.data = () => (loaded = loaded || load());  // read once, by us and by the page
    result.digestRead = true;
  });
}

const read = new Map();  // query -> the ids of the documents read for it (each is a fetch)

function readFor(term) {
  if (!read.has(term)) { read.set(term, new Set()); }
  return read.get(term);
}

async function holdingQuery(batch, parts, term) {
  batch.forEach((result) => readFor(term).add(result.id));
  return Promise.all(batch.map((result) => result.data().then((data) => holds({
    content: (data.content || "").toLocaleLowerCase(),
    meta: { title: ((data.meta && data.meta.title) || "").toLocaleLowerCase() }
  }, parts))));
}

async function exactFirst(results, term) {
  const parts = queryParts(term);
  if (parts.length === 0 || results.length < 2) { return results; }
  readOnce(results);
  // A page of results at a time (the page shows SHOWN, and reads them anyway): while every one
  // read so far holds the query, exact matches are already first and nothing more is read.
  const exact = [];
  while (exact.length < Math.min(CHECKED, results.length) && (exact.length === 0 || readFor(term).size + SHOWN <= CHECKED)) {
    exact.push(...await holdingQuery(results.slice(exact.length, exact.length + SHOWN), parts, term));
    if (exact.every(Boolean)) { return results; }
  }
  const first = results.slice(0, exact.length);
  return first.filter((_, i) => exact[i]).concat(first.filter((_, i) => !exact[i]), results.slice(exact.length));
}

async function enoughFound(found, term) {
  const parts = queryParts(term);
  if (!found || parts.length === 0 || found.results.length < SHOWN) { return false; }
  readOnce(found.results);
  return (await holdingQuery(found.results.slice(0, SHOWN), parts, term)).every(Boolean);
}

function articlesSearched() {
  return sum(sizes.slice(0, searched));
}

async function mergeNext() {
  const [path, settings] = waiting.shift();
  searched += 1;
  await (await real()).mergeIndex(path, settings);
}

function filtered(settings) {
  const filters = (settings && settings.filters) || {};
  return Object.keys(filters).some((name) => [].concat(filters[name]).length > 0);
}

// The search, with older indexes merged as the rule above says; `again` searches once more.
async function widened(found, term, settings, again) {
  if (found && term) {
    if (filtered(settings)) {
      while (waiting.length > 0) { await mergeNext(); }
      found = await again();
    }
    while (found && waiting.length > 0 && articlesSearched() + sizes[searched] <= budget && !await enoughFound(found, term)) {
      await mergeNext();
      found = await again();
    }
  }
  document.dispatchEvent(new CustomEvent("digest-search-scope", { detail: { searched, periods: 1 + mergeable.length } }));
  return found;
}

export async function options(settings) { return (await real()).options(settings); }
export async function init() { return (await real()).init(); }
export async function mergeIndex(path, settings) {
  if (everything) { return (await real()).mergeIndex(path, settings); }
  waiting.push([path, settings]);
  waiting.sort((a, b) => mergeable.indexOf(a[0]) - mergeable.indexOf(b[0]));
  return undefined;
}
export async function filters() { return (await real()).filters(); }
export async function preload(term, settings) { return (await real()).preload(term, settings); }
export async function destroy() { return engine === null ? undefined : engine.destroy(); }
async function reordered(found, term, settings) {
  return found && term && !(settings && settings.sort) ? { ...found, results: await exactFirst(found.results, term) } : found;
}
export async function debouncedSearch(term, settings, wait) {
  const again = async () => (await real()).search(term, settings);
  const found = await widened(await (await real()).debouncedSearch(term, settings, wait), term, settings, again);
  return reordered(found, term, settings);
}
export async function search(term, settings) {
  const again = async () => (await real()).search(term, settings);
  return reordered(await widened(await again(), term, settings, again), term, settings);
}
