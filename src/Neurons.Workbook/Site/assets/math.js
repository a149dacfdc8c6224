// Typesets the prose's math with KaTeX. Markdig leaves each formula's TeX in an element with the
// class "math": \( ... \) for a formula in the line, \[ ... \] for a displayed one (a div for a
// $$ block, a span for $$...$$ inside a paragraph).
(function () {
  "use strict";
  function strip(tex) {
    tex = tex.trim();
    var open = tex.slice(0, 2), close = tex.slice(-2);
    if ((open === "\\(" && close === "\\)") || (open === "\\[" && close === "\\]")) {
      tex = tex.slice(2, -2);
    }
    return tex.trim();
  }
  function typeset() {
    var elements = document.querySelectorAll(".math");
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      var tex = element.textContent.trim();
      var display = element.tagName === "DIV" || tex.slice(0, 2) === "\\[";
      katex.render(strip(tex), element, {
        displayMode: display,
        throwOnError: false
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
