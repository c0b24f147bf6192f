// What this device keeps for the journal while backbeat cannot be reached: each record waits in
// IndexedDB with the one-time key of its write, and is sent to the JSON API when the connection
// is back. The key makes sending safe to repeat (a record whose answer was lost on the way is
// answered as the first time, and stored once); a record the server refuses stays here, marked,
// until the person has seen it. The service worker (sw.js) adds records to the same store.

const DB = "backbeat";
const STORE = "outbox";
const LOCK = "backbeat-outbox";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// One transaction: `work` makes its requests at once, and its answer is the last request's result.
async function withStore(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export function oneTimeKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The moment as local time with its UTC offset, as the API reads `at`: 2026-11-23T10:41:07+01:00.
export function localStamp(date = new Date()) {
  const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

// Keep a record to send: `id` names it here (a session saved as it goes keeps one entry, each save
// replacing the one before), `once` is its write's one-time key, `url` and `body` the API write.
export async function keep({ id, once = oneTimeKey(), url, body, label }) {
  const entry = { id: id || once, once, url, body: JSON.stringify(body), label, made: localStamp(), seq: Date.now() + Math.random(), state: "waiting" };
  await withStore("readwrite", (store) => store.put(entry));
  navigator.storage?.persist?.().catch(() => {});
  return entry;
}

export async function entries() {
  const all = (await withStore("readonly", (store) => store.getAll())) || [];
  return all.sort((a, b) => a.seq - b.seq);
}

// Remove an entry only while it is still the one sent: a newer save under the same id stays.
function removeSent(entry) {
  return withStore("readwrite", (store) => {
    const found = store.get(entry.id);
    found.onsuccess = () => { if (found.result && found.result.once === entry.once) store.delete(entry.id); };
    return found;
  });
}

function refuse(entry, problem) {
  return withStore("readwrite", (store) => {
    const found = store.get(entry.id);
    found.onsuccess = () => {
      if (found.result && found.result.once === entry.once) store.put({ ...found.result, state: "refused", problem });
    };
    return found;
  });
}

export function dismiss(id) {
  return withStore("readwrite", (store) => store.delete(id));
}

async function problemOf(response) {
  try {
    const body = await response.json();
    return body.problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  } catch {
    return `backbeat answered ${response.status}`;
  }
}

// Send what waits, oldest first, until one cannot go (no connection, or the journal busy): 2xx
// takes it off the list, a refusal (4xx) marks it for the person to see. Returns how many wait.
async function sendWaiting() {
  for (const entry of await entries()) {
    if (entry.state !== "waiting") continue;
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "x-backbeat": "1", "idempotency-key": entry.once },
        body: entry.body,
      });
    } catch {
      break; // no connection: all of it waits for the next try
    }
    if (response.ok) await removeSent(entry);
    else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) await refuse(entry, await problemOf(response));
    else break; // busy or a fault on the way: try again later
  }
  return (await entries()).filter((e) => e.state === "waiting").length;
}

// One sender at a time across this device's tabs (the keys would keep a second from storing
// anything twice, but need not be put to the test).
export function send() {
  if (navigator.locks) return navigator.locks.request(LOCK, () => sendWaiting());
  return sendWaiting();
}
