// The site's page behaviour: the contents list folds on narrow screens, the solutions page prints
// its solutions open, and the search box searches every chapter's sections from
// assets/search-index.js (a script, so it works opened from disk). Nothing here is needed to read a page.
(function () {
  "use strict";

  function foldContents() {
    var details = document.querySelector(".contents details");
    if (details && window.matchMedia && window.matchMedia("(max-width: 69.99rem)").matches) details.open = false;
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) { return w.length > 1; });
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    var from = Math.max(0, at - 60);
    var part = text.slice(from, from + 180);
    return (from > 0 ? "…" : "") + part + (from + 180 < text.length ? "…" : "");
  }

  function search(query, index) {
    var wanted = words(query);
    var results = [];
    if (wanted.length === 0) return results;
    for (var c = 0; c < index.length; c++) {
      var chapter = index[c];
      for (var s = 0; s < chapter.sections.length; s++) {
        var section = chapter.sections[s];
        var haystack = (section.heading + " " + section.text).toLowerCase();
        var score = 0, all = true;
        for (var w = 0; w < wanted.length; w++) {
          var count = haystack.split(wanted[w]).length - 1;
          if (count === 0) { all = false; break; }
          score += count + (section.heading.toLowerCase().indexOf(wanted[w]) >= 0 ? 5 : 0);
        }
        if (all) results.push({ chapter: chapter, section: section, score: score, order: results.length });
      }
    }
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results.slice(0, 12).map(function (r) {
      return {
        href: encodeURIComponent(r.chapter.page) + (r.section.id ? "#" + r.section.id : ""),
        title: r.chapter.title + (r.section.heading ? " › " + r.section.heading : ""),
        text: snippet(r.section.text, wanted[0])
      };
    });
  }

  function setUpSearch() {
    var form = document.querySelector("form.search");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var index = window.NEURONS_SEARCH;
    if (!form || !input || !list || !index) return;
    form.hidden = false;
    function show() {
      var results = search(input.value, index);
      while (list.firstChild) list.removeChild(list.firstChild);
      list.hidden = input.value.trim().length === 0;
      if (results.length === 0 && !list.hidden) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "Nothing found for “" + input.value.trim() + "”.";
        list.appendChild(none);
      }
      for (var i = 0; i < results.length; i++) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = results[i].href;
        link.textContent = results[i].title;
        var text = document.createElement("span");
        text.textContent = results[i].text;
        item.appendChild(link);
        item.appendChild(text);
        list.appendChild(item);
      }
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; show(); }
    });
    window.NeuronsSearch = { search: function (query) { return search(query, index); }, show: show };
  }

  // The solutions page prints every solution open, even one a reader folded on the screen.
  function openSolutionsForPrint() {
    if (!document.body.classList.contains("solutions")) return;
    window.addEventListener("beforeprint", function () {
      var solutions = document.querySelectorAll("details.solution");
      for (var i = 0; i < solutions.length; i++) solutions[i].open = true;
    });
  }

  function start() {
    foldContents();
    openSolutionsForPrint();
    setUpSearch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
