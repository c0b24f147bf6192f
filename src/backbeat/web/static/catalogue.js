// Small looping figures on the catalogue's cards and movement pages; with reduced motion the
// still picture stays. A card's figure moves only while the card is pointed at or has the
// keyboard's focus (its frames are fetched then), so the catalogue opens still and light, and
// nothing moves on its own for longer than a glance (WCAG 2.2.2); a movement page's own figure
// moves while it is in view.
import { Figure, reducedMotion } from "./figure.js";

const PAUSE_START = 0.5; // seconds at the start pose before each loop
const PAUSE_END = 0.9; // and at the end of it
const figures = new Map(); // holder -> { figure, start }, once its frames are here
const visible = new Set();
let looping = false;

function show(holder) {
  visible.add(holder);
  if (!holder.dataset.loading) {
    holder.dataset.loading = "yes";
    animate(holder);
  }
  if (!looping) {
    looping = true;
    requestAnimationFrame(loop);
  }
}

function hide(holder) {
  visible.delete(holder);
  const item = figures.get(holder);
  if (item) item.figure.draw("left", 0);
}

async function animate(holder) {
  const response = await fetch(`/api/v1/moves/${encodeURIComponent(holder.dataset.move)}/motion`);
  if (!response.ok) return;
  const motion = await response.json();
  const still = holder.querySelector("svg");
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", motion.box);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", still?.querySelector("title")?.textContent || "");
  const figure = new Figure(svg);
  figure.use(motion);
  figure.draw("left", 0);
  if (still) still.replaceWith(svg);
  else holder.append(svg);
  figures.set(holder, { figure, start: performance.now() });
}

// Only the figures shown are drawn, each looping its repetition with a pause at both ends; the
// loop stops when none is.
function loop(now) {
  for (const holder of visible) {
    const item = figures.get(holder);
    if (!item) continue;
    const cycle = PAUSE_START + item.figure.length + PAUSE_END;
    const t = ((now - item.start) / 1000) % cycle;
    item.figure.draw("left", Math.min(item.figure.length, Math.max(0, t - PAUSE_START)));
  }
  looping = visible.size > 0;
  if (looping) requestAnimationFrame(loop);
}

if (!reducedMotion()) {
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) show(entry.target);
      else hide(entry.target);
    }
  }, { rootMargin: "200px" });
  for (const holder of document.querySelectorAll(".card-figure[data-move]")) {
    const card = holder.closest(".move-card");
    if (!card) {
      seen.observe(holder);
      continue;
    }
    card.addEventListener("pointerenter", () => show(holder));
    card.addEventListener("pointerleave", () => { if (!card.contains(document.activeElement)) hide(holder); });
    card.addEventListener("focusin", () => show(holder));
    card.addEventListener("focusout", (event) => { if (!card.contains(event.relatedTarget)) hide(holder); });
  }
}
