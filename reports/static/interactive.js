// Interactive charts, on request only: plotly.js (served by this site) is loaded when a reader
// presses the button, never before. The chart's figure is embedded in the page (the same figure as
// the static chart, so the same period labels and number formatting), so nothing is fetched and it
// works from disk (file://) as well as over HTTP. Without JavaScript the static chart and the table remain.
(function () {
  "use strict";
  var button = document.querySelector("[data-interactive]");
  var holder = button && document.getElementById(button.getAttribute("data-figure"));
  if (!button || !holder) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    var target = document.getElementById(button.getAttribute("aria-controls"));
    var figure = JSON.parse(holder.textContent);
    var script = document.createElement("script");
    script.src = button.getAttribute("data-plotly");
    script.onload = function () {
      var bar = figure.data[0];
      var labels = bar.orientation === "h" ? bar.y : bar.x;
      bar.hoverinfo = "text";
      bar.hovertext = labels.map(function (label, i) { return label + ": " + ((bar.text || [])[i] || ""); });
      figure.layout.width = undefined;
      figure.layout.autosize = true;
      target.hidden = false;
      window.Plotly.newPlot(target, figure.data, figure.layout, { responsive: true, displaylogo: false }).then(function () {
        button.hidden = true;
        target.focus();
      });
    };
    script.onerror = function () { button.disabled = false; };
    document.head.appendChild(script);
  });
})();
