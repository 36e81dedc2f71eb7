// _retention_step.html: loaded where the inline script was, so the page needs no 'unsafe-inline' (CSP).
(function () {
  // Show only the detail fields the chosen measure's process needs.
  const form = document.getElementById("retention-offer-form");
  const select = form && form.querySelector("select[name=measure]");
  if (!select) return;
  const needs = {starts_on: ["suspension", "annual_contract"], ends_on: ["suspension"], tariff: ["tariff_change"],
                 confirm_fee_change: ["tariff_change"],
                 amount: ["recalculation"], address: ["relocation"]};
  function update() {
    const option = select.options[select.selectedIndex];
    const process = option ? option.dataset.process : "";
    for (const [name, processes] of Object.entries(needs)) {
      const input = form.querySelector(`[name=${name}]`);
      if (input) input.closest(".mb-3").style.display = processes.includes(process) ? "" : "none";
    }
  }
  select.addEventListener("change", update);
  update();
})();
