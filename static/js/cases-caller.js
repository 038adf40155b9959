// 2.1.6.2: the contact screen warns, in words, when the caller is neither the client nor an
// active representative (or the identity was not checked); the server shows the same warning
// when the form comes back.
(function () {
  "use strict";
  const form = document.getElementById("contact-form");
  const warning = document.getElementById("third-party-warning");
  if (!form || !warning) {
    return;
  }
  function update() {
    const role = form.querySelector("input[name=caller_role]:checked");
    const identity = form.querySelector("select[name=caller_identity]");
    const thirdParty = role !== null && role.value === "third_party";
    const unchecked = identity !== null && identity.value === "not_checked";
    warning.hidden = !(thirdParty || unchecked);
  }
  form.addEventListener("change", function (event) {
    const name = event.target.name;
    if (name === "caller_role" || name === "caller_identity") {
      update();
    }
  });
  update();
})();
