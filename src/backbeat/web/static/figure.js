// Draws a movement's figure from frames the Python motion module computed (backbeat.motion.frames):
// the page never does pose math of its own, it only interpolates between points it was given.

const NS = "http://www.w3.org/2000/svg";
const HEAD_R = 6.5;

function svgElement(name, attributes) {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

export class Figure {
  constructor(svg) {
    this.svg = svg;
    this.scenery = svg.querySelector(".scenery") || svg.appendChild(svgElement("g", { class: "scenery" }));
    this.body = svg.querySelector(".body") || svg.appendChild(svgElement("g", { class: "body" }));
    this.motion = null;
    this.lines = [];
    this.order = "";
  }

  use(motion) {
    if (this.motion === motion) return;
    this.motion = motion;
    this.svg.setAttribute("viewBox", motion.box);
    this.scenery.innerHTML = motion.scenery;
    const bones = (motion.left.p[0].length - 4) / 4;
    this.body.replaceChildren();
    this.lines = Array.from({ length: bones }, () => svgElement("line", { class: "bone" }));
    this.head = svgElement("circle", { class: "head", r: HEAD_R });
    this.nose = svgElement("circle", { class: "nose", r: 1.6 });
    this.order = "";
  }

  // The pose at keyframe time t (seconds into one repetition), on the left or right side.
  draw(side, t) {
    const frames = this.motion[side] || this.motion.left;
    const times = frames.t;
    let i = 0;
    while (i < times.length - 2 && t > times[i + 1]) i += 1;
    const span = times[i + 1] - times[i];
    const f = times.length < 2 || span <= 0 ? 0 : Math.min(1, Math.max(0, (t - times[i]) / span));
    const a = frames.p[i];
    const b = frames.p[Math.min(i + 1, frames.p.length - 1)];
    const at = (k) => a[k] + (b[k] - a[k]) * f;
    const near = f < 0.5 ? i : Math.min(i + 1, frames.p.length - 1);
    const far = frames.far[near];
    this.lines.forEach((line, n) => {
      line.setAttribute("x1", at(4 * n).toFixed(1));
      line.setAttribute("y1", at(4 * n + 1).toFixed(1));
      line.setAttribute("x2", at(4 * n + 2).toFixed(1));
      line.setAttribute("y2", at(4 * n + 3).toFixed(1));
      line.setAttribute("class", far & (1 << n) ? "bone far" : "bone");
    });
    const h = 4 * this.lines.length;
    this.head.setAttribute("cx", at(h).toFixed(1));
    this.head.setAttribute("cy", at(h + 1).toFixed(1));
    this.nose.setAttribute("cx", at(h + 2).toFixed(1));
    this.nose.setAttribute("cy", at(h + 3).toFixed(1));
    const order = frames.o[near];
    const key = order.join(",");
    if (key !== this.order) {
      this.order = key;
      const parts = order.map((n) => (n < this.lines.length ? [this.lines[n]] : [this.head, this.nose]));
      this.body.replaceChildren(...parts.flat());
    }
  }

  // The length of one repetition, in keyframe seconds.
  get length() {
    const times = this.motion.left.t;
    return times[times.length - 1] - times[0];
  }
}

export function reducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}
