// The offline page: show the last verdict this device kept (app.js stores it from Today).
(() => {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem("runready:last-verdict"));
  } catch {
    saved = null;
  }
  if (!saved || !saved.headline) return;
  document.getElementById("last-verdict-date").textContent = saved.date;
  document.getElementById("last-verdict-headline").textContent = saved.headline;
  document.getElementById("last-verdict-detail").textContent = saved.detail || "";
  document.getElementById("last-verdict").hidden = false;
  document.getElementById("no-verdict").hidden = true;
})();
