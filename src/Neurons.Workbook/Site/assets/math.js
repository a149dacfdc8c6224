// Typesets the prose's math with KaTeX. Markdig leaves each formula's TeX in an element with the
// class "math": \( ... \) for a formula in the line, \[ ... \] for a displayed one (a div for a
// $$ block, a span for $$...$$ inside a paragraph).
//
// A displayed formula wider than its column (a phone's, mostly) is made to fit, in this order:
//   1. set smaller, down to SMALLEST of its size;
//   2. if still too wide, its side-by-side parts (separated by \qquad) are stacked;
//   3. if still too wide, each part's chain of relations (= \approx \Longrightarrow ...) is broken
//      into aligned rows, one relation a row.
// What is still too wide after that scrolls inside its own box (site.css). Every width starts again
// from the formula as written, so a wider window or a printed page gets it back on one line.
(function () {
  "use strict";
  var SMALLEST = 0.75;

  function strip(tex) {
    tex = tex.trim();
    var open = tex.slice(0, 2), close = tex.slice(-2);
    if ((open === "\\(" && close === "\\)") || (open === "\\[" && close === "\\]")) {
      tex = tex.slice(2, -2);
    }
    return tex.trim();
  }

  function render(element, tex, display) {
    katex.render(tex, element, { displayMode: display, throwOnError: false });
  }

  function typeset() {
    var elements = document.querySelectorAll(".math");
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      var text = element.textContent.trim();
      var display = element.tagName === "DIV" || text.slice(0, 2) === "\\[";
      var tex = strip(text);
      if (display) {
        element.setAttribute("data-tex", tex);
      }
      render(element, tex, display);
    }
  }

  // The TeX cut before each top-level match of separator (one not inside braces, \left...\right
  // or an environment); each piece after the first starts with its separator.
  function split(tex, separator) {
    var pieces = [], depth = 0, start = 0, i = 0, match;
    while (i < tex.length) {
      var rest = tex.slice(i);
      if (depth === 0 && i > start && (match = separator.exec(rest))) {
        pieces.push(tex.slice(start, i));
        start = i;
        i += match[0].length;
        continue;
      }
      var c = tex.charAt(i);
      if (c === "\\") {
        var command = /^\\(?:([a-zA-Z]+)|.)/.exec(rest);
        var name = command[1];
        if (name === "begin" || name === "left") depth++;
        else if (name === "end" || name === "right") depth--;
        i += command[0].length;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") depth--;
      i++;
    }
    pieces.push(tex.slice(start));
    return pieces.map(function (p) { return p.trim(); }).filter(function (p) { return p.length > 0; });
  }

  var SIDE_BY_SIDE = /^\\qquad(?![a-zA-Z])/;
  var RELATION = /^(?:=|<|>|\\(?:approx|Longrightarrow|Longleftrightarrow|leftarrow|le|ge)(?![a-zA-Z]))/;

  function stacked(parts) {
    return parts.length === 1 ? parts[0] : "\\begin{gathered}" + parts.join(" \\\\[0.4em] ") + "\\end{gathered}";
  }

  function rows(part) {
    var relations = split(part, RELATION);
    if (relations.length < 2) return part;
    var lines = [relations[0] + " &" + relations[1]];
    for (var k = 2; k < relations.length; k++) lines.push("&" + relations[k]);
    return "\\begin{aligned}" + lines.join(" \\\\ ") + "\\end{aligned}";
  }

  // Sets the box smaller until its formula fits, down to SMALLEST; true when it fits.
  function shrink(box) {
    box.style.fontSize = "";
    box.removeAttribute("data-fit");
    var wide = box.scrollWidth, room = box.clientWidth;
    if (room === 0 || wide <= room + 1) return true;
    var scale = Math.max(SMALLEST, Math.floor((room / wide) * 1000) / 1000);
    box.style.fontSize = (scale * 100).toFixed(1) + "%";
    box.setAttribute("data-fit", scale.toFixed(3));
    return box.scrollWidth <= box.clientWidth + 1;
  }

  function fitOne(element) {
    var tex = element.getAttribute("data-tex");
    if (element.hasAttribute("data-stacked")) {
      render(element, tex, true);
      element.removeAttribute("data-stacked");
    }
    var box = element.querySelector(".katex-display");
    if (!box || shrink(box)) return;
    var parts = split(tex, SIDE_BY_SIDE);
    // Only the steps that change something: a formula with no \qquad, or no relations, skips them.
    var tries = [stacked(parts), stacked(parts.map(rows))].filter(function (t, k, all) {
      return t !== tex && all.indexOf(t) === k;
    });
    for (var t = 0; t < tries.length; t++) {
      render(element, tries[t], true);
      element.setAttribute("data-stacked", String(t + 1));
      box = element.querySelector(".katex-display");
      if (!box || shrink(box)) return;
    }
  }

  function fit() {
    var elements = document.querySelectorAll(".math[data-tex]");
    for (var i = 0; i < elements.length; i++) fitOne(elements[i]);
  }

  function start() {
    typeset();
    var pending = 0;
    window.addEventListener("resize", function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(fit);
    });
    // A printed page is another width (and its formulas do not scroll).
    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", fit);
    // Measured once the stylesheets are in, and again if KaTeX's fonts arrive later and change every width.
    if (document.readyState === "complete") fit();
    else window.addEventListener("load", fit);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
