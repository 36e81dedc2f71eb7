// diagnostics.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const data = JSON.parse(document.getElementById("diagnostics-charts").textContent);
  const config = {displayModeBar: false, responsive: true};
  const s = data.structure;
  Plotly.newPlot("chart-structure", [
    {type: "bar", name: s.share_label, x: s.labels, y: s.share,
     marker: {color: s.over.map(o => o ? "#dc3545" : "#0d6efd")}},
    {type: "scatter", mode: "markers", name: s.norm_label, x: s.labels, y: s.norm,
     marker: {symbol: "line-ew-open", size: 28, line: {width: 3, color: "#212529"}}}
  ], {margin: {t: 30, b: 120}, yaxis: {title: "%"}, legend: {orientation: "h", x: 0, y: 1.12}}, config);
  const f = data.flow;
  Plotly.newPlot("chart-flow", [
    {type: "bar", name: f.adds_label, x: f.months, y: f.adds, marker: {color: "#198754"}},
    {type: "bar", name: f.churned_label, x: f.months, y: f.churned, marker: {color: "#dc3545"}},
    {type: "scatter", mode: "lines+markers", name: f.net_label, x: f.months, y: f.net, line: {color: "#212529"}}
  ], {barmode: "group", margin: {t: 10}, legend: {orientation: "h"}}, config);
})();
