// statistics.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const d = JSON.parse(document.getElementById("stats-chart").textContent);
  const config = {displayModeBar: false, responsive: true};
  Plotly.newPlot("chart-hours", [
    {type: "bar", name: d.labels.answered, x: d.hours, y: d.answered, marker: {color: "#198754"}},
    {type: "bar", name: d.labels.abandoned, x: d.hours, y: d.abandoned, marker: {color: "#dc3545"}},
    {type: "scatter", mode: "lines+markers", name: d.labels.sl, x: d.hours, y: d.sl, yaxis: "y2", line: {color: "#212529"}}
  ], {barmode: "stack", margin: {t: 10}, legend: {orientation: "h"}, yaxis2: {overlaying: "y", side: "right", range: [0, 100]}}, config);
  Plotly.newPlot("chart-days", [
    {type: "bar", name: d.labels.answered, x: d.days, y: d.day_answered, marker: {color: "#198754"}},
    {type: "bar", name: d.labels.abandoned, x: d.days, y: d.day_abandoned, marker: {color: "#dc3545"}}
  ], {barmode: "stack", margin: {t: 10}, legend: {orientation: "h"}}, config);
})();
