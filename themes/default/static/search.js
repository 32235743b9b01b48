// The search page: Pagefind's UI over this variant's index. The reader's query is first put into
// this variant's script with the character table (script-table.js), so 工会 and 工會 both work.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var table = window.digestScript || {};
  function toVariant(term) {
    return Array.from(term).map(function (c) { return table[c] || c; }).join("");
  }
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
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
}());
