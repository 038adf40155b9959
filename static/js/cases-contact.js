// The contact screen: the client look-up (keyboard path, "Search" without a page load), the
// chosen client's phone and e-mail, channel-specific parts, the error summary and the call
// timer (4.2.4). Nothing typed is lost: the look-up never reloads the page while this runs,
// and a refused form comes back with its times, from which the timer goes on.
// No inline script anywhere (the CSP forbids it); this file is loaded with defer.

// The client look-up with the keyboard alone: type a phone or a name; Down arrow (or Enter)
// moves to the results, Up/Down walk them, Escape returns to the look-up, Enter chooses.
// Once a client is chosen (or created inline) the focus goes on to the contact form.
(function () {
  "use strict";
  const input = document.getElementById("client-q");
  if (!input) return;
  const button = document.getElementById("client-search");
  let focusFirstResult = false; // Enter in the look-up: focus the first result when it arrives
  let focusedIndex = -1; // a result had the focus when the results were replaced

  // Without JavaScript the look-up, "Search" and "Choose" post the contact form (the page
  // comes back with what was typed). With htmx they work in place: unhook them from the form,
  // which also leaves "Save contact" the button Enter presses in the form's fields.
  function unhook(root) {
    if (!window.htmx || !root || !root.querySelectorAll) return;
    root.querySelectorAll("[data-nojs-form]").forEach(function (el) {
      el.removeAttribute("form");
    });
  }
  unhook(document);
  document.addEventListener("htmx:load", function (event) { unhook(event.detail.elt); });

  function results() {
    return document.getElementById("client-results");
  }
  // The options: each "Choose" button, then the "New client" summary.
  function options() {
    const box = results();
    if (!box) return [];
    return Array.prototype.slice.call(
      box.querySelectorAll("[data-client-option], #quick-client > summary")
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
  // Look the client up in place and move to the first result (Enter, or "Search").
  function search() {
    const shown = results();
    if (shown && shown.dataset.q === input.value && focusOption(0)) return;
    focusFirstResult = true;
    window.htmx.trigger(input, "search");
  }
  // The chosen client's phone and e-mail go into the empty callback number and e-mail (or
  // replace what the previously chosen client put there).
  function fillFromClient() {
    const card = document.getElementById("picked-client");
    if (!card) return;
    [["id_callback_phone", card.dataset.phone], ["id_email_address", card.dataset.email]].forEach(
      function (pair) {
        const field = document.getElementById(pair[0]);
        if (!field) return;
        const fromClient = field.dataset.fromClient;
        const previous = fromClient !== undefined && field.value === fromClient;
        if (previous || (!field.value && pair[1])) {
          field.value = pair[1] || "";
          field.dataset.fromClient = field.value;
        }
      }
    );
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (focusOption(0)) event.preventDefault();
    } else if (event.key === "Enter") {
      // Stay on the page: ask htmx for the results now and move to the first one.
      if (!window.htmx) return; // without htmx the form comes back with the results
      event.preventDefault();
      search();
    }
  });
  if (button) {
    button.addEventListener("click", function (event) {
      if (!window.htmx) return;
      event.preventDefault();
      search();
    });
  }

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
      fillFromClient();
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

// The form: the parts of the chosen channel only, and a refused form's error summary.
(function () {
  "use strict";
  const form = document.getElementById("contact-form");
  if (!form) return;
  const channel = form.querySelector("[name=channel]");
  const PHONE = ["phone_in", "phone_out"];

  // Each part marked data-channels shows, and is sent, only for its channels; the 4.4 hint
  // (Latvian on the phone) only on the phone.
  function showParts() {
    document.querySelectorAll("[data-channels]").forEach(function (part) {
      const applies = part.dataset.channels.split(" ").indexOf(channel.value) !== -1;
      part.hidden = !applies;
      part.querySelectorAll("input, select, textarea, button").forEach(function (control) {
        control.disabled = !applies;
      });
    });
    const phone = PHONE.indexOf(channel.value) !== -1;
    const hint = document.getElementById("id_language_helptext");
    if (hint) hint.hidden = !phone;
    const title = document.getElementById("contact-title");
    if (title) title.textContent = phone ? title.dataset.phone : title.dataset.other;
  }
  if (channel) {
    channel.addEventListener("change", showParts);
    showParts();
  }

  // A refused form: the summary takes the focus; its links take it on to the field.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }
})();

// 4.2.4: the call timer. It counts from the start time (a refused form brings it back, so the
// count goes on); "Stop timer" puts the end time in, and so does saving a running call.
// A client-initiated call longer than 10 minutes → offer a visit or a written submission,
// unless a 4.3.1 callback is arranged; the server derives 4.2.4 from the two times.
(function () {
  "use strict";
  const form = document.getElementById("contact-form");
  const timer = document.getElementById("call-timer");
  if (!form || !timer) return;
  const channel = form.querySelector("[name=channel]");
  const started = form.querySelector("[name=started_at]");
  const ended = form.querySelector("[name=ended_at]");
  const flag = form.querySelector("[name=ended_on_submit]");
  const prompt = document.getElementById("offer-prompt");
  const stop = document.getElementById("call-timer-stop");
  const manual = document.getElementById("over-ten-manual");
  const promptAt = parseInt(timer.dataset.promptSeconds || "600", 10);
  const loaded = Date.now();
  let handle = null;
  let prompted = false;

  function pad(n) { return String(n).padStart(2, "0"); }
  // The value of a datetime-local field: local time to the second.
  function localValue(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function parse(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value || "");
    if (!m) return null;
    return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)).getTime();
  }
  function isPhone() { return !channel || channel.value === "phone_in" || channel.value === "phone_out"; }
  function show(until) {
    const from = (started && parse(started.value)) || loaded;
    const seconds = Math.max(0, Math.floor((until - from) / 1000));
    const hours = Math.floor(seconds / 3600);
    timer.textContent = (hours ? hours + ":" : "") + pad(Math.floor(seconds / 60) % 60) + ":" +
      pad(seconds % 60);
    const callback = form.querySelector("[name=callback]");
    const clientInitiated = !channel || channel.value === "phone_in";
    if (!prompted && seconds >= promptAt && clientInitiated && !(callback && callback.checked)) {
      prompted = true;
      timer.classList.add("call-timer-long");
      if (prompt) prompt.classList.remove("d-none");
    }
  }
  function run() {
    if (!handle) handle = window.setInterval(function () { show(Date.now()); }, 1000);
    show(Date.now());
    timer.dataset.state = "running";
  }
  function halt() {
    window.clearInterval(handle);
    handle = null;
    show((ended && parse(ended.value)) || Date.now());
    timer.dataset.state = "stopped";
  }

  // A new screen starts the call now, by this computer's clock (the end will be by it too).
  if (started && form.hasAttribute("data-fresh")) started.value = localValue(new Date());
  // The end the timer put in when a save was refused: the call goes on.
  if (flag && flag.value === "1" && ended) ended.value = "";
  if (flag) flag.value = "";
  // With the timer the two times measure the call: the 4.2.4 tick-box is for calls without.
  if (manual) manual.hidden = true;
  if (ended && parse(ended.value)) halt(); else run();

  if (stop) {
    stop.addEventListener("click", function () {
      if (ended && !ended.value) ended.value = localValue(new Date());
      halt();
    });
  }
  if (ended) ended.addEventListener("change", function () { if (parse(ended.value)) halt(); else run(); });
  if (started) started.addEventListener("change", function () { show(handle ? Date.now() : (parse(ended && ended.value) || Date.now())); });
  form.addEventListener("submit", function () {
    if (handle && isPhone() && ended && !ended.value) {
      ended.value = localValue(new Date());
      if (flag) flag.value = "1";
    }
  });

  // 4.12.2: the warning is a step of its own with its time ("Warn now" puts the time in);
  // "ended after the warning" is offered only once a warning time is there.
  const warned = form.querySelector("[name=warning_given_at]");
  const warnNow = document.getElementById("warn-now");
  const endAfter = document.getElementById("end-after-warning");
  function offerEnd() {
    if (!warned || !endAfter) return;
    endAfter.hidden = !parse(warned.value);
    const tick = endAfter.querySelector("input[type=checkbox]");
    if (tick && endAfter.hidden) tick.checked = false;
  }
  if (warnNow && warned) {
    warnNow.hidden = false;
    warnNow.addEventListener("click", function () {
      if (!warned.value) warned.value = localValue(new Date());
      offerEnd();
    });
  }
  if (warned) warned.addEventListener("change", offerEnd);
  offerEnd();
})();
