// Small helpers every page may use: a print button and a live number beside a slider. (A choice
// in a list never sends its form by itself: each form has its own button, WCAG 3.2.2.)

document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

document.querySelectorAll("input[type=range]").forEach((range) => {
  const output = document.querySelector(`output[for="${range.id}"]`);
  if (output) range.addEventListener("input", () => { output.value = range.value; });
});

// Every form that writes carries a one-time key (and a session its key), made here for each page
// shown, so a page kept by the server is never shared by two writes: the same form
// sent twice (a double click, a retry) is stored once. crypto.randomUUID needs a secure origin;
// getRandomValues works on any.
function oneTimeKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
document.querySelectorAll("input[name=once], input[data-fresh]").forEach((input) => { input.value = oneTimeKey(); });

// A button that sent its form says it is working and cannot be pressed again until the answer
// comes; coming back to the page (the back button) makes it ready again.
// A form that can wait on this device with no connection (see sw.js) says when it was sent, so
// that it is recorded at that time whenever it reaches the journal.
function localStamp(date = new Date()) {
  const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}
document.querySelectorAll("form[method=post]").forEach((form) => {
  form.addEventListener("submit", () => {
    form.querySelectorAll("input[data-made]").forEach((input) => { input.value = localStamp(); });
  });
  form.addEventListener("submit", (event) => {
    const button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
    if (!button || form.dataset.sending) { if (form.dataset.sending) event.preventDefault(); return; }
    form.dataset.sending = "yes";
    form.setAttribute("aria-busy", "true");
    button.dataset.label = button.textContent;
    // Disabled after the event, so the button's own name and value still go with the form.
    setTimeout(() => { button.disabled = true; button.textContent = "Saving…"; }, 0);
  });
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach((form) => {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[data-label]").forEach((button) => {
      button.disabled = false;
      button.textContent = button.dataset.label;
    });
  });
});
