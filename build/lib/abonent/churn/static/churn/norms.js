// norms.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
// The sum updates while typing, so the head sees at once whether the norms still add up to 100 %.
(function () {
  const inputs = document.querySelectorAll("#norms-form .norm-input");
  const total = document.getElementById("norms-total");
  const warning = document.getElementById("norms-warning");
  function update() {
    let sum = 0;
    inputs.forEach(function (input) { sum += parseFloat((input.value || "0").replace(",", ".")) || 0; });
    const text = sum.toFixed(2);
    total.textContent = document.documentElement.lang.startsWith("ru") ? text.replace(".", ",") : text;
    warning.classList.toggle("d-none", Math.abs(sum - 100) < 0.005);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
