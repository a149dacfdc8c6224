// Typesets the prose's math with KaTeX. Markdig leaves each formula's TeX in an element with the
// class "math": \( ... \) inline in a span, \[ ... \] on its own in a div.
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
      var display = element.tagName === "DIV";
      katex.render(strip(element.textContent), element, {
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
