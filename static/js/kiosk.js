// The reception-desk kiosk: a page with #kiosk-reset returns to the rating buttons after
// data-reset-seconds without a touch or a key press (so the next client starts afresh).
(function () {
  "use strict";
  var panel = document.getElementById("kiosk-reset");
  if (!panel) { return; }
  var seconds = parseInt(panel.getAttribute("data-reset-seconds"), 10) || 8;
  var home = panel.getAttribute("data-home") || "/p/kiosk/";
  var timer = null;
  function arm(delay) {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(function () { window.location.assign(home); }, delay * 1000);
  }
  // While someone types a comment, give them longer.
  ["pointerdown", "keydown", "input", "focusin"].forEach(function (name) {
    document.addEventListener(name, function () { arm(Math.max(seconds, 30)); }, true);
  });
  arm(seconds);
})();
