// The contact screen: the call timer (4.2.4) and channel-specific fieldsets.
// No inline script anywhere (the CSP forbids it); this file is loaded with defer.
(function () {
  "use strict";
  const form = document.getElementById("contact-form");
  if (!form) return;
  const channel = form.querySelector("[name=channel]");

  // Show only the fieldsets that apply to the chosen channel.
  function showFieldsets() {
    form.querySelectorAll("fieldset[data-channels]").forEach(function (fs) {
      const applies = fs.dataset.channels.split(" ").indexOf(channel.value) !== -1;
      fs.hidden = !applies;
    });
  }
  if (channel) {
    channel.addEventListener("change", showFieldsets);
    showFieldsets();
  }

  // 4.2.4: a client-initiated call longer than 10 minutes → offer a visit or a written
  // submission, unless a 4.3.1 callback is arranged.
  const timer = document.getElementById("call-timer");
  const prompt = document.getElementById("offer-prompt");
  const stop = document.getElementById("call-timer-stop");
  if (!timer) return;
  const promptAt = parseInt(timer.dataset.promptSeconds || "600", 10);
  const started = Date.now();
  let prompted = false;
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    const seconds = Math.floor((Date.now() - started) / 1000);
    timer.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
    const callback = form.querySelector("[name=callback]");
    const clientInitiated = !channel || channel.value === "phone_in";
    if (!prompted && seconds >= promptAt && clientInitiated && !(callback && callback.checked)) {
      prompted = true;
      timer.classList.add("call-timer-long");
      if (prompt) prompt.classList.remove("d-none");
      const ground = form.querySelector("[name=ground_over_ten_minutes]");
      if (ground) ground.checked = true;
    }
  }
  const handle = window.setInterval(tick, 1000);
  if (stop) {
    stop.addEventListener("click", function () {
      window.clearInterval(handle);
      const ended = form.querySelector("[name=ended_at]");
      if (ended && !ended.value) {
        const d = new Date();
        d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
        ended.value = d.toISOString().slice(0, 16);
      }
    });
  }
})();
