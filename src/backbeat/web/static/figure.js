// Draws a movement's figure from frames the Python motion module computed (backbeat.motion.frames):
// the page never does pose math of its own, it only interpolates between the points it was given
// and outlines the parts around them by the rules of backbeat.motion.outline, so it draws the same
// figure as the server's SVG: a torso, tapered limbs (left light, right dark), hands, feet and a
// head whose nose shows where the face points.

const NS = "http://www.w3.org/2000/svg";
const HEAD_R = 6.5;
const NOSE = 2.5;
const INK = "#24495e";
// backbeat.motion.outline.parts_json(DRAWN): tests/motion/test_outline.py keeps the two equal.
const PARTS = [{"c":"#5b7d8f","s":"trunk","k":[[0,1,5.5,6.0],[1,2,6.0,3.6],[2,3,3.6,3.0]],"q":[4,7,15,10]},{"c":"#8fb3c6","s":"l","k":[[4,5,2.4,2.0],[5,6,2.0,1.5],[6,6,1.8,1.8]],"q":[]},{"c":"#24495e","s":"r","k":[[7,8,2.4,2.0],[8,9,2.0,1.5],[9,9,1.8,1.8]],"q":[]},{"c":"#8fb3c6","s":"l","k":[[10,11,3.4,2.8],[11,12,2.8,1.9],[12,13,1.7,0.9],[13,14,0.9,0.8],[14,12,0.8,1.7]],"q":[]},{"c":"#24495e","s":"r","k":[[15,16,3.4,2.8],[16,17,2.8,1.9],[17,18,1.7,0.9],[18,19,0.9,0.8],[19,17,0.8,1.7]],"q":[]}];
const HEAD = 3; // index of the head's centre in a frame's points
const NOSE_AT = 20; // and of the nose's tip
const POINTS = 21; // points per view in a frame

function svgElement(name, attributes) {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

const f1 = (v) => v.toFixed(1);

// The outline around two circles: a tapered limb (backbeat.motion.outline.capsule_path).
export function capsulePath(ax, ay, bx, by, ra, rb) {
  const length = Math.hypot(bx - ax, by - ay);
  if (length <= Math.abs(ra - rb) + 1e-6) {
    const [x, y, r] = ra >= rb ? [ax, ay, ra] : [bx, by, rb];
    const arc = `a${f1(r)} ${f1(r)} 0 1 1`;
    return `M${f1(x - r)} ${f1(y)}${arc} ${f1(2 * r)} 0${arc} ${f1(-2 * r)} 0Z`;
  }
  const theta = Math.atan2(by - ay, bx - ax);
  const psi = Math.acos((ra - rb) / length);
  const at = (x, y, r, angle) => `${f1(x + r * Math.cos(angle))} ${f1(y + r * Math.sin(angle))}`;
  const bigB = psi > Math.PI / 2 ? 1 : 0;
  const bigA = psi < Math.PI / 2 ? 1 : 0;
  return (
    `M${at(ax, ay, ra, theta - psi)}L${at(bx, by, rb, theta - psi)}` +
    `A${f1(rb)} ${f1(rb)} 0 ${bigB} 1 ${at(bx, by, rb, theta + psi)}` +
    `L${at(ax, ay, ra, theta + psi)}A${f1(ra)} ${f1(ra)} 0 ${bigA} 1 ${at(ax, ay, ra, theta - psi)}Z`
  );
}

function quadPath(corners) {
  let area = 0;
  corners.forEach(([x1, y1], i) => {
    const [x2, y2] = corners[(i + 1) % corners.length];
    area += x1 * y2 - x2 * y1;
  });
  const turned = area >= 0 ? corners : [...corners].reverse();
  return "M" + turned.map(([x, y]) => `${f1(x)} ${f1(y)}`).join("L") + "Z";
}

function nosePath(hx, hy, tx, ty) {
  const dx = tx - hx;
  const dy = ty - hy;
  const reach = Math.hypot(dx, dy);
  if (reach < 0.3) return "";
  const [ux, uy] = [dx / reach, dy / reach];
  const k = (HEAD_R - 1.5) / (HEAD_R + NOSE);
  const [bx, by] = [hx + dx * k, hy + dy * k];
  const corners = [[bx - uy * 1.9, by + ux * 1.9], [tx, ty], [bx + uy * 1.9, by - ux * 1.9]];
  return "M" + corners.map(([x, y]) => `${f1(x)} ${f1(y)}`).join("L") + "Z";
}

// One view's parts and head, redrawn from a frame's points.
class Body {
  constructor(group) {
    this.group = group;
    this.paths = PARTS.map((part) =>
      svgElement("path", { class: `part ${part.s}`, fill: part.c, stroke: "#fbfaf7", "stroke-width": 0.6 }));
    this.head = svgElement("circle", { class: "face", r: HEAD_R, fill: "#f4f1ea", stroke: INK, "stroke-width": 2.4 });
    this.nose = svgElement("path", { class: "nose", fill: INK });
    this.order = "";
  }

  draw(at, offset, order) {
    const point = (i) => [at(offset + 2 * i), at(offset + 2 * i + 1)];
    PARTS.forEach((part, n) => {
      let d = part.q.length ? quadPath(part.q.map(point)) : "";
      for (const [i, j, ra, rb] of part.k) d += capsulePath(...point(i), ...point(j), ra, rb);
      this.paths[n].setAttribute("d", d);
    });
    const [hx, hy] = point(HEAD);
    this.head.setAttribute("cx", f1(hx));
    this.head.setAttribute("cy", f1(hy));
    this.nose.setAttribute("d", nosePath(hx, hy, ...point(NOSE_AT)));
    const key = order.join(",");
    if (key !== this.order) {
      this.order = key;
      this.group.replaceChildren(...order.flatMap((n) => (n < PARTS.length ? [this.paths[n]] : [this.head, this.nose])));
    }
  }
}

export class Figure {
  constructor(svg) {
    this.svg = svg;
    this.scenery = svg.querySelector(".scenery") || svg.appendChild(svgElement("g", { class: "scenery" }));
    this.group = svg.querySelector(".body") || svg.appendChild(svgElement("g", { class: "body" }));
    this.motion = null;
  }

  use(motion) {
    if (this.motion === motion) return;
    this.motion = motion;
    this.svg.setAttribute("viewBox", motion.box);
    this.scenery.innerHTML = motion.scenery;
    this.group.replaceChildren();
    this.body = new Body(this.group);
    // Direction arrows (shown while paused) and the second small view go above the figure.
    for (const old of this.svg.querySelectorAll(":scope > .arrow, :scope > .inset")) old.remove();
    this.arrows = [...this.scenery.querySelectorAll(".arrow")];
    const inset = this.scenery.querySelector(".inset");
    this.svg.append(...this.arrows, ...(inset ? [inset] : []));
    this.inset = inset ? new Body(inset.querySelector(".body")) : null;
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
    const order = frames.o[f < 0.5 ? i : Math.min(i + 1, frames.p.length - 1)];
    const split = PARTS.length + 1;
    this.body.draw(at, 0, order.filter((n) => n < split));
    if (this.inset) this.inset.draw(at, 2 * POINTS, order.filter((n) => n >= split).map((n) => n - split));
    const paused = this.svg.closest("[data-state]")?.dataset.state === "paused";
    for (const arrow of this.arrows) {
      arrow.setAttribute("visibility", paused && arrow.dataset.side === (this.motion[side] ? side : "left") ? "visible" : "hidden");
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
