// Measures a page of the site as a reader sees it, and leaves the result as JSON in the body's
// data-probe attribute (the tests' Chromium.Probe reads it). PROBE_QUERY, when set before this
// script, is typed into the search box first.
(function () {
  "use strict";

  function parse(color) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color || "");
    if (!m) return null;
    return { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] };
  }
  function luminance(c) {
    function f(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function blend(top, bottom) {
    var a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  function background(element) {
    var layers = [];
    for (var e = element; e; e = e.parentElement) {
      var c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    var result = { r: 255, g: 255, b: 255, a: 1 };
    if (layers.length && layers[layers.length - 1].a >= 1) result = layers.pop();
    while (layers.length) result = blend(layers.pop(), result);
    return result;
  }
  function describe(e) {
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
  }
  function overlap(a, b) {
    return a.width > 0 && b.width > 0 && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  }
  function visible(e) {
    var s = getComputedStyle(e);
    if (s.display === "none" || s.visibility === "hidden" || +s.opacity === 0) return false;
    var b = e.getBoundingClientRect();
    return b.width > 0 && b.height > 0;
  }
  function clipped(e, width) {
    // Inside a box that scrolls or clips and itself fits the screen: the reader scrolls that box.
    for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if ((o === "auto" || o === "scroll" || o === "hidden" || o === "clip") && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  }

  function measure() {
    var width = document.documentElement.clientWidth;
    var r = { width: width, scrollWidth: document.documentElement.scrollWidth, overflowing: [], lowContrast: [] };
    var all = document.querySelectorAll("body *");
    for (var i = 0; i < all.length; i++) {
      var e = all[i];
      if (e.closest("script, style, head, #js-plotly-tester")) continue;
      var b = e.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if ((b.right > width + 1 || b.left < -1) && !clipped(e, width) && r.overflowing.length < 10)
        r.overflowing.push(describe(e) + " " + Math.round(b.left) + ".." + Math.round(b.right));
      // Text contrast: elements holding text of their own (chart text is measured below).
      if (e.closest("svg") || e.closest(".katex-mathml")) continue;
      var own = false;
      for (var n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 && n.data.trim()) { own = true; break; }
      if (!own || !visible(e)) continue;
      var fg = parse(getComputedStyle(e).color), bg = background(e);
      if (fg && fg.a < 1) fg = blend(fg, bg);
      var ratio = fg ? contrast(fg, bg) : 21;
      if (ratio < 4.5 && r.lowContrast.length < 10) r.lowContrast.push(describe(e) + " " + ratio.toFixed(2) + ": " + e.textContent.trim().slice(0, 40));
    }
    // Displayed formulas: each fits its column, set smaller if it had to be, or scrolls in its box.
    r.formulas = Array.prototype.map.call(document.querySelectorAll("main .katex-display"), function (e) {
      var a = e.querySelector("annotation");
      var math = e.closest(".math");
      return { fits: e.scrollWidth <= e.clientWidth + 1, scale: e.hasAttribute("data-fit") ? +e.getAttribute("data-fit") : 1,
               stacked: !!(math && math.hasAttribute("data-stacked")), tex: (a ? a.textContent : "").slice(0, 60) };
    });
    // Chart labels against the chart's paper and plot area.
    var charts = document.querySelectorAll(".chart");
    r.charts = [];
    for (var c = 0; c < charts.length; c++) {
      var chart = charts[c];
      var svg = chart.querySelector("svg.main-svg");
      var paper = svg ? parse(getComputedStyle(svg).backgroundColor) : null;
      if (!paper || paper.a === 0) paper = background(chart);
      var plot = chart.querySelector(".bglayer rect.bg");
      var plotBg = plot ? parse(getComputedStyle(plot).fill) : null;
      var texts = chart.querySelectorAll("svg text");
      var worst = 21, worstText = "";
      for (var t = 0; t < texts.length; t++) {
        var text = texts[t];
        // Data labels (scatter text) sit on the data itself, not on the paper: not measured here.
        if (!text.textContent.trim() || !visible(text) || text.closest(".modebar") || text.closest(".textpoint")) continue;
        var fill = parse(getComputedStyle(text).fill);
        if (!fill) continue;
        var ratioPaper = contrast(fill, paper);
        var inPlot = text.closest(".annotation") && plotBg;
        var ratio = inPlot ? Math.min(ratioPaper, contrast(fill, plotBg)) : ratioPaper;
        if (ratio < worst) { worst = ratio; worstText = text.textContent.trim().slice(0, 40); }
      }
      var box = chart.getBoundingClientRect();
      var drawn = chart.querySelector(".main-svg");
      var title = chart.querySelector(".gtitle"), legend = chart.querySelector(".legend"), tools = chart.querySelector(".modebar");
      var tb = title && title.textContent.trim() ? title.getBoundingClientRect() : null;
      r.charts.push({
        id: chart.id,
        role: chart.getAttribute("role"),
        label: chart.getAttribute("aria-label"),
        drawn: !!drawn,
        width: Math.round(box.width),
        drawnWidth: drawn ? Math.round(drawn.getBoundingClientRect().width) : 0,
        titleInside: !tb || (tb.left >= box.left - 1 && tb.right <= box.right + 1),
        titleClearOfLegend: !tb || !legend || !overlap(tb, legend.getBoundingClientRect()),
        tools: !!tools,
        worstContrast: Math.round(worst * 100) / 100,
        worstText: worstText
      });
    }
    var contents = document.querySelector(".contents"), main = document.querySelector("main");
    if (contents && main) {
      var cb = contents.getBoundingClientRect(), mb = main.getBoundingClientRect();
      r.contents = {
        beside: cb.right <= mb.left + 1 && cb.top < mb.bottom,
        above: cb.bottom <= mb.top + 1,
        entries: contents.querySelectorAll("a").length,
        missingTargets: Array.prototype.filter.call(contents.querySelectorAll("a"), function (a) {
          return !document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
        }).length
      };
    }
    var headings = document.querySelectorAll("main h2, main h3");
    r.headings = headings.length;
    r.anchored = 0;
    for (var h = 0; h < headings.length; h++) {
      var a = headings[h].querySelector("a.anchor");
      if (headings[h].id && a && a.getAttribute("href") === "#" + headings[h].id && visible(a)) r.anchored++;
    }
    var seen = {};
    r.duplicateIds = [];
    document.querySelectorAll("[id]").forEach(function (e) { if (seen[e.id]) r.duplicateIds.push(e.id); seen[e.id] = true; });
    function links(selector) {
      return Array.prototype.map.call(document.querySelectorAll(selector), function (a) { return a.getAttribute("href"); });
    }
    r.navTop = links(".chapter-nav.top a");
    r.navBottom = links(".chapter-nav.bottom a");
    var navTop = document.querySelector(".chapter-nav.top");
    r.navTopAboveMain = !!(navTop && main && navTop.getBoundingClientRect().bottom <= main.getBoundingClientRect().top + 1);
    r.notebookLinks = links(".notebook-box a");
    r.runBox = (document.querySelector(".run-box") || { textContent: "" }).textContent.replace(/\s+/g, " ").trim();
    r.footer = (document.querySelector(".site-footer") || { textContent: "" }).textContent.replace(/\s+/g, " ").trim();
    r.searchVisible = !!document.querySelector("form.search") && visible(document.querySelector("form.search"));
    r.dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    r.paper = getComputedStyle(document.body).backgroundColor;
    if (window.PROBE_QUERY !== undefined) {
      var input = document.getElementById("search-input");
      input.value = window.PROBE_QUERY;
      input.dispatchEvent(new Event("input"));
      r.results = Array.prototype.map.call(document.querySelectorAll("#search-results li"), function (li) {
        var link = li.querySelector("a");
        return { href: link ? link.getAttribute("href") : null, text: li.textContent.replace(/\s+/g, " ").trim() };
      });
      r.resultsVisible = visible(document.getElementById("search-results"));
    }
    document.body.setAttribute("data-probe", JSON.stringify(r));
  }

  window.addEventListener("load", function () { setTimeout(measure, 300); });
})();
