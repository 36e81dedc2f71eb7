// staffing.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const d = JSON.parse(document.getElementById("staffing-chart").textContent);
  Plotly.newPlot("chart-staffing", [
    {type: "bar", name: d.labels.needed, x: d.x, y: d.needed, marker: {color: "#0d6efd"}},
    {type: "scatter", mode: "lines", name: d.labels.logged, x: d.x, y: d.logged, line: {color: "#dc3545"}}
  ], {margin: {t: 10, b: 90}, legend: {orientation: "h"}}, {displayModeBar: false, responsive: true});
})();
