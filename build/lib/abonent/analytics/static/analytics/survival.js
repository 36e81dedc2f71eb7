// survival.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const c = JSON.parse(document.getElementById("survival-chart").textContent);
  const colors = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#6c757d", "#0dcaf0", "#ffc107", "#212529", "#6610f2"];
  const traces = [];
  c.curves.forEach((k, i) => {
    const color = colors[i % colors.length];
    traces.push({x: k.t, y: k.hi, mode: "lines", line: {width: 0, shape: "hv"}, showlegend: false, hoverinfo: "skip", legendgroup: k.name});
    traces.push({x: k.t, y: k.lo, mode: "lines", line: {width: 0, shape: "hv"}, fill: "tonexty", fillcolor: color + "22", showlegend: false, hoverinfo: "skip", legendgroup: k.name});
    traces.push({x: k.t, y: k.s, mode: "lines", name: k.name, line: {color: color, shape: "hv"}, legendgroup: k.name});
  });
  Plotly.newPlot("chart-survival", traces, {margin: {t: 10}, xaxis: {title: c.x_label}, yaxis: {title: c.y_label, range: [0, 1.02], tickformat: ".0%"},
    legend: {orientation: "h"}}, {displayModeBar: false, responsive: true});
})();
