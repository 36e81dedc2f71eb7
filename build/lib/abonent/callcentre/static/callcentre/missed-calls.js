// missed_calls.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const d = JSON.parse(document.getElementById("missed-chart").textContent);
  Plotly.newPlot("chart-missed", [{type: "bar", name: d.label, x: d.x, y: d.y, marker: {color: "#dc3545"}}],
    {margin: {t: 10}}, {displayModeBar: false, responsive: true});
})();
