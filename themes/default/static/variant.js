// The reader's script, remembered (no cookie, nothing sent anywhere: the browser's localStorage).
// Every page notes the variant it is in. The site root (the chooser) goes on to the noted
// variant, else to the first of the browser's languages a variant serves (what a server would
// read from Accept-Language), else stays for the reader to choose; its plain links work without
// JavaScript. The root 404 page, which hosts such as GitHub Pages serve for a missing address of
// any variant, shows only the missing address's variant.
(function () {
  "use strict";
  var KEY = "digest-variant";
  function note(lang) { try { localStorage.setItem(KEY, lang); } catch (e) { /* private mode: forget */ } }
  function noted() { try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }

  var notFound = document.querySelectorAll("main.root-404 section[data-home]");
  if (notFound.length) {
    var own = Array.prototype.filter.call(notFound, function (section) {
      return window.location.pathname.indexOf(section.getAttribute("data-home")) === 0;
    });
    if (own.length === 1) {
      notFound.forEach(function (section) { section.hidden = section !== own[0]; });
      document.documentElement.lang = own[0].lang;
    }
    return;
  }
  var chooser = document.querySelector("main.chooser");
  if (!chooser) { note(document.documentElement.lang); return; }

  var links = Array.prototype.slice.call(chooser.querySelectorAll("a[hreflang]"));
  function served(lang) {
    lang = lang.toLowerCase();
    var exact = links.filter(function (a) { return a.hreflang.toLowerCase() === lang; })[0];
    if (exact || lang.indexOf("zh") !== 0) { return exact; }
    var traditional = /^zh-(hant|tw|hk|mo)/.test(lang);
    return links.filter(function (a) {
      return a.hreflang.toLowerCase() === (traditional ? "zh-hant" : "zh-hans");
    })[0];
  }
  var chosen = served(noted()) ;
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  for (var i = 0; !chosen && i < wanted.length; i++) { chosen = served(wanted[i]); }
  if (chosen) { window.location.replace(chosen.href); }
}());
