// backbeat's service worker, served at /sw.js (backbeat.web.pwa writes its settings in): it keeps
// the app's own files, Today, the journal, the catalogue's figures, tomorrow's Today and the
// session page of every slot of today's and tomorrow's plan, so they open with no connection.
// Pages come from the network when it answers (and are kept again), from what was kept when it
// does not. Beside them it keeps the list it was given, with the plan days its Today pages are
// for (DAYS: offline.js reads it to show the right day), and at most `visited` other pages, the
// newest. A form it cannot send (a session's check-in, this morning's, a movement logged) waits
// on the device in IndexedDB with its one-time key, for the pages' outbox.js to send through the
// JSON API.
const SETTINGS = self.BACKBEAT_SETTINGS;
const SHELL = `backbeat-shell-${SETTINGS.version}`;
const PAGES = "backbeat-pages";
const DAYS = "/offline/days.json"; // not served: the list kept, and the days, as a cache entry
const DAYS_KEPT = 7; // plan days remembered, so that a page kept a while ago can still be dated
const KEEP_EVERY_MS = 60 * 1000;
const FETCHES_AT_ONCE = 6;
const STORED = SETTINGS.stored; // kept whenever they are fetched
let kept = { at: 0, count: 0 };
let tidying = Promise.resolve();

// A URL as a cache key, its query written one way (slot=2026-11-23%2Fdesk-1030 whichever way the
// link wrote the slash).
function key(url) {
  const u = new URL(url, self.location.origin);
  const query = new URLSearchParams(u.search).toString();
  return `${u.origin}${u.pathname}${query ? `?${query}` : ""}`;
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SETTINGS.shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("backbeat-shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// One change of the pages' cache at a time, in the order asked: what is kept, then the tidying.
function tidy(work) {
  tidying = tidying.then(work).catch(() => {});
  return tidying;
}

async function listed() {
  const hit = await caches.match(DAYS, { ignoreVary: true });
  return hit ? hit.json() : { urls: [], days: [] };
}

// The list and the days as the server gave them last; days given before (up to DAYS_KEPT) are
// remembered, the newest word on each day winning.
async function remember(cache, given) {
  const before = await listed();
  const days = new Map(before.days.map((d) => [d.date, d]));
  for (const day of given.days || []) days.set(day.date, day);
  const newest = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)).slice(-DAYS_KEPT);
  const body = JSON.stringify({ urls: given.urls, days: newest });
  await cache.put(key(DAYS), new Response(body, { headers: { "content-type": "application/json" } }));
}

// Within bounds: a slot's session page or a day's Today no longer listed (an old day's) goes,
// and of the pages not on the list (addresses visited: another query, another speed) only the
// newest `visited` stay (a cache lists its entries oldest first, a page kept again as new).
async function trim(cache) {
  const wanted = new Set([...(await listed()).urls, ...STORED, DAYS].map(key));
  const others = [];
  for (const request of await cache.keys()) {
    if (wanted.has(request.url)) continue;
    const url = new URL(request.url);
    const slot = url.pathname === "/session" && url.searchParams.has("slot");
    if (slot || url.pathname.startsWith("/offline/today/")) await cache.delete(request);
    else others.push(request);
  }
  for (const request of others.slice(0, Math.max(0, others.length - SETTINGS.visited))) await cache.delete(request);
}

// What a page asks for now and then: keep today's and tomorrow's sessions (at most once a minute).
async function keep() {
  if (Date.now() - kept.at < KEEP_EVERY_MS) {
    await tidy(async () => trim(await caches.open(PAGES)));
    return kept.count;
  }
  const answer = await fetch("/offline/keep.json", { cache: "no-store", credentials: "same-origin" });
  if (!answer.ok) return 0;
  const given = await answer.json();
  const urls = given.urls;
  const cache = await caches.open(PAGES);
  await tidy(() => remember(cache, given)); // first, so that no tidying meanwhile drops what comes
  let count = 0;
  let failed = 0;
  const queue = [...urls];
  async function worker() {
    while (queue.length) {
      const url = queue.shift();
      if (url.endsWith("/motion") && (await cache.match(key(url)))) { count += 1; continue; } // a figure never changes within a version
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok && !response.redirected) {
          await cache.put(key(url), response);
          count += 1;
        } else failed += 1;
      } catch {
        failed += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: FETCHES_AT_ONCE }, worker));
  await tidy(() => trim(cache));
  kept = { at: failed ? 0 : Date.now(), count };
  return failed ? 0 : count;
}

self.addEventListener("message", (event) => {
  if (!event.data || !event.data.keep) return;
  event.waitUntil(keep().catch(() => 0).then((count) => event.source && event.source.postMessage({ kept: count })));
});

async function found(url) {
  const hit = await caches.match(key(url), { ignoreVary: true });
  if (hit) return hit;
  const u = new URL(url);
  if (u.pathname === "/session" && u.searchParams.has("speed")) {
    u.searchParams.delete("speed"); // the player plays a kept session at the speed asked for
    return caches.match(key(u), { ignoreVary: true });
  }
  return undefined;
}

async function fromNetwork(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(tidy(async () => {
        const cache = await caches.open(PAGES);
        await cache.put(key(request.url), copy);
        await trim(cache);
      }));
    }
    return response;
  } catch (error) {
    const hit = await found(request.url);
    if (hit) return hit;
    if (request.mode === "navigate") {
      const offline = await caches.match("/offline", { ignoreVary: true });
      if (offline) return offline;
    }
    throw error;
  }
}

// The app's files: kept for good under their fingerprint; a page kept from before an update asks
// for an older fingerprint, and gets today's file of the same name (as the server does).
async function staticFile(request, url) {
  const hit = await caches.match(request, { ignoreVary: true });
  if (hit) return hit;
  const name = url.pathname.split("/").slice(3).join("/");
  const current = await caches.match(`/static/${SETTINGS.version}/${name}`, { ignoreVary: true });
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL).then((cache) => cache.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    if (current) return current;
    throw error;
  }
}

// --- forms kept on the device ----------------------------------------------------------------

function stamp(date = new Date()) {
  const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

const words = (form, name) => String(form.get(name) || "").split(/\s+/).filter(Boolean);
const score = (form, name) => (form.get(name) ? Number(form.get(name)) : undefined);

// The API write for a form: the same record the form would have made, at the time it was sent.
function asRecord(path, form) {
  const made = String(form.get("made") || "") || stamp();
  if (path === "/session/checkin") {
    const body = {
      key: String(form.get("key") || ""),
      planned: words(form, "planned"),
      started: words(form, "started"),
      completed: words(form, "completed"),
      skipped: words(form, "skipped"),
      hurt: words(form, "hurt"),
      taken: words(form, "taken"),
      ended_early: form.get("ended_early") === "yes",
      seconds: Number(form.get("seconds")) || 0,
      ended: made,
      finished: true,
    };
    if (form.get("slot")) body.slot = String(form.get("slot"));
    if (form.get("answered") === "yes") {
      body.answers = { pain: score(form, "pain"), sharp: form.get("sharp") === "yes", difficulty: String(form.get("difficulty") || "") };
      if (form.get("pain_after")) body.answers.pain_after = score(form, "pain_after");
    }
    return { body, label: "a session's check-in", session: body.key };
  }
  if (path === "/journal/checkin") {
    const body = { morning_pain: score(form, "morning_pain"), at: made };
    if (form.get("stiffness")) body.stiffness = score(form, "stiffness");
    return { body, label: "this morning's check-in" };
  }
  const body = { move: String(form.get("move") || ""), sharp: form.get("sharp") === "yes", at: String(form.get("at") || "") || made };
  for (const name of ["pain_during", "pain_after"]) if (form.get(name)) body[name] = score(form, name);
  if (form.get("difficulty")) body.difficulty = String(form.get("difficulty"));
  return { body, label: `a movement logged (${body.move})` };
}

function store(entry, dropped) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("backbeat", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("outbox", { keyPath: "id" });
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction("outbox", "readwrite");
      const outbox = transaction.objectStore("outbox");
      if (dropped) outbox.delete(dropped); // a session's saves so far: its check-in says it all
      outbox.put(entry);
      transaction.oncomplete = () => { db.close(); resolve(); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    };
  });
}

async function sendOrKeep(request, path) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const form = await copy.formData();
    const once = String(form.get("once") || "") || randomKey();
    const { body, label, session } = asRecord(path, form);
    const entry = { id: once, once, url: SETTINGS.forms[path], body: JSON.stringify(body), label, made: stamp(), seq: Date.now(), state: "waiting" };
    await store(entry, session ? `progress:${session}` : null);
    for (const client of await self.clients.matchAll()) client.postMessage({ queued: true });
    const page = await caches.match("/offline/kept", { ignoreVary: true });
    if (page) return page;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && SETTINGS.forms[url.pathname]) {
    event.respondWith(sendOrKeep(request, url.pathname));
    return;
  }
  if (request.method !== "GET" || url.pathname === "/sw.js" || url.pathname === "/offline/keep.json") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request, url));
    return;
  }
  const figure = url.pathname.startsWith("/api/v1/moves/") && url.pathname.endsWith("/motion");
  if (request.mode === "navigate" || figure || STORED.includes(url.pathname)) event.respondWith(fromNetwork(event));
});
