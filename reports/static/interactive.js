// Interactive charts, on request only: plotly.js (served by this site) is fetched when a reader
// presses the button, never before. Without JavaScript the static chart and the table remain.
(function () {
  "use strict";
  var button = document.querySelector("[data-interactive]");
  if (!button || !window.fetch) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    var target = document.getElementById(button.getAttribute("aria-controls"));
    var script = document.createElement("script");
    script.src = button.getAttribute("data-plotly");
    script.onload = function () {
      fetch(button.getAttribute("data-source")).then(function (response) { return response.json(); })
        .then(function (doc) {
          var halves = doc.values.filter(function (v) { return v.breakdown === "" && v.period_kind === "half"; });
          var share = button.getAttribute("data-unit") === "share";
          target.hidden = false;
          window.Plotly.newPlot(target, [{
            type: "bar", x: halves.map(function (v) { return v.period; }),
            y: halves.map(function (v) { return v.value; }), marker: { color: "#2f5d8a" }
          }], {
            margin: { l: 50, r: 10, t: 10, b: 40 }, yaxis: share ? { tickformat: ".0%", range: [0, 1] } : {},
            font: { family: "system-ui, sans-serif" }
          }, { responsive: true, displaylogo: false });
          button.hidden = true;
          target.focus();
        });
    };
    document.head.appendChild(script);
  });
})();
