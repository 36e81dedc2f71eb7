// tariffs.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const c = JSON.parse(document.getElementById("tariff-chart").textContent);
  const config = {displayModeBar: false, responsive: true};
  Plotly.newPlot("chart-tariffs", c.series.map(s => ({type: "scatter", mode: "lines", stackgroup: "one", name: s.name, x: c.months, y: s.values})),
    {margin: {t: 10}, legend: {orientation: "h"}}, config);
  Plotly.newPlot("chart-changes", [
    {type: "bar", name: c.up_label, x: c.migration_months, y: c.up, marker: {color: "#198754"}},
    {type: "bar", name: c.down_label, x: c.migration_months, y: c.down, marker: {color: "#dc3545"}}
  ], {barmode: "group", margin: {t: 10}, legend: {orientation: "h"}}, config);
})();
