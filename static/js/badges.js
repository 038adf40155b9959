// The badge print page: a "Print this page" button, shown only when JavaScript can use it.
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
