// The search page's Pagefind, with the articles that hold the reader's words exactly put first.
// Pagefind UI imports `pagefind.js` from its bundle path; pointed here, it gets this module,
// which passes everything to the variant's real Pagefind (the search box's data-bundle) and
// reorders what a search finds. Pagefind ranks each query word apart: the browser cuts a name it
// does not know into characters (方中里 -> 方|中|里), so an article that only holds 方, 中 and 里
// here and there could rank above the one that names 方中里. The first results' documents are
// read (up to CHECKED; the SHOWN the page shows first would be read anyway) and those holding
// every part of the query, as written, go first, in Pagefind's order; the rest follow in
// Pagefind's order. Sorted by date, results are left as Pagefind gives them.
const CHECKED = 10;
const SHOWN = 5;
let engine = null;

async function real() {
  if (engine === null) {
    engine = await import(document.getElementById("search").getAttribute("data-bundle") + "pagefind.js");
  }
  return engine;
}

function compact(text) {
  return text.replace(/\s+/g, "");
}

function holds(data, parts) {
  const words = compact((data.content || "").split(" digestsubwords ")[0]);
  const title = compact((data.meta && data.meta.title) || "");
  return parts.every((part) => words.includes(part) || title.includes(part));
}

async function exactFirst(results, term) {
  const parts = term.split(/\s+/).filter(Boolean).map((part) => part.toLocaleLowerCase());
  if (parts.length === 0 || results.length < 2) { return results; }
  results.forEach((result) => {
    const load = result.data;
    let loaded = null;
    result.data = () => (loaded = loaded || load());  // read once, by us and by the page
  });
  // A page of results at a time (the page shows SHOWN, and reads them anyway): while every one
  // read so far holds the query, exact matches are already first and nothing more is read.
  const exact = [];
  while (exact.length < Math.min(CHECKED, results.length)) {
    const batch = results.slice(exact.length, exact.length + SHOWN);
    exact.push(...await Promise.all(batch.map((result) => result.data().then((data) => holds({
      content: (data.content || "").toLocaleLowerCase(),
      meta: { title: ((data.meta && data.meta.title) || "").toLocaleLowerCase() }
    }, parts)))));
    if (exact.every(Boolean)) { return results; }
  }
  const first = results.slice(0, exact.length);
  return first.filter((_, i) => exact[i]).concat(first.filter((_, i) => !exact[i]), results.slice(exact.length));
}

export async function options(settings) { return (await real()).options(settings); }
export async function init() { return (await real()).init(); }
export async function mergeIndex(path, settings) { return (await real()).mergeIndex(path, settings); }
export async function filters() { return (await real()).filters(); }
export async function preload(term, settings) { return (await real()).preload(term, settings); }
export async function destroy() { return engine === null ? undefined : engine.destroy(); }
async function reordered(found, term, settings) {
  return found && term && !(settings && settings.sort) ? { ...found, results: await exactFirst(found.results, term) } : found;
}
export async function debouncedSearch(term, settings, wait) {
  return reordered(await (await real()).debouncedSearch(term, settings, wait), term, settings);
}
export async function search(term, settings) {
  return reordered(await (await real()).search(term, settings), term, settings);
}
