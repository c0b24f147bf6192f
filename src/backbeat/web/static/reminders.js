// Reminders while a backbeat page is open, on every page. The server decides (GET
// /api/v1/reminders/due: the same rules as `backbeat remind`, with quiet hours, the pause,
// backing off, repeats and the busy calendar); this script only shows what it says, and sends
// back what was shown and what the person answered, so the journal keeps it as the CLI's.
// Whether this browser shows reminders at all is this browser's own choice (localStorage).
// A slot's id (2026-11-23/tea) goes into the answer's address as it is, slash and all.
// The person's answer goes through this device's outbox (outbox.js, sent by offline.js), with
// its one-time key: given with no connection, it waits there with the other records, and is
// sent once when the connection is back; refused, it is shown, never dropped.
import * as outbox from "./outbox.js";

const ON = "backbeat.reminders";
const API = "/api/v1/reminders";
const LOOK_EVERY = 30 * 1000;
const ANSWERS = [
  ["started", "Start"],
  ["snoozed", "Snooze"],
  ["skipped", "Skip"],
  ["done", "Done"],
];

function on() {
  return localStorage.getItem(ON) === "on";
}

function key() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

async function send(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "X-Backbeat": "1", "Content-Type": "application/json", "Idempotency-Key": key() },
    body: JSON.stringify(body),
  });
}

async function answer(reminder, said) {
  closeShown();
  const url = `${API}/${reminder.id}/answer`;
  const label = `your answer to the ${reminder.slot} reminder (${ANSWERS.find(([word]) => word === said)[1]})`;
  try {
    await outbox.keep({ url, body: { answer: said }, label });
    window.dispatchEvent(new Event("backbeat:kept")); // offline.js sends it now, or when it can
  } catch {
    await send(url, { answer: said }).catch(() => {}); // no IndexedDB here: straight to the server
  }
  // The session plays from what this device kept when there is no connection.
  if (said === "started") window.location.href = `/session?slot=${encodeURIComponent(reminder.id)}`;
}

let shown = null; // { reminder, note }

function closeShown() {
  if (!shown) return;
  if (shown.note) shown.note.close();
  const banner = document.getElementById("reminder");
  if (banner) banner.remove();
  shown = null;
}

function banner(reminder) {
  const box = document.createElement("section");
  box.id = "reminder";
  box.className = "reminder card";
  box.setAttribute("role", "status");
  box.setAttribute("aria-label", "Reminder");
  const title = document.createElement("h2");
  title.textContent = reminder.title;
  const text = document.createElement("p");
  text.textContent = reminder.text;
  box.append(title, text);
  if (reminder.notice) {
    const notice = document.createElement("p");
    notice.className = "hint";
    notice.textContent = reminder.notice;
    box.append(notice);
  }
  const buttons = document.createElement("p");
  buttons.className = "form-buttons";
  for (const [said, label] of ANSWERS) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = said === "started" ? "button" : "button quiet";
    button.textContent = label;
    button.addEventListener("click", () => answer(reminder, said));
    buttons.append(button);
  }
  box.append(buttons);
  const main = document.getElementById("main");
  if (main) main.prepend(box);
}

function show(reminder) {
  closeShown(); // the next one replaces it
  shown = { reminder, note: null };
  banner(reminder);
  if ("Notification" in window && Notification.permission === "granted") {
    const note = new Notification(reminder.title, { body: reminder.text, tag: `backbeat-${reminder.id}` });
    note.addEventListener("click", () => {
      window.focus();
      answer(reminder, "started");
    });
    shown.note = note;
  }
}

async function look() {
  if (!on()) return;
  let due;
  try {
    const answered = await fetch(`${API}/due`, { headers: { Accept: "application/json" } });
    if (!answered.ok) return;
    due = await answered.json();
  } catch {
    return; // offline: the next look tries again
  }
  try {
    for (const held of due.held) {
      if (!held.recorded) await send(`${API}/${held.id}/answer`, { answer: "held" });
    }
    for (const reminder of due.show) {
      // Recorded first: when another tab or the daemon showed it already, the server says 409.
      const sent = await send(`${API}/${reminder.id}/answer`, { answer: "sent" });
      if (sent.ok) show(reminder);
    }
  } catch {
    return; // the connection went meanwhile: the server still says it is due, next time
  }
  describe(due);
}

function describe(due) {
  const state = document.getElementById("remind-state");
  if (!state) return;
  if (!on()) state.textContent = "Reminders are off in this browser.";
  else if (due && due.paused_until) state.textContent = `Paused until ${new Date(due.paused_until).toLocaleString()}.`;
  else if (!("Notification" in window) || Notification.permission !== "granted") state.textContent = "Reminders are on while a backbeat page is open (on the page itself: your browser has not allowed notifications).";
  else state.textContent = "Reminders are on while a backbeat page is open.";
}

async function refresh() {
  try {
    const answered = await fetch(`${API}/due`);
    describe(answered.ok ? await answered.json() : null);
  } catch {
    describe(null);
  }
}

// Settings: turning reminders on asks the browser's permission first; the pause is the same
// pause as `backbeat remind pause tomorrow` (until your next waking), for every face.
const toggle = document.getElementById("remind-on");
if (toggle) {
  toggle.checked = on();
  toggle.addEventListener("change", async () => {
    if (toggle.checked && "Notification" in window && Notification.permission !== "granted") {
      await Notification.requestPermission();
    }
    localStorage.setItem(ON, toggle.checked ? "on" : "off");
    refresh();
    look();
  });
  const pause = document.getElementById("remind-pause");
  if (pause) {
    pause.addEventListener("click", async () => {
      await send(`${API}/pause`, { length: "tomorrow" });
      refresh();
    });
  }
  refresh();
}

look();
setInterval(look, LOOK_EVERY);
