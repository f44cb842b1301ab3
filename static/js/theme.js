// Follow the system's light or dark setting (Bootstrap 5.3 colour modes). Loaded in <head>,
// before the page is drawn, so a dark system never sees a white flash.
(() => {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => document.documentElement.setAttribute("data-bs-theme", dark.matches ? "dark" : "light");
  apply();
  dark.addEventListener("change", apply);
})();
