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

  // A tariff whose fee differs from the current one by more than the set share: the confirmation box is marked
  // and must be ticked (the server refuses the offer without it all the same).
  const tariff = form.querySelector("select[name=tariff]");
  const confirm = form.querySelector("[name=confirm_fee_change]");
  if (!tariff || !confirm) return;
  const box = confirm.closest(".mb-3");
  function check() {
    const option = tariff.options[tariff.selectedIndex];
    const current = parseFloat(tariff.dataset.currentFee);
    const fee = option ? parseFloat(option.dataset.fee) : NaN;
    const over = current > 0 && !isNaN(fee) && Math.abs(fee - current) / current > parseFloat(tariff.dataset.warnShare);
    box.classList.toggle("alert", over);
    box.classList.toggle("alert-warning", over);
    confirm.required = over;
  }
  tariff.addEventListener("change", check);
  check();
})();
