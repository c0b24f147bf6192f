// backbeat with no connection, on every page: the service worker that keeps today's and
// tomorrow's sessions (sw.js), and the records kept on this device until they can be sent (see
// outbox.js): they are sent when the page loads, when the connection comes back, and again
// after a while until they have gone. The page says how many wait, and shows any refused.
// A Today page kept on the device is dated by the days the server listed (when each plan day
// begins and ends): opened once its day is over, it gives way to the later day's kept Today,
// or says plainly which day it shows.
import * as outbox from "./outbox.js";

const panel = document.getElementById("outbox");
const FIRST_WAIT = 1000;
const LONGEST_WAIT = 60000;
let wait = FIRST_WAIT;
let timer = null;

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function show() {
  if (!panel) return;
  const all = await outbox.entries();
  const waiting = all.filter((e) => e.state === "waiting");
  const refused = all.filter((e) => e.state === "refused");
  panel.hidden = all.length === 0;
  panel.dataset.waiting = String(waiting.length);
  panel.dataset.refused = String(refused.length);
  const parts = [];
  if (waiting.length) {
    const line = document.createElement("p");
    line.className = "outbox-waiting";
    line.textContent = `${plural(waiting.length, "record")} kept on this device ${waiting.length === 1 ? "waits" : "wait"} to be sent to your journal` +
      (navigator.onLine ? "." : ": there is no connection now, and they go as soon as it is back.");
    parts.push(line);
  }
  for (const entry of refused) {
    const item = document.createElement("div");
    item.className = "outbox-refused";
    const said = document.createElement("p");
    said.textContent = `Not saved: ${entry.label} (${entry.made.slice(0, 16).replace("T", " ")}). backbeat refused it: ${entry.problem}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button quiet";
    button.textContent = "I have seen this";
    button.addEventListener("click", async () => { await outbox.dismiss(entry.id); show(); });
    item.append(said, button);
    parts.push(item);
  }
  panel.replaceChildren(...parts);
}

export async function sync() {
  clearTimeout(timer);
  let waiting = 0;
  try {
    waiting = await outbox.send();
  } catch {
    waiting = 1; // IndexedDB could not be read just now: look again later
  }
  await show().catch(() => {});
  if (waiting > 0) {
    timer = setTimeout(sync, wait);
    wait = Math.min(wait * 2, LONGEST_WAIT);
  } else {
    wait = FIRST_WAIT;
  }
}

// The plan days the worker keeps a Today of, as the server gave them: date, from, until, url.
async function keptDays() {
  if (!("caches" in window)) return [];
  const hit = await caches.match("/offline/days.json");
  return hit ? (await hit.json()).days : [];
}

// Today's page is for the plan day the server made it for (data-reminders). While that day
// lasts, or when this device cannot date it, it stays as it is; once over, the latest kept day
// that has begun takes its place, and a page with none later says what day it is from. What
// was found is written on the page (data-dated: current, unknown or stale).
async function rightDay() {
  const today = document.querySelector("section.today[data-reminders]");
  if (!today) return;
  const shown = today.dataset.reminders;
  const days = await keptDays();
  const mine = days.find((d) => d.date === shown);
  const now = Date.now();
  if (!mine || now < Date.parse(mine.until)) {
    today.dataset.dated = mine ? "current" : "unknown";
    return;
  }
  const here = location.pathname + location.search;
  const later = days.filter((d) => d.date > shown && Date.parse(d.from) <= now && d.url !== here);
  for (const day of later.reverse()) {
    if (await caches.match(day.url)) {
      location.replace(day.url);
      return;
    }
  }
  const date = today.querySelector("h1 .sub");
  const note = document.createElement("div");
  note.className = "note stale-day";
  note.setAttribute("role", "status");
  const said = document.createElement("p");
  said.textContent = `This is the plan for ${date ? date.textContent : shown}, as this device kept it: not today's. ` +
    "backbeat cannot be reached now; today's plan shows here as soon as it can be.";
  note.append(said);
  today.querySelector(".page-head")?.after(note);
  today.dataset.dated = "stale";
}

window.addEventListener("online", () => {
  wait = FIRST_WAIT;
  sync();
  if (document.querySelector(".stale-day")) location.replace("/"); // today's, from backbeat
});
window.addEventListener("offline", () => { show().catch(() => {}); });
window.addEventListener("backbeat:kept", () => { wait = FIRST_WAIT; sync(); });

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("message", (event) => {
    const said = event.data || {};
    if (said.kept !== undefined) document.documentElement.dataset.offline = said.kept ? "ready" : "partial";
    if (said.queued) sync();
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  navigator.serviceWorker.ready.then((registration) => {
    if (navigator.onLine && registration.active) registration.active.postMessage({ keep: true });
  });
}

if ("indexedDB" in window) sync();
rightDay().catch(() => {});
