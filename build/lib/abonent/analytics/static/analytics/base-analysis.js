// base_analysis.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const c = JSON.parse(document.getElementById("base-chart").textContent);
  const traces = c.series.map(s => c.stacked
    ? {type: "bar", name: s.name, x: c.months, y: s.values}
    : {type: "scatter", mode: "lines+markers", name: s.name, x: c.months, y: s.values});
  Plotly.newPlot("chart-base", traces, {barmode: "stack", margin: {t: 30}, title: {text: c.title, font: {size: 14}},
    legend: {orientation: "h"}}, {displayModeBar: false, responsive: true});
})();
