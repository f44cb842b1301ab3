// RunReady: progressive enhancement only; every page works without this file.
document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.getElementById("messages") || document.querySelector("main");
  const alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = `Something went wrong (error ${status}). Nothing was lost; please try again.`;
  box.prepend(alert);
});

// "None of these apply": answer every yes/no question in a block with "no" in one tap.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-answer-all]");
  if (!button) return;
  const scope = document.querySelector(button.dataset.scope);
  scope.querySelectorAll(`input[type=radio][value="${button.dataset.answerAll}"]`).forEach((radio) => {
    radio.checked = true;
  });
});

// "Remove" on an exercise row: with JavaScript, drop the row in place (the formset skips
// missing rows); without it, the button posts and the server removes the row.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-closest]");
  if (!button) return;
  event.preventDefault();
  button.closest(button.dataset.removeClosest).remove();
});
