// The search page: a search field, filters and results of its own over Pagefind's JavaScript API
// and the site's indexes (one a period, the newest first), which every variant shares: they hold
// the source script. (Pagefind's prebuilt UI is not loaded: its script and styles were a ninth of
// what a first search downloads.) The reader's query is first put into it with
// the character tables (script-table.js), so 工会 and 工會 both work. The index holds the articles'
// text cut into words (then "digestsubwords" and the sub-words); each result's excerpt is rebuilt
// here from those words, under a line with its date, page and topics. A page of another variant
// shows them in its own script: the title, date, page and topics from the result's metadata for
// the variant (meta names ending in -PREFIX), the excerpt converted a character at a time with
// window.digestShown, corrected where the index says the article is written otherwise (its
// "fixes": a phrase, a name); filters' names and values likewise. Filters (year, topic) are
// Pagefind's; the query, the order and the period are kept in the address. Sorted by
// relevance, the articles holding the query as written come first, and the newest periods are
// searched first (static/search/pagefind.js).
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  function converter(table, phrases) {
    var longestFirst = Object.keys(phrases).sort(function (a, b) { return b.length - a.length; });
    return function (term) {
      var out = "";
      for (var i = 0; i < term.length;) {
        var phrase = longestFirst.find(function (p) { return term.startsWith(p, i); });
        if (phrase) { out += phrases[phrase]; i += phrase.length; continue; }
        var c = String.fromCodePoint(term.codePointAt(i));
        out += table[c] || c;
        i += c.length;
      }
      return out;
    };
  }
  // script-table.js: tables of single characters as two strings, keys and values.
  function table(pairs) {
    var keys = Array.from(pairs[0]), values = Array.from(pairs[1]), made = {};
    keys.forEach(function (key, i) { made[key] = values[i]; });
    return made;
  }
  var shown = window.digestShown ? { script: table(window.digestShown.chars), phrases: window.digestShown.phrases } : null;
  var query = window.digestQuery || { chars: ["", ""], phrases: {} };
  var queryTable = {};
  // On another variant's page, its characters back into the source's, then the exceptions.
  if (shown) { Object.keys(shown.script).forEach(function (key) { queryTable[shown.script[key]] = key; }); }
  Object.assign(queryTable, table(query.chars));
  var toIndex = converter(queryTable, query.phrases);
  var suffix = shown ? "-" + box.getAttribute("data-variant") : "";
  var toShown = shown ? converter(shown.script, shown.phrases) : function (text) { return text; };

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
  function pieces(term) {
    // The whole query first, then its space-separated parts, then its two-character pieces.
    var parts = [term].concat(term.split(/\s+/));
    term.split(/\s+/).forEach(function (part) {
      for (var i = 0; i + 2 <= part.length; i++) { parts.push(part.slice(i, i + 2)); }
    });
    return parts.filter(function (p, i) { return p && parts.indexOf(p) === i; });
  }
  // The source's characters as this variant shows them, one string each (fixes: [start, end,
  // text] of the index, search.py's display_fixes; search.py's shown does the same).
  function shownText(chars, fixes) {
    var pieces = chars.map(function (c) { return shown ? (shown.script[c] || c) : c; }).concat([""]);
    (fixes || []).forEach(function (fix) {
      for (var at = fix[0]; at < fix[1]; at++) { pieces[at] = ""; }
      pieces[fix[0]] = fix[1] === fix[0] ? fix[2] + pieces[fix[0]] : fix[2];
    });
    return pieces;
  }
  function excerpt(content, term, fixes) {
    var text = joinWords(content.split(/(?:^| )digestsubwords(?: |$)/)[0].split(" "));
    var chars = Array.from(text);
    var found = pieces(term).map(function (p) { return [p, text.indexOf(p)]; })
      .filter(function (hit) { return hit[1] >= 0; });
    var at = found.length ? Array.from(text.slice(0, found[0][1])).length : 0;
    var start = Math.max(0, at - 30);
    var end = Math.min(chars.length, start + 90);
    var inWindow = chars.slice(start, end).join("");
    var marked = chars.map(function () { return false; });
    found.forEach(function (hit) {
      var length = Array.from(hit[0]).length;
      for (var from = inWindow.indexOf(hit[0]); from >= 0; from = inWindow.indexOf(hit[0], from + hit[0].length)) {
        var first = start + Array.from(inWindow.slice(0, from)).length;
        for (var i = first; i < first + length; i++) { marked[i] = true; }
      }
    });
    var shownPieces = shownText(chars, fixes);
    var out = "";
    for (var i = start; i < end; i++) {
      if (marked[i] && (i === start || !marked[i - 1])) { out += "<mark>"; }
      out += escapeHtml(shownPieces[i]);
      if (marked[i] && (i === end - 1 || !marked[i + 1])) { out += "</mark>"; }
    }
    if (end === chars.length) { out += escapeHtml(shownPieces[end]); }
    return (start > 0 ? "…" : "") + out + (end < chars.length ? "…" : "");
  }
  window.digestToIndex = toIndex;
  window.digestExcerpt = excerpt;
  window.digestShownText = function (content, fixes) {
    return shownText(Array.from(joinWords(content.split(/(?:^| )digestsubwords(?: |$)/)[0].split(" "))), fixes).join("");
  };
  function pageUrl(address) {
    // The index holds each article's document as DATE/SLUG.html (search.py's document_file);
    // the article's page is DATE/SLUG/.
    return address.replace(/\.html$/, "/");
  }
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
  // Whether the last search looked in every period (search/pagefind.js says so with each search;
  // before any, its filters() holds every year where the whole archive is searched).
  var everyPeriodSearched = false;
  document.addEventListener("digest-search-scope", function (event) {
    var searched = event.detail.searched;
    everyPeriodSearched = searched >= event.detail.periods;
    if (!scope) { return; }
    scope.hidden = searched >= event.detail.periods || !currentTerm();
    if (scope.hidden) { return; }
    var oldest = periods[searched - 1] ? periods[searched - 1].getAttribute("data-first") : "";
    scope.querySelector("span").textContent = scope.getAttribute("data-text").replace("{period}", oldest);
    scope.querySelector("a").href = address(currentTerm(), true);
  });

  var merge = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var base = box.getAttribute("data-base");
  var PAGE_SIZE = 5;  // results shown at first, and added by the "more" button
  var DEBOUNCE_MS = 300;
  function said(name) { return box.getAttribute("data-" + name) || ""; }
  function make(tag, className, properties) {
    var made = document.createElement(tag);
    made.className = className;
    Object.assign(made, properties || {});
    return made;
  }
  // What a result shows in this variant: its title, date, page and topics from the metadata for
  // the variant where it differs from the source's (search.py's _document_page), its address the
  // article's page, and the excerpt rebuilt from its words.
  function shownResult(data, indexTerm) {
    var meta = data.meta || {};
    var own = {};
    ["title", "date", "page", "topics"].forEach(function (name) {
      own[name] = (name + suffix) in meta ? meta[name + suffix] : meta[name];
    });
    return {
      url: pageUrl(data.url), title: own.title || pageUrl(data.url),
      excerpt: escapeMeta(own) + excerpt(data.content || "", indexTerm, JSON.parse(meta["fixes" + suffix] || "[]"))
    };
  }

  // The page's search, over Pagefind's JavaScript API: sorted by relevance through
  // search/pagefind.js (the exact words first, the newest periods first), by date through one
  // period's own bundle. A field, the filters (the index's names and values, shown in this
  // variant's script), the count and the results PAGE_SIZE at a time.
  function start(term) {
    var byDate = order === "date" && periods.length > 0;
    document.querySelector(".search-periods").hidden = !byDate || periods.length < 2;
    periods.forEach(function (button, index) { button.setAttribute("aria-pressed", String(byDate && index === period)); });
    var bundle = byDate ? periods[period].getAttribute("data-bundle") : box.getAttribute("data-engine");
    var merged = byDate ? [] : merge;
    var ready = null;
    function engine() {
      // Loaded on the first use; each older index merged with its own baseUrl (Pagefind would
      // take the site's root from where the index lies).
      if (ready === null) {
        ready = import(bundle + "pagefind.js").then(function (pagefind) {
          return merged.reduce(function (done, path) {
            return done.then(function () { return pagefind.mergeIndex(path, { baseUrl: base }); });
          }, pagefind.options({ baseUrl: base })).then(function () { return pagefind; });
        });
      }
      return ready;
    }

    box.textContent = "";
    var form = make("form", "search-form");
    form.setAttribute("role", "search");
    var field = make("div", "search-field");
    var input = make("input", "search-input", { type: "text", value: term, placeholder: said("placeholder"),
                                                 autocomplete: "off", spellcheck: false });
    input.setAttribute("aria-label", said("placeholder"));
    input.setAttribute("enterkeyhint", "search");
    var clear = make("button", "search-clear", { type: "button", textContent: said("clear-search") });
    field.append(input, clear);
    form.append(field);
    var panel = make("section", "search-filters", { hidden: true });
    panel.setAttribute("aria-label", said("filters"));
    var message = make("p", "search-message");
    message.setAttribute("role", "status");
    var list = make("ol", "search-results");
    var more = make("button", "search-more", { type: "button", textContent: said("load-more"), hidden: true });
    box.append(form, panel, message, list, more);

    // The filters: name -> its values' boxes (value -> its checkbox, label and count), in a
    // stable order (years newest first, other values as the index's script sorts them). Sorted
    // by relevance, the year filter offers every year of the archive from the start: a year whose
    // period no search has looked in yet shows no count, and choosing it searches every period.
    var filters = {};
    var yearFilter = box.getAttribute("data-year-filter");
    var everyYear = {};
    if (!byDate && yearFilter) {
      (box.getAttribute("data-years") || "").split(" ").filter(Boolean).forEach(function (year) { everyYear[year] = null; });
    }
    function chosenFilters() {
      var chosen = {};
      Object.keys(filters).forEach(function (name) {
        var values = Object.keys(filters[name].values).filter(function (value) { return filters[name].values[value].check.checked; });
        if (values.length) { chosen[name] = values; }
      });
      return chosen;
    }
    function showFilters(found) {
      var counts = Object.assign({}, found);
      if (Object.keys(everyYear).length) { counts[yearFilter] = Object.assign({}, everyYear, counts[yearFilter]); }
      var complete = byDate || everyPeriodSearched;
      Object.keys(counts).forEach(function (name) {
        var filter = filters[name];
        if (!filter) {
          var details = make("details", "search-filter");
          var fieldset = make("fieldset", "search-filter-values");
          fieldset.append(make("legend", "visually-hidden", { textContent: toShown(name) }));
          details.append(make("summary", "", { textContent: toShown(name) }), fieldset);
          panel.append(details);
          filter = filters[name] = { fieldset: fieldset, values: {} };
        }
        var added = false;
        Object.keys(counts[name]).forEach(function (value) {
          if (filter.values[value]) { return; }
          var label = make("label", "search-filter-label");
          var check = make("input", "", { type: "checkbox", value: value });
          check.addEventListener("change", function () { run(true); });
          var count = make("span", "search-filter-count");
          label.append(check, " " + toShown(value) + " ", count);
          filter.values[value] = { check: check, count: count, label: label };
          added = true;
        });
        var values = Object.keys(filter.values);
        values.forEach(function (value) {
          var count = counts[name][value];
          filter.values[value].count.textContent = typeof count === "number" ? "(" + count + ")" : complete ? "(0)" : "";
        });
        if (added) {
          values.sort(name === yearFilter ? function (a, b) { return Number(b) - Number(a); } : function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
          values.forEach(function (value) { filter.fieldset.append(filter.values[value].label); });
        }
      });
      panel.hidden = Object.keys(filters).length === 0;
    }

    var serial = 0;  // the latest search: an older one's answer arriving late is dropped
    var timer = null;
    var found = [];
    var listed = 0;
    var indexTerm = "";
    // focus: the reader asked for more (the button): the first of them takes the focus once
    // shown, where the button, hidden after the last, would have left it nowhere.
    function showMore(mine, focus) {
      found.slice(listed, listed + PAGE_SIZE).forEach(function (result, index) {
        var item = make("li", "search-result");
        list.append(item);
        result.data().then(function (data) {
          if (mine !== serial) { return; }
          var shown = shownResult(data, indexTerm);
          var title = make("p", "search-result-title");
          var link = make("a", "search-result-link", { href: shown.url, textContent: shown.title });
          title.append(link);
          item.append(title, make("p", "search-result-excerpt", { innerHTML: shown.excerpt }));
          if (focus && index === 0) { link.focus(); }
        });
      });
      listed = Math.min(found.length, listed + PAGE_SIZE);
      more.hidden = listed >= found.length;
    }
    function run(now) {
      var typed = input.value.trim();
      var mine = ++serial;
      clearTimeout(timer);
      clear.hidden = !input.value;
      if (!clear.hidden) { input.style.paddingRight = (clear.offsetWidth + 2) + "px"; }
      if (!typed) {
        message.textContent = "";
        list.textContent = "";
        more.hidden = true;
        if (scope) { scope.hidden = true; }
        return;
      }
      message.textContent = said("searching").replace("[SEARCH_TERM]", typed);
      var settings = { filters: chosenFilters() };
      if (byDate) { settings.sort = { date: "desc" }; }
      var term = toIndex(typed);
      if (!now) { engine().then(function (pagefind) { return pagefind.preload(term, settings); }).catch(function () {}); }
      timer = setTimeout(function () {
        engine().then(function (pagefind) { return pagefind.search(term, settings); }).then(function (answer) {
          if (mine !== serial || !answer) { return; }
          indexTerm = term;
          found = answer.results;
          listed = 0;
          list.textContent = "";
          var count = found.length;
          message.textContent = said(count === 0 ? "zero-results" : count === 1 ? "one-result" : "many-results")
            .replace("[COUNT]", String(count)).replace("[SEARCH_TERM]", typed);
          if (answer.filters && Object.keys(answer.filters).length) { showFilters(answer.filters); }
          showMore(mine);
        }).catch(function () {
          // An index or Pagefind itself did not load: offline, or a deploy replaced the index this
          // page began with (its files are named by their contents). A fresh page reads the new one.
          if (mine === serial) { message.textContent = said("failed").replace("[SEARCH_TERM]", typed); }
        });
      }, now ? 0 : DEBOUNCE_MS);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    input.addEventListener("input", function () { remember(input.value.trim()); run(false); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; remember(""); run(true); }
    });
    clear.addEventListener("click", function () { input.value = ""; remember(""); run(true); input.focus(); });
    more.addEventListener("click", function () { showMore(serial, true); });
    engine().then(function (pagefind) { return pagefind.filters(); }).then(function (counts) {
      if (!Object.keys(filters).length) { showFilters(counts || {}); }
    }, function () {});  // a search says what failed
    run(true);
  }

  // One search box on this page: the search's own (the header's is for the other pages).
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
    var input = box.querySelector(".search-input");
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
