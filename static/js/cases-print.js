// Print button of printable slips (no inline script: the CSP forbids it).
(function () {
  "use strict";
  const button = document.getElementById("print-slip");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
