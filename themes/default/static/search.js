// The search page: Pagefind's UI over this variant's index. The reader's query is first put into
// this variant's script with the character table (script-table.js), so 工会 and 工會 both work.
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
  window.digestToVariant = toVariant;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: box.getAttribute("data-base"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    processTerm: toVariant,
    translations: { placeholder: box.getAttribute("data-placeholder") }
  });
  var input = box.querySelector("input");
  if (input) { input.setAttribute("aria-label", box.getAttribute("data-placeholder")); }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
}());
