// The design frontier: distance to the target against decisiveness, as an SVG plot and a table,
// the trade-off sentence, and "use this rule" (asks before replacing the weights and quota).
import { h, fmtPct, fmtNum } from "./util.js";

const NS = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const isChosen = (r, chosen) => chosen && r.rule === chosen.rule;

/** Distance (y, smaller is better) against decisiveness (x, larger is better); vetoes in red. */
export function frontierPlot(f, { width = 640, height = 300 } = {}) {
  const pad = { left: 56, right: 16, top: 14, bottom: 40 };
  const rules = f.frontier;
  const xs = rules.map((r) => r.decisiveness);
  const ys = rules.map((r) => r.distance);
  const floor = f.min_decisiveness;
  const x0 = 0;
  const need = Math.max(...xs, floor || 0) * 1.05;
  const x1 = [0.04, 0.08, 0.12, 0.2, 0.4, 0.6, 0.8, 1].find((x) => x >= need) || 1; // ticks at quarters
  const y1 = Math.max(Math.max(...ys) * 1.1, 0.01);
  const sx = (x) => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = (y) => height - pad.bottom - (y / y1) * (height - pad.top - pad.bottom);
  const pp = f.distance_kind === "max_rel";
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart frontier-plot", role: "img", id: "frontier-plot" });
  svg.append(el("title", {}, "distance to the target against decisiveness"));
  for (let i = 0; i <= 4; i++) {
    const y = (y1 * i) / 4;
    svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: sy(y), y2: sy(y), class: "grid" }));
    svg.append(el("text", { x: pad.left - 4, y: sy(y) + 4, "text-anchor": "end" }, pp ? `${(y * 100).toFixed(0)}%` : `${(y * 100).toFixed(y1 < 0.04 ? 2 : 1)}`));
    const x = x0 + ((x1 - x0) * i) / 4;
    svg.append(el("text", { x: sx(x), y: height - pad.bottom + 14, "text-anchor": "middle" }, `${(x * 100).toFixed(0)}%`));
  }
  svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: sy(0), y2: sy(0), class: "axis" }));
  svg.append(el("line", { x1: pad.left, x2: pad.left, y1: pad.top, y2: sy(0), class: "axis" }));
  svg.append(el("text", { x: (pad.left + width - pad.right) / 2, y: height - 6, "text-anchor": "middle" }, "decisiveness: share of coalitions that can pass a decision (more is better)"));
  svg.append(el("text", { x: 12, y: (pad.top + sy(0)) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(pad.top + sy(0)) / 2})` }, `${f.distance_kind} distance${pp ? "" : " (pp)"} (less is better)`));
  if (floor !== null && floor !== undefined) {
    svg.append(el("line", { x1: sx(floor), x2: sx(floor), y1: pad.top, y2: sy(0), class: "current" }));
    svg.append(el("text", { x: sx(floor) + 4, y: pad.top + 10 }, `floor ${fmtPct(floor, 0)}`));
  }
  const sorted = rules.slice().sort((a, b) => a.decisiveness - b.decisiveness);
  svg.append(el("path", { d: sorted.map((r, j) => `${j ? "L" : "M"}${sx(r.decisiveness).toFixed(1)},${sy(r.distance).toFixed(1)}`).join(" "), class: "frontier-line" }));
  for (const r of rules) {
    const bad = r.vetoes.length > 0 || r.unanimity;
    const dot = el("circle", { cx: sx(r.decisiveness), cy: sy(r.distance), r: 4.5, class: bad ? "frontier-dot veto" : "frontier-dot" });
    dot.append(el("title", {}, `${r.rule}: distance ${fmtNum(r.distance * 100, 2)} pp, ${fmtPct(r.decisiveness)} of coalitions${bad ? `; ${r.unanimity ? "unanimity" : `vetoes: ${r.vetoes.join(", ")}`}` : ""}`));
    svg.append(dot);
    if (isChosen(r, f.chosen)) svg.append(el("circle", { cx: sx(r.decisiveness), cy: sy(r.distance), r: 9, class: "frontier-chosen" }));
  }
  return svg;
}

function blockingText(r) {
  if (r.unanimity) return "anyone alone (unanimity)";
  if (r.vetoes.length) return `veto: ${r.vetoes.join(", ")}`;
  if (!r.blocking.length) return "–";
  const shown = r.blocking.slice(0, 3).map((c) => c.join("+")).join(", ");
  return `${r.blocking_size} together (${shown}${r.blocking.length > 3 ? ", …" : ""})`;
}

/**
 * The design result (Frontier.to_dict) in `box`; `apply(rule)` puts a rule's weights and quota in
 * the editor (the caller asks first).
 */
export function renderFrontier(f, box, apply) {
  const proof = f.proven ? "proven" : "not proven";
  box.append(
    h("p", { id: "design-tradeoff", class: "tradeoff" }, f.tradeoff),
    h("p", { class: "small muted" }, `Frontier of ${f.frontier.length} rule${f.frontier.length === 1 ? "" : "s"} (${proof}) · ${f.index} power, ${f.distance_kind} distance · ${f.stopped_by_budget ? "stopped by the time budget · " : ""}searched: ${f.searched}`),
  );
  if (f.chosen) {
    box.append(h("div", { class: "chosen", id: "design-chosen" },
      h("strong", {}, "Chosen under the floor: "), h("code", {}, f.chosen.rule),
      ` (${f.distance_kind} distance ${fmtNum(f.chosen.distance * 100, 2)} pp, ${fmtPct(f.chosen.decisiveness)} of coalitions can pass)`,
      f.chosen.vetoes.length ? h("span", { class: "neg" }, ` vetoes: ${f.chosen.vetoes.join(", ")}`) : "",
      " ", h("button", { type: "button", id: "design-apply", class: "primary", onclick: () => apply(f.chosen) }, "Use this rule")));
  }
  if (f.frontier.length) box.append(frontierPlot(f));
  box.append(h("p", { class: "small muted" }, "Each point is a rule no other rule beats on both counts; red: a rule with vetoes or unanimity; the dashed line is the floor, the circled point the chosen rule."));
  const names = f.members;
  const table = h("table", { class: "grid small", id: "frontier-table" },
    h("thead", {}, h("tr", {},
      h("th", {}, "rule"), ...names.map((n) => h("th", { class: "num", title: `weight of ${n}` }, n)),
      h("th", { class: "num" }, "quota"), h("th", { class: "num" }, "distance (pp)"), h("th", { class: "num" }, "decisive"),
      h("th", {}, "vetoes"), h("th", {}, "blocking"), h("th", {}, ""))));
  const body = h("tbody");
  f.frontier.forEach((r, i) => {
    body.append(h("tr", { "data-rule": r.rule, class: isChosen(r, f.chosen) ? "chosen-row" : "" },
      h("td", {}, h("code", {}, r.rule)),
      ...names.map((n) => h("td", { class: "num" }, String(r.weights[n]))),
      h("td", { class: "num" }, `${r.quota} (${fmtPct(r.quota_share)})`),
      h("td", { class: "num" }, fmtNum(r.distance * 100, 2)),
      h("td", { class: "num" }, fmtPct(r.decisiveness)),
      h("td", { class: r.vetoes.length ? "neg" : "" }, r.unanimity ? "unanimity" : r.vetoes.join(", ") || "–"),
      h("td", {}, blockingText(r)),
      h("td", {}, h("button", { type: "button", class: "frontier-use", "data-index": String(i), onclick: () => apply(r) }, "Use this rule"))));
  });
  table.append(body);
  box.append(h("div", { class: "table-wrap" }, table));
}
