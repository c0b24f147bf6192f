// Small helpers every page may use: filters that apply themselves, a print button, and a live
// number beside a slider.

document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});

document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

document.querySelectorAll("input[type=range]").forEach((range) => {
  const output = document.querySelector(`output[for="${range.id}"]`);
  if (output) range.addEventListener("input", () => { output.value = range.value; });
});
