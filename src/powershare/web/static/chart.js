// A small SVG line chart (no library): the quota sensitivity curve.
const NS = "http://www.w3.org/2000/svg";
// The Okabe & Ito colours of src/powershare/audit/palette.py (CYCLE, in its order), so that a
// member's line has the same colour here as in the reports' plots.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"];

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * series: [{name, points: [[x, y], ...]}]; options: {xLabel, yLabel, marker (an x to mark)}.
 */
export function lineChart(series, { xLabel = "", yLabel = "", marker = null, width = 640, height = 320 } = {}) {
  const pad = { left: 48, right: 130, top: 12, bottom: 36 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y1 = Math.max(...ys, 1e-9);
  const sx = (x) => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const sy = (y) => height - pad.bottom - (y / y1) * (height - pad.top - pad.bottom);
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
  svg.append(el("title", {}, `${yLabel} by ${xLabel}`));
  for (let i = 0; i <= 4; i++) {
    const y = (y1 * i) / 4;
    svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: sy(y), y2: sy(y), class: "grid" }));
    svg.append(el("text", { x: pad.left - 4, y: sy(y) + 4, "text-anchor": "end" }, `${(y * 100).toFixed(0)}%`));
  }
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    svg.append(el("text", { x: sx(x), y: height - pad.bottom + 14, "text-anchor": "middle" }, Number.isInteger(x) ? String(x) : x.toFixed(1)));
  }
  svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: sy(0), y2: sy(0), class: "axis" }));
  svg.append(el("line", { x1: pad.left, x2: pad.left, y1: pad.top, y2: sy(0), class: "axis" }));
  svg.append(el("text", { x: (pad.left + width - pad.right) / 2, y: height - 4, "text-anchor": "middle" }, xLabel));
  if (marker !== null && marker !== undefined) {
    svg.append(el("line", { x1: sx(marker), x2: sx(marker), y1: pad.top, y2: sy(0), class: "current" }));
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ");
    svg.append(el("path", { d, fill: "none", stroke: colour, "stroke-width": 1.8 }));
    const ly = pad.top + 14 * i + 8;
    svg.append(el("line", { x1: width - pad.right + 8, x2: width - pad.right + 22, y1: ly, y2: ly, stroke: colour, "stroke-width": 3 }));
    svg.append(el("text", { x: width - pad.right + 26, y: ly + 4 }, s.name.length > 16 ? `${s.name.slice(0, 15)}…` : s.name));
  });
  return svg;
}
