// Search over this variant's search-index.json. Whitespace-separated terms must all occur.
(function () {
  "use strict";
  var box = document.getElementById("search-results");
  if (!box) { return; }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var input = document.querySelector(".search-box input[name=q]");
  if (input) { input.value = query; }
  var terms = query.trim().split(/\s+/).filter(Boolean);
  if (!terms.length) { return; }
  fetch(box.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (index) {
    var hits = index.filter(function (doc) {
      var text = doc.title + " " + doc.text;
      return terms.every(function (t) { return text.indexOf(t) !== -1; });
    });
    if (!hits.length) {
      var none = document.createElement("p");
      none.textContent = box.getAttribute("data-none");
      box.appendChild(none);
      return;
    }
    hits.forEach(function (doc) {
      var item = document.createElement("div");
      item.className = "search-hit";
      var link = document.createElement("a");
      link.href = doc.url;
      link.textContent = doc.title;
      var where = doc.text.indexOf(terms[0]);
      var excerpt = document.createElement("p");
      excerpt.textContent = doc.date + " " + doc.text.slice(Math.max(0, where - 30), where + 60);
      var heading = document.createElement("h2");
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerpt);
      box.appendChild(item);
    });
  });
}());
