// Behaviour every page shares, bound by data attributes instead of inline handlers (onclick=, onchange=), which
// the Content-Security-Policy refuses. Delegated from the document, so content htmx swaps in works too.
document.addEventListener("change", function (event) {
  // <select data-autosubmit>: choosing a value submits its form (the language switch).
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", function (event) {
  // <button data-confirm="Question?">: the action runs only when the user confirms.
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
