// The public form: show the complaint's "about" fields only for a complaint and the contact
// fields only when not anonymous; move focus to the error summary after a failed send.
// Without JavaScript every field is simply shown.
(function () {
  "use strict";
  var form = document.getElementById("public-form");
  if (!form) { return; }
  var subject = document.getElementById("complaint-subject");
  var contact = document.getElementById("contact-details");
  var anonymous = document.getElementById("id_is_anonymous");
  function kind() {
    var checked = form.querySelector("input[name='kind']:checked");
    return checked ? checked.value : "";
  }
  function update() {
    if (subject) { subject.hidden = kind() !== "complaint"; }
    if (contact && anonymous) { contact.hidden = anonymous.checked; }
  }
  form.addEventListener("change", update);
  update();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
