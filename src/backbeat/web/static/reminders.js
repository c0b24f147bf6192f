// Reminders while a backbeat page is open: when a slot of today's plan comes round, the browser
// shows a notification. Whether they are on, and paused until when, is kept in this browser.

const ON = "backbeat.reminders";
const PAUSED = "backbeat.remindersPausedUntil";

function paused() {
  const until = localStorage.getItem(PAUSED);
  return until !== null && new Date(until) > new Date();
}

function enabled() {
  return localStorage.getItem(ON) === "on" && "Notification" in window && Notification.permission === "granted" && !paused();
}

function describe() {
  const state = document.getElementById("remind-state");
  if (!state) return;
  if (!("Notification" in window)) state.textContent = "This browser cannot show notifications.";
  else if (localStorage.getItem(ON) !== "on") state.textContent = "Reminders are off.";
  else if (Notification.permission !== "granted") state.textContent = "Your browser has not allowed notifications from backbeat.";
  else if (paused()) state.textContent = `Paused until ${new Date(localStorage.getItem(PAUSED)).toLocaleString()}.`;
  else state.textContent = "Reminders are on while a backbeat page is open.";
}

// Settings: turning reminders on asks the browser's permission first.
const toggle = document.getElementById("remind-on");
if (toggle) {
  toggle.checked = localStorage.getItem(ON) === "on";
  toggle.addEventListener("change", async () => {
    if (toggle.checked && "Notification" in window && Notification.permission !== "granted") {
      const answer = await Notification.requestPermission();
      if (answer !== "granted") toggle.checked = false;
    }
    localStorage.setItem(ON, toggle.checked ? "on" : "off");
    describe();
  });
  document.getElementById("remind-pause").addEventListener("click", () => {
    const tomorrow = new Date();
    tomorrow.setHours(24, 0, 0, 0);
    localStorage.setItem(PAUSED, tomorrow.toISOString());
    describe();
  });
  describe();
}

// Today: one timer per slot still to come today.
if (enabled()) {
  const now = Date.now();
  document.querySelectorAll(".slot[data-at]:not(.is-done)").forEach((slot) => {
    const wait = new Date(slot.dataset.at).getTime() - now;
    if (wait <= 0 || wait > 24 * 3600 * 1000) return;
    setTimeout(() => {
      if (!enabled()) return;
      const time = slot.querySelector(".slot-time").textContent;
      const note = new Notification(`backbeat: your ${time} ${slot.dataset.moment}`, {
        body: "A few gentle movements are due. Go gently.",
        tag: `backbeat-${slot.dataset.slot}`,
      });
      note.addEventListener("click", () => {
        window.focus();
        window.location.href = `/session?slot=${encodeURIComponent(slot.dataset.slot)}`;
      });
    }, wait);
  });
}
