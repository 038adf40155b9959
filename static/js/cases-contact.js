// The contact screen: the keyboard path of the client look-up, the call timer
// (4.2.4) and channel-specific fieldsets.
// No inline script anywhere (the CSP forbids it); this file is loaded with defer.

// The client look-up with the keyboard alone: type a phone or a name; Down arrow (or Enter)
// moves to the results, Up/Down walk them, Escape returns to the look-up, Enter chooses.
// Once a client is chosen (or created inline) the focus goes on to the contact form.
(function () {
  "use strict";
  const input = document.getElementById("client-q");
  if (!input) return;
  let focusFirstResult = false; // Enter in the look-up: focus the first result when it arrives
  let focusedIndex = -1; // a result had the focus when the results were replaced

  function results() {
    return document.getElementById("client-results");
  }
  // The options: each "Choose" link, then the "New client" summary.
  function options() {
    const box = results();
    if (!box) return [];
    return Array.prototype.slice.call(
      box.querySelectorAll("a[data-client-option], #quick-client > summary")
    );
  }
  function focusOption(index) {
    const all = options();
    if (!all.length) return false;
    all[Math.max(0, Math.min(index, all.length - 1))].focus();
    return true;
  }
  function formFocus() {
    // After a client is chosen the next thing to fill in is the topic.
    const next = document.getElementById("id_topic") || document.getElementById("id_summary");
    if (next) next.focus();
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (focusOption(0)) event.preventDefault();
    } else if (event.key === "Enter") {
      // Stay on the page: ask htmx for the results now and move to the first one.
      if (!window.htmx) return; // without htmx the form reloads the page with the results
      event.preventDefault();
      const shown = results();
      if (shown && shown.dataset.q === input.value && focusOption(0)) return;
      focusFirstResult = true;
      window.htmx.trigger(input, "search");
    }
  });

  document.addEventListener("keydown", function (event) {
    const all = options();
    const index = all.indexOf(event.target); // not the look-up's own Down arrow, handled above
    if (index === -1) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusOption(index + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (index === 0) input.focus();
      else focusOption(index - 1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const box = results();
    if (box && event.detail.target && event.detail.target.id === "client-results") {
      focusedIndex = options().indexOf(document.activeElement);
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    if (target && target.id === "selected-client") {
      formFocus();
      return;
    }
    if (event.detail.elt === input || (target && target.id === "client-results")) {
      if (focusFirstResult) {
        focusFirstResult = false;
        focusOption(0);
      } else if (focusedIndex !== -1) {
        // The results were refreshed under the keyboard user's feet: keep their place.
        focusOption(focusedIndex);
      }
      focusedIndex = -1;
      return;
    }
    const quick = document.getElementById("quick-client");
    if (quick && target && target.id === "quick-client") {
      const invalid = quick.querySelector(".is-invalid");
      if (invalid) invalid.focus();
    }
  });
})();

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
