// The registration form's client look-up (complaints/_client_lookup.html): Enter in the
// look-up field searches; Enter anywhere else registers (the form's first, hidden button).
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target || event.target.id !== "client-q") return;
  const find = document.querySelector('#client-lookup button[name="find_client"]');
  if (find) {
    event.preventDefault();
    find.click();
  }
});
