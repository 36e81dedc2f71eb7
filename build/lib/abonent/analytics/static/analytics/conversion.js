// churn_inflow.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  const m = document.getElementById("conv-monthly"), a = document.getElementById("conv-annual");
  if (!m) return;
  const fmt = v => (Math.round(v * 100) / 100).toString();
  const toAnnual = () => { const x = parseFloat(m.value); if (!isNaN(x) && x >= 0 && x < 100) a.value = fmt((1 - Math.pow(1 - x / 100, 12)) * 100); };
  const toMonthly = () => { const x = parseFloat(a.value); if (!isNaN(x) && x >= 0 && x < 100) m.value = fmt((1 - Math.pow(1 - x / 100, 1 / 12)) * 100); };
  m.addEventListener("input", toAnnual); a.addEventListener("input", toMonthly); toAnnual();
})();
