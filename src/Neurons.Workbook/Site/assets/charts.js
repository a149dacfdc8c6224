// The site's own chart code: draws each chart from its plotly figure with the local plotly.js.
// Charts fit their column and follow it when it changes (a phone turned, a window resized, the
// page printed); no chart keeps the fixed width its figure was made with.
//
// In a column narrower than the figure was made for, its title wraps onto more lines instead of
// running past the chart's edge, the top margin grows so the legend above the plot stays clear of
// the title, and on a phone-wide column plotly's tool bar is left out (it would sit on the title).
// Each new width (a resize, a print) starts again from the figure as it was made.
(function () {
  "use strict";
  var charts = [];
  var NARROW = 500;

  function fit(element, layout, wanted) {
    // The width follows the column; the height stays the figure's, since legends and axis titles
    // placed below the plot need that room whatever the width.
    layout.width = undefined;
    if (wanted.height) layout.height = wanted.height;
  }

  function titleText(layout) {
    var title = layout.title;
    return typeof title === "string" ? title : title && typeof title.text === "string" ? title.text : "";
  }

  // The text a reader sees: without the <sub> and similar tags a title may carry.
  function visibleLength(text) {
    return text.replace(/<[^>]*>/g, "").length;
  }

  // Words packed greedily into lines of at most perLine characters, joined by plotly's <br>.
  function wrap(text, perLine) {
    var words = text.split(" "), lines = [], line = "";
    for (var i = 0; i < words.length; i++) {
      var next = line ? line + " " + words[i] : words[i];
      if (line && visibleLength(next) > perLine) {
        lines.push(line);
        line = words[i];
      } else {
        line = next;
      }
    }
    if (line) lines.push(line);
    return lines.join("<br>");
  }

  // Wraps the title at fewer characters a line until its widest line fits (a few tries: the
  // characters' widths differ, so the first guess can be a little long).
  function wrapTitle(chart, perLine, tries) {
    var element = chart.element, title = element.querySelector(".gtitle");
    if (!title || !chart.title || tries === 0) return Promise.resolve();
    var box = title.getBoundingClientRect(), frame = element.getBoundingClientRect();
    var room = frame.right - 8 - box.left;
    if (box.width <= room || room <= 80) return Promise.resolve();
    var guess = Math.floor(perLine * room / box.width);
    var next = Math.max(12, Math.min(guess, perLine - 1));
    return Plotly.relayout(element, { "title.text": wrap(chart.title, next) }).then(function () {
      return wrapTitle(chart, next, tries - 1);
    });
  }

  function tidy(chart) {
    var element = chart.element;
    var steps = wrapTitle(chart, visibleLength(chart.title), 4);
    return steps.then(function () {
      var title = element.querySelector(".gtitle"), legend = element.querySelector(".legend");
      if (!title || !legend || !legend.getBoundingClientRect().height) return;
      var overlap = Math.ceil(title.getBoundingClientRect().bottom + 6 - legend.getBoundingClientRect().top);
      if (overlap <= 0) return;
      var size = element._fullLayout && element._fullLayout._size;
      var top = size ? size.t : chart.top;
      // The legend sits on the plot, so a larger top margin moves both down; the height grows by
      // as much, so the plot keeps its size.
      return Plotly.relayout(element, { "margin.t": top + overlap, height: element.layout.height + overlap });
    });
  }

  function draw(id, data, layout, config) {
    var element = document.getElementById(id);
    if (!element || typeof Plotly === "undefined") return;
    var wanted = { width: layout.width, height: layout.height };
    delete layout.width;
    layout.autosize = true;
    fit(element, layout, wanted);
    config = config || {};
    config.responsive = true;
    config.displaylogo = false;
    if (element.clientWidth > 0 && element.clientWidth < NARROW) config.displayModeBar = false;
    var chart = { element: element, wanted: wanted, title: titleText(layout), top: layout.margin && layout.margin.t };
    charts.push(chart);
    Plotly.newPlot(element, data, layout, config).then(function () { return tidy(chart); });
  }

  function refit() {
    for (var i = 0; i < charts.length; i++) {
      var chart = charts[i];
      var update = {};
      fit(chart.element, update, chart.wanted);
      update.width = chart.element.clientWidth;
      // Every width starts again from the figure as it was made.
      if (chart.title) update["title.text"] = chart.title;
      if (chart.top !== undefined) update["margin.t"] = chart.top;
      Plotly.relayout(chart.element, update).then(tidy.bind(null, chart));
    }
  }

  window.addEventListener("beforeprint", refit);
  window.addEventListener("afterprint", refit);
  // A phone turned or a window resized: plotly follows the width itself (responsive), and this
  // wraps the titles again for the new width, once the resizing has stopped.
  var resizing = 0, lastWidth = document.documentElement.clientWidth;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      var width = document.documentElement.clientWidth;
      if (width !== lastWidth) {
        lastWidth = width;
        refit();
      }
    }, 250);
  });
  window.NeuronsCharts = { draw: draw, refit: refit };
})();
