// The site's own chart code: draws each chart from its plotly figure with the local plotly.js.
// Charts fit their column and follow it when it changes (a phone turned, a window resized, the
// page printed); no chart keeps the fixed width its figure was made with.
(function () {
  "use strict";
  var charts = [];

  function fit(element, layout, wanted) {
    // The width follows the column; the height stays the figure's, since legends and axis titles
    // placed below the plot need that room whatever the width.
    layout.width = undefined;
    if (wanted.height) layout.height = wanted.height;
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
    Plotly.newPlot(element, data, layout, config);
    charts.push({ element: element, wanted: wanted });
  }

  function refit() {
    for (var i = 0; i < charts.length; i++) {
      var chart = charts[i];
      var update = {};
      fit(chart.element, update, chart.wanted);
      update.width = chart.element.clientWidth;
      Plotly.relayout(chart.element, update);
    }
  }

  window.addEventListener("beforeprint", refit);
  window.NeuronsCharts = { draw: draw, refit: refit };
})();
