// The browser knows the file's size before sending it: say at once what the server would answer with 413.
document.querySelectorAll("form[data-too-large]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    var file = input && input.files[0];
    if (file && file.size > Number(input.dataset.maxBytes)) {
      event.preventDefault();
      alert(form.dataset.tooLarge);
    }
  });
});
