// churn_inflow.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const c = JSON.parse(document.getElementById("inflow-chart").textContent);
  Plotly.newPlot("chart-inflow", [
    {type: "bar", name: c.adds_label, x: c.months, y: c.adds, marker: {color: "#198754"}},
    {type: "bar", name: c.churned_label, x: c.months, y: c.churned, marker: {color: "#dc3545"}},
    {type: "scatter", mode: "lines+markers", name: c.net_label, x: c.months, y: c.net, line: {color: "#212529"}},
    {type: "scatter", mode: "lines", name: c.rate_label, x: c.months, y: c.churn_pct, yaxis: "y2", line: {dash: "dot", color: "#6f42c1"}}
  ], {barmode: "group", margin: {t: 10}, legend: {orientation: "h"}, yaxis2: {overlaying: "y", side: "right", title: "%"}},
  {displayModeBar: false, responsive: true});
})();
