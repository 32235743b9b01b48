// The search page: Pagefind's UI over this variant's indexes (one a period, the newest first).
// The reader's query is first put into this variant's script with the character table
// (script-table.js), so 工会 and 工會 both work. The index holds the articles' text cut into words
// (then "digestsubwords" and the sub-words); each result's excerpt is rebuilt here from those words,
// under a line with its date, page and topics. Filters (year, topic) are Pagefind's own; the query,
// the order and the period are kept in the address. Sorted by relevance, the articles holding the
// query as written come first, and the newest periods are searched first (static/search/pagefind.js).
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var table = window.digestScript || {};
  var phrases = window.digestPhrases || {};
  var longestFirst = Object.keys(phrases).sort(function (a, b) { return b.length - a.length; });
  function toVariant(term) {
    var out = "";
    for (var i = 0; i < term.length;) {
      var phrase = longestFirst.find(function (p) { return term.startsWith(p, i); });
      if (phrase) { out += phrases[phrase]; i += phrase.length; continue; }
      var c = String.fromCodePoint(term.codePointAt(i));
      out += table[c] || c;
      i += c.length;
    }
    return out;
  }

  // Words back into text: no space unless both sides are Latin letters or digits.
  var LATIN = /[A-Za-z0-9]/;
  function joinWords(words) {
    var text = "";
    words.forEach(function (word) {
      if (text && LATIN.test(text.slice(-1)) && LATIN.test(word.charAt(0))) { text += " "; }
      text += word;
    });
    return text;
  }
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  var lastTerm = "";
  function pieces(term) {
    // The whole query first, then its space-separated parts, then its two-character pieces.
    var parts = [term].concat(term.split(/\s+/));
    term.split(/\s+/).forEach(function (part) {
      for (var i = 0; i + 2 <= part.length; i++) { parts.push(part.slice(i, i + 2)); }
    });
    return parts.filter(function (p, i) { return p && parts.indexOf(p) === i; });
  }
  function excerpt(content, term) {
    var text = joinWords(content.split(" digestsubwords ")[0].split(" "));
    var found = pieces(term).map(function (p) { return [p, text.indexOf(p)]; })
      .filter(function (hit) { return hit[1] >= 0; });
    var at = found.length ? found[0][1] : 0;
    var start = Math.max(0, at - 30);
    var window_ = text.slice(start, start + 90);
    var marked = escapeHtml(window_);
    found.forEach(function (hit) {
      var word = escapeHtml(hit[0]);
      marked = marked.split(word).join("\u0000" + word + "\u0001");
    });
    marked = marked.replace(/\u0000(\u0000)*/g, "<mark>").replace(/\u0001(\u0001)*/g, "</mark>");
    return (start > 0 ? "…" : "") + marked + (start + 90 < text.length ? "…" : "");
  }
  window.digestToVariant = toVariant;
  window.digestExcerpt = excerpt;
  function escapeMeta(meta) {
    // The date, page and topics of a result, as one line above its excerpt.
    var parts = [meta.date, meta.page, meta.topics].filter(Boolean).map(escapeHtml);
    return parts.length ? '<span class="result-meta">' + parts.join(" · ") + "</span>" : "";
  }

  // The query (and the order) live in the address: a search can be shared, reloaded, and kept
  // across the switch to the other script.
  var params = new URLSearchParams(window.location.search);
  var order = params.get("sort") === "date" ? "date" : "";
  // Sorted by date, one period's index at a time, newest first: Pagefind merges several indexes'
  // results by score, which would shuffle dates; the periods hold disjoint dates, so reading
  // them in turn is reading the whole archive newest first.
  var periods = Array.prototype.slice.call(document.querySelectorAll(".search-periods button"));
  var period = Math.min(Math.max(parseInt(params.get("period") || "0", 10) || 0, 0), Math.max(periods.length - 1, 0));
  var everything = params.get("all") === "1";
  function address(term, all) {
    var next = new URLSearchParams();
    if (term) { next.set("q", term); }
    if (order) { next.set("sort", order); }
    if (order && period) { next.set("period", String(period)); }
    if (!order && (all === undefined ? everything : all)) { next.set("all", "1"); }
    return window.location.pathname + (next.toString() ? "?" + next.toString() : "");
  }
  function remember(term) {
    var next = address(term);
    history.replaceState(null, "", next);
    var search = next.slice(window.location.pathname.length);
    document.querySelectorAll(".variant-switch a").forEach(function (link) {
      link.href = link.href.split("?")[0] + search;
    });
  }

  // Sorted by relevance, a search looks in the newest periods first (search/pagefind.js): the
  // note under the box says from which period on, and links to the same search in every period.
  var scope = document.querySelector(".search-scope");
  document.addEventListener("digest-search-scope", function (event) {
    var searched = event.detail.searched;
    if (!scope) { return; }
    scope.hidden = searched >= event.detail.periods || !currentTerm();
    if (scope.hidden) { return; }
    var oldest = periods[searched - 1] ? periods[searched - 1].textContent : "";
    scope.querySelector("span").textContent = scope.getAttribute("data-text").replace("{period}", oldest);
    scope.querySelector("a").href = address(currentTerm(), true);
  });

  var merge = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  function start(term) {
    var byDate = order === "date" && periods.length > 0;
    document.querySelector(".search-periods").hidden = !byDate || periods.length < 2;
    periods.forEach(function (button, index) { button.setAttribute("aria-pressed", String(byDate && index === period)); });
    var ui = new PagefindUI({
      element: "#search",
      // Sorted by relevance, through search/pagefind.js (the exact words first); by date, Pagefind's own.
      bundlePath: byDate ? periods[period].getAttribute("data-bundle") : box.getAttribute("data-engine"),
      mergeIndex: byDate ? [] : merge.map(function (path) { return { bundlePath: path }; }),
      baseUrl: box.getAttribute("data-base"),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      openFilters: [],
      sort: order ? { date: "desc" } : null,
      processTerm: function (term) { lastTerm = toVariant(term); return lastTerm; },
      processResult: function (result) {
        result.excerpt = escapeMeta(result.meta || {}) + excerpt(result.content, lastTerm);
        return result;
      },
      // Pagefind's messages in this variant's words (its own would follow <html lang>, and were
      // Simplified on the zh-Hant page).
      translations: {
        placeholder: box.getAttribute("data-placeholder"),
        zero_results: box.getAttribute("data-zero-results"),
        one_result: box.getAttribute("data-one-result"),
        many_results: box.getAttribute("data-many-results"),
        load_more: box.getAttribute("data-load-more"),
        clear_search: box.getAttribute("data-clear-search"),
        searching: box.getAttribute("data-searching"),
        filters_label: box.getAttribute("data-filters")
      }
    });
    var input = box.querySelector(".pagefind-ui__search-input");
    if (input) {
      input.setAttribute("aria-label", box.getAttribute("data-placeholder"));
      input.addEventListener("input", function () { remember(input.value.trim()); });
    }
    if (term) { ui.triggerSearch(term); }
  }

  // One search box on this page: Pagefind's (the header's is for the other pages).
  var header = document.querySelector(".masthead .search-box");
  if (header) { header.hidden = true; }
  document.querySelectorAll('.search-sort input[name="sort"]').forEach(function (choice) {
    choice.checked = choice.value === order;
    // Another order or period is another page: Pagefind keeps the indexes it has loaded for
    // the page's life, so a new arrangement of them needs a fresh page.
    choice.addEventListener("change", function () {
      order = choice.value;
      period = 0;
      window.location.assign(address(currentTerm()));
    });
  });
  function currentTerm() {
    var input = box.querySelector(".pagefind-ui__search-input");
    return input ? input.value.trim() : "";
  }
  periods.forEach(function (button, index) {
    button.addEventListener("click", function () {
      period = index;
      window.location.assign(address(currentTerm()));
    });
  });
  var query = params.get("q") || "";
  remember(query);
  start(query);
}());
