// Small looping figures on the catalogue's cards and movement pages. Each card's frames are
// fetched when it scrolls into view; with reduced motion the still picture stays.
import { Figure, reducedMotion } from "./figure.js";

const PAUSE_START = 0.5; // seconds at the start pose before each loop
const PAUSE_END = 0.9; // and at the end of it
const figures = new Map(); // holder -> { figure, start }, once its frames are here
const visible = new Set();

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

// Only the figures on screen are drawn, each looping its repetition with a pause at both ends.
function loop(now) {
  for (const holder of visible) {
    const item = figures.get(holder);
    if (!item) continue;
    const cycle = PAUSE_START + item.figure.length + PAUSE_END;
    const t = ((now - item.start) / 1000) % cycle;
    item.figure.draw("left", Math.min(item.figure.length, Math.max(0, t - PAUSE_START)));
  }
  requestAnimationFrame(loop);
}

if (!reducedMotion()) {
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) {
        visible.delete(entry.target);
        continue;
      }
      visible.add(entry.target);
      if (!entry.target.dataset.loading) {
        entry.target.dataset.loading = "yes";
        animate(entry.target);
      }
    }
  }, { rootMargin: "200px" });
  document.querySelectorAll(".card-figure[data-move]").forEach((holder) => seen.observe(holder));
  requestAnimationFrame(loop);
}
