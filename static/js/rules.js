// Rules pages: a "Print" button, shown only when JavaScript can use it.
document.querySelectorAll("[data-print-rules]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
