// dashboard.html: the trend of monthly churn against the plan of non-retention (a static file: CSP allows no
// inline script). The numbers come from json_script, never localised; Plotly formats them for the page language.
(function () {
  const source = document.getElementById("trend-chart");
  if (!source || typeof Plotly === "undefined") return;
  const c = JSON.parse(source.textContent);
  Plotly.newPlot("chart-trend", [
    {type: "bar", name: c.churn_label, x: c.months, y: c.churn_pct, marker: {color: "#dc3545"},
     hovertemplate: "%{y:.2f} %<extra></extra>"},
    {type: "scatter", mode: "lines+markers", name: c.plan_label, x: c.months, y: c.plan_pct,
     line: {color: "#212529", dash: "dot"}, hovertemplate: "%{y:.2f} %<extra></extra>"}
  ], {margin: {t: 10, l: 50, r: 10, b: 40}, legend: {orientation: "h"},
      xaxis: {type: "date", tickformat: "%b %Y", dtick: "M1"}, yaxis: {title: "%", rangemode: "tozero"}},
  {displayModeBar: false, responsive: true});
})();
