// The session player: plays the timeline the server built (backbeat.session.timeline), as the
// terminal player does. Every cue falls due at an absolute deadline on the page's monotonic
// clock (start + t), so late timers never add up; a pause moves the start later by exactly its
// length. Skip, "this hurts", the gentler variation and, after a second movement that hurt,
// the offer to end the session follow backbeat.session.player.
import { Figure, reducedMotion } from "./figure.js";
import * as outbox from "./outbox.js";

const $ = (id) => document.getElementById(id);
const data = JSON.parse($("session-data").textContent);
// A session page kept on this device plays at the speed its address asks for (?speed=X, as
// --speed X): the kept page was made at another, so its times are scaled here as the server
// scales them (every time and length divided by the speed).
const asked = Number(new URLSearchParams(window.location.search).get("speed") || 1);
if (asked >= 0.01 && asked <= 1000 && Math.abs(asked - data.speed) > 1e-9) {
  const factor = data.speed / asked;
  for (const e of data.events) {
    e.t *= factor;
    if (e.seconds !== null && e.seconds !== undefined) e.seconds *= factor;
  }
  data.duration *= factor;
  data.speed = asked;
}
const words = data.words;
const root = $("player");
const figure = new Figure($("figure"));
const reduced = reducedMotion();
const TONES = { prepare: 392, move: 523.25, hold: 659.25, release: 440, rest: 349.23, switch: 493.88, done: 392 };
const BREATH = { small: 18, big: 40 };
const RING = Number($("ring").getAttribute("stroke-dasharray")); // the ring's length: a full dash

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const add = (list, move) => {
  if (list.includes(move)) return false;
  list.push(move);
  return true;
};
const clock = (seconds) => {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
};

class Sound {
  constructor() { this.context = null; this.tones = true; this.voice = false; }

  begin() {
    this.tones = $("opt-sound").checked;
    this.voice = $("opt-voice").checked && "speechSynthesis" in window;
    if (this.tones && !this.context) {
      try { this.context = new AudioContext(); } catch { this.context = null; }
    }
  }

  tone(kind) {
    const frequency = TONES[kind];
    if (!this.tones || !this.context || !frequency) return;
    const ctx = this.context;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t = ctx.currentTime;
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.12, t + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.65);
  }

  say(text) {
    if (!this.voice) return;
    window.speechSynthesis.cancel(); // a new cue cuts off one still being spoken
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }

  stop() { if (this.voice) window.speechSynthesis.cancel(); }
}

class Player {
  constructor(session) {
    this.motions = {};
    this.load(session);
    this.before = 0; // seconds played on earlier timelines (after taking a gentler variation)
    this.outcome = { started: [], completed: [], skipped: [], hurt: [], taken: [], ended_early: false };
    this.names = {}; // movement id -> name, for the check-in's list of what hurt
    this.state = "ready";
    this.timer = null;
    this.sound = new Sound();
  }

  load(session) {
    this.events = session.events;
    this.spans = session.spans;
    this.steps = session.steps;
    this.duration = session.duration;
    this.speed = session.speed;
    Object.assign(this.motions, session.motions);
    this.starts = new Map();
    this.events.forEach((e, i) => { if (e.step !== null && !this.starts.has(e.step)) this.starts.set(e.step, i); });
    this.index = 0;
    this.cue = null;
  }

  firstOf(step) { return this.starts.has(step) ? this.starts.get(step) : this.events.length - 1; }

  setState(state) { this.state = state; root.dataset.state = state; }

  played() {
    const at = this.state === "playing" ? performance.now() : this.heldAt;
    return Math.max(0, (at - this.start) / 1000);
  }

  begin() {
    this.sound.begin();
    $("ready").hidden = true;
    $("stage").hidden = false;
    root.focus();
    this.start = performance.now();
    this.begun = this.start; // for the journal: how long the session took, pauses included
    this.setState("playing");
    this.schedule();
    requestAnimationFrame(() => this.frame());
  }

  // Show every cue whose deadline has come, then sleep until the next one.
  schedule() {
    clearTimeout(this.timer);
    if (this.state !== "playing") return;
    while (this.index < this.events.length) {
      const wait = this.start + this.events[this.index].t * 1000 - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.schedule(), wait);
        return;
      }
      this.show(this.index);
      this.index += 1;
    }
    this.finish();
  }

  show(i) {
    const e = this.events[i];
    if (e.kind === "move" && e.move && add(this.outcome.started, e.move)) this.keep();
    if (e.step !== null && i === this.firstOf(e.step + 1) - 1 && add(this.outcome.completed, e.move || "")) this.keep();
    if (e.kind === "tick") {
      if (Number(e.text) <= 3) this.sound.say(e.text);
      return;
    }
    this.cue = i;
    const step = e.step !== null ? this.steps[e.step] : null;
    $("cue").textContent = e.text;
    const upcoming = this.events.slice(i + 1).find((n) => n.kind !== "tick");
    $("next").textContent = upcoming && upcoming.kind !== "done" ? `Next: ${upcoming.text}` : "";
    $("move-name").textContent = step ? step.name : "";
    const reps = step && step.reps && e.rep ? `${e.rep} of ${step.reps}` : "";
    const side = e.side ? `${e.side} side` : "";
    $("rep").textContent = [reps, side].filter(Boolean).join(" · ");
    const cautions = $("cautions-now");
    cautions.hidden = !(e.kind === "prepare" && step && step.cautions.length);
    if (!cautions.hidden) cautions.replaceChildren(...step.cautions.map((c) => Object.assign(document.createElement("li"), { textContent: c })));
    root.className = `player phase-${e.kind}`;
    if (e.kind !== "intro") this.sound.tone(e.kind);
    this.sound.say(e.text);
    if (e.kind !== "prepare") $("note").textContent = "";
  }

  // --- what the person asks for ---------------------------------------------------------------

  pause() {
    if (this.state === "playing") {
      this.heldAt = performance.now();
      this.setState("paused");
      clearTimeout(this.timer);
      this.sound.stop();
      $("pause").textContent = "Resume";
      $("note").textContent = "Paused. Press space or Resume to go on where you were.";
    } else if (this.state === "paused") {
      this.start += performance.now() - this.heldAt;
      this.setState("playing");
      $("pause").textContent = "Pause";
      $("note").textContent = "";
      this.schedule();
    }
  }

  currentStep() {
    if (this.index && this.events[this.index - 1].step !== null) return this.events[this.index - 1].step;
    return this.index < this.events.length ? this.events[this.index].step : null;
  }

  jump(i) {
    this.start = performance.now() - this.events[i].t * 1000;
    this.index = i;
    this.setState("playing");
    this.schedule();
  }

  skip() {
    if (this.state !== "playing") return;
    const step = this.currentStep();
    if (step === null || step === undefined) return;
    const s = this.steps[step];
    if (add(this.outcome.skipped, s.move)) this.keep();
    $("note").textContent = fill(words.skipped, { name: s.name });
    this.jump(this.firstOf(step + 1));
  }

  hurt() {
    if (this.state === "paused") {
      this.start += performance.now() - this.heldAt;
      this.setState("playing");
      $("pause").textContent = "Pause";
    }
    if (this.state !== "playing") return;
    const step = this.currentStep();
    if (step === null || step === undefined) return;
    const s = this.steps[step];
    if (add(this.outcome.hurt, s.move)) this.keep();
    this.names[s.move] = s.name;
    this.sound.stop();
    if (this.outcome.hurt.length >= words.enough.after) {
      this.enough(step, s);
      return;
    }
    if (!s.gentler) {
      $("note").textContent = fill(words.stopped, { name: s.name });
      this.jump(this.firstOf(step + 1));
      return;
    }
    clearTimeout(this.timer);
    this.heldAt = performance.now();
    this.setState("offer");
    this.offered = step;
    $("offer-text").textContent = fill(words.offer, { name: s.name, gentler: s.gentler.name });
    $("take").textContent = `Try ${s.gentler.name} instead`;
    $("take").append(" ", Object.assign(document.createElement("kbd"), { textContent: "e" }));
    $("offer").hidden = false;
    $("take").focus();
    this.sound.say($("offer-text").textContent);
    this.offerTimer = setTimeout(() => this.goOn(), (words.offerSeconds * 1000) / this.speed);
  }

  // After a second movement that hurt: offer to end the session here (q), or go on gently.
  enough(step, s) {
    clearTimeout(this.timer);
    this.heldAt = performance.now();
    this.setState("enough");
    this.offered = step;
    const n = this.outcome.hurt.length;
    const count = n < words.enough.numbers.length ? words.enough.numbers[n] : String(n);
    $("enough-text").textContent = fill(words.enough.text, { name: s.name, count: count.toLowerCase() });
    $("enough").hidden = false;
    $("end-now").focus();
    this.sound.say($("enough-text").textContent);
    this.offerTimer = setTimeout(() => this.goOn(), (words.offerSeconds * 1000) / this.speed);
  }

  goOn() {
    if (this.state !== "offer" && this.state !== "enough") return;
    clearTimeout(this.offerTimer);
    $("offer").hidden = true;
    $("enough").hidden = true;
    root.focus();
    this.jump(this.firstOf(this.offered + 1));
  }

  async take() {
    if (this.state !== "offer") return;
    clearTimeout(this.offerTimer);
    const step = this.offered;
    const gentler = this.steps[step].gentler;
    this.setState("waiting");
    // The API answers any change only with its X-Backbeat header, which no other site can send.
    // With no connection there is no gentler version to fetch: the session goes on without it.
    const response = await fetch("/api/v1/session/gentler", {
      method: "POST",
      headers: { "content-type": "application/json", "x-backbeat": "1" },
      body: JSON.stringify({
        move: this.steps[step].move,
        then: this.steps.slice(step + 1).map((s) => ({ move: s.move, dose: s.dose })),
        speed: this.speed,
      }),
    }).catch(() => null);
    $("offer").hidden = true;
    root.focus();
    if (!response || !response.ok) {
      this.setState("offer");
      this.goOn();
      return;
    }
    if (add(this.outcome.taken, gentler.move)) this.keep();
    const played = (performance.now() - this.start) / 1000;
    this.before += Math.min(played, this.duration);
    this.load(await response.json());
    this.start = performance.now();
    this.setState("playing");
    this.schedule();
  }

  quit() {
    if (this.state === "ready" || this.state === "finished") return;
    this.outcome.ended_early = true;
    this.finish();
  }

  finish() {
    clearTimeout(this.timer);
    clearTimeout(this.offerTimer);
    this.setState("finished");
    this.sound.stop();
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    $("stage").hidden = true;
    const o = this.outcome;
    if (!o.started.length && !o.hurt.length) {
      $("nothing").hidden = false;
      return;
    }
    this.fillOutcome();
    this.keep();
    if (o.hurt.length) {
      $("stopped-names").textContent = o.hurt.map((m) => this.names[m] || m).join(", ");
      $("checkin-stopped").hidden = false;
    }
    $("checkin").hidden = false;
    $("checkin").querySelector("input[type=radio]").focus();
  }

  // --- saving as it goes ------------------------------------------------------------------------
  // Every outcome is sent to the journal as it happens, under the session's key, so closing the
  // tab (or losing the connection) at any moment keeps everything up to then; the check-in
  // then completes the same session instead of adding another.

  fillOutcome() {
    const o = this.outcome;
    for (const field of ["started", "completed", "skipped", "hurt", "taken"]) $(`out-${field}`).value = o[field].join(" ");
    $("out-ended_early").value = o.ended_early ? "yes" : "no";
    $("out-seconds").value = ((performance.now() - this.begun) / 1000).toFixed(1);
  }

  progressForm() {
    this.fillOutcome();
    const form = new FormData($("checkin"));
    for (const answer of ["pain", "pain_after", "sharp", "difficulty", "answered", "once"]) form.delete(answer);
    return form;
  }

  keep() {
    if (!this.outcome.started.length && !this.outcome.hurt.length) return;
    this.kept = true;
    if (!navigator.onLine) {
      this.keepHere();
      return;
    }
    fetch("/session/progress", { method: "POST", body: this.progressForm(), keepalive: true })
      .then((response) => { if (response.status >= 500) this.keepHere(); })
      .catch(() => this.keepHere());
  }

  // With no connection, the session so far waits on this device (one entry per session, each
  // save replacing the one before) and goes to the journal through the API when it is back.
  keepHere() {
    const form = this.progressForm();
    const list = (name) => String(form.get(name) || "").split(/\s+/).filter(Boolean);
    const body = {
      key: String(form.get("key")),
      planned: list("planned"),
      started: list("started"),
      completed: list("completed"),
      skipped: list("skipped"),
      hurt: list("hurt"),
      taken: list("taken"),
      ended_early: form.get("ended_early") === "yes",
      seconds: Number(form.get("seconds")) || 0,
      ended: outbox.localStamp(),
      finished: false,
    };
    if (form.get("slot")) body.slot = String(form.get("slot"));
    const label = this.outcome.hurt.length ? "a session where something hurt" : "a session so far";
    outbox.keep({ id: `progress:${body.key}`, url: "/api/v1/sessions", body, label })
      .then(() => window.dispatchEvent(new Event("backbeat:kept")))
      .catch(() => {});
  }

  leave() {
    // The page is going away: one last save that the browser sends even as it closes.
    if (!this.kept || this.sent) return;
    if (!navigator.onLine) {
      this.keepHere();
      return;
    }
    navigator.sendBeacon("/session/progress", this.progressForm());
  }

  // --- drawing, every animation frame ---------------------------------------------------------

  frame() {
    if (this.state === "finished") return;
    this.draw();
    requestAnimationFrame(() => this.frame());
  }

  draw() {
    const played = this.played();
    const total = this.before + this.duration;
    const elapsed = this.before + Math.min(played, this.duration);
    $("bar").max = total;
    $("bar").value = elapsed;
    $("time").textContent = `${clock(elapsed)} / ${clock(total)}`;
    if (this.cue === null) return;
    const e = this.events[this.cue];
    const seconds = e.seconds || 0;
    const progress = seconds > 0 ? Math.min(1, Math.max(0, (played - e.t) / seconds)) : 1;
    const span = this.spans[this.cue];
    if (span) {
      figure.use(this.motions[span.move]);
      let f = reduced ? 1 : progress;
      if (span.n > 1 && !reduced) f = progress >= 1 ? 1 : (progress * span.n) % 1;
      figure.draw(span.m ? "right" : "left", span.a + (span.b - span.a) * f);
    }
    const swell = { move: progress, hold: 1, release: 1 - progress }[e.kind] ?? 0;
    const eased = reduced ? (e.kind === "move" || e.kind === "hold" ? 1 : 0) : 0.5 - 0.5 * Math.cos(Math.PI * swell);
    $("breath").setAttribute("r", (BREATH.small + (BREATH.big - BREATH.small) * eased).toFixed(1));
    const counting = e.kind === "prepare" || e.kind === "hold" || e.kind === "switch" || seconds * this.speed >= 10;
    const left = Math.max(0, seconds - (played - e.t));
    $("ring").setAttribute("stroke-dashoffset", counting && seconds > 0 ? (RING * (1 - left / seconds)).toFixed(2) : String(RING));
    $("count").textContent = counting && left > 0 ? String(Math.ceil(left * this.speed - 1e-6)) : "";
  }
}

const player = new Player(data);
// The first cue's figure, so the stage is never empty before it starts.
if (data.spans[0]) {
  figure.use(data.motions[data.spans[0].move]);
  figure.draw("left", data.spans[0].a);
}

$("start").addEventListener("click", () => player.begin());
window.addEventListener("pagehide", () => player.leave());
$("checkin").addEventListener("submit", () => { player.sent = true; });
$("pause").addEventListener("click", () => player.pause());
$("skip").addEventListener("click", () => player.skip());
$("hurt").addEventListener("click", () => player.hurt());
$("quit").addEventListener("click", () => player.quit());
$("take").addEventListener("click", () => player.take());
$("go-on").addEventListener("click", () => player.goOn());
$("end-now").addEventListener("click", () => player.quit());
$("go-on-gently").addEventListener("click", () => player.goOn());
$("full").addEventListener("click", () => fullScreen());

function fullScreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else root.requestFullscreen?.().catch(() => {});
}

// Single-key shortcuts act only while the player (or a control in it) has focus, and only while
// the switch before Start leaves them on (WCAG 2.1.4): a key typed elsewhere on the page, or by
// speech input, does nothing to the session.
const keysOn = $("opt-keys");
const shortcuts = [...root.querySelectorAll("[aria-keyshortcuts]")].map((b) => [b, b.getAttribute("aria-keyshortcuts")]);
const showKeys = () => {
  $("keys-now").hidden = !keysOn.checked;
  for (const [button, keys] of shortcuts) {
    if (keysOn.checked) button.setAttribute("aria-keyshortcuts", keys);
    else button.removeAttribute("aria-keyshortcuts");
  }
};
keysOn.addEventListener("change", showKeys);
showKeys();
root.addEventListener("keydown", (event) => {
  if (!keysOn.checked) return;
  if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
  if (player.state === "ready" || player.state === "finished") return;
  const actions = { " ": () => player.pause(), s: () => player.skip(), h: () => player.hurt(), e: () => player.take(), q: () => player.quit(), f: fullScreen };
  const action = actions[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});
