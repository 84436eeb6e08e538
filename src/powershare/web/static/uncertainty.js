// The Uncertainty panel: power before the numbers are known.  Each member's seats as a range
// (min-max, every whole number equally likely), a triangular or a truncated normal
// distribution, or the seats of every party from a poll (shares, sample size, apportionment
// method, threshold).  The analysis (powershare.uncertainty.analyse_uncertain) runs as a
// background job with progress and Cancel; small spaces are enumerated exactly.  The answer:
// the question in plain words, each member's power interval as a plot, and a table with the
// probabilities of a veto and of being a dummy.  Plain JavaScript, no framework.
import { api, h, clear, fmtPct } from "./util.js";
import { followJob } from "./jobview.js";
import { getState, scenarioForApi } from "./app.js";

const $ = (sel) => document.querySelector(sel);
const NS = "http://www.w3.org/2000/svg";
// Okabe-Ito colours of src/powershare/audit/palette.py (QUANTITY): power blue, seats green,
// and black for the median, as in the reports' plots.
const POWER = "#0072B2";
const SEATS = "#009E73";
const MEDIAN = "#000000";
const KINDS = [["fixed", "fixed"], ["range", "range (min-max)"], ["triangular", "triangular"], ["normal", "normal"]];

const form = {
  mode: "ranges", // or "poll"
  rows: [], // {name, kind, min, max, mid, sd, share}
  filled: false,
};
let stopJob = null;

function status(text, isError = false) {
  const box = $("#unc-status");
  box.textContent = text;
  box.classList.toggle("error", isError);
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function fmtInt(n) {
  return Number(n).toLocaleString("en");
}

function select(id, options, value) {
  const s = h("select", { id });
  for (const [v, label] of options) s.append(h("option", { value: v }, label));
  if (value !== undefined) s.value = value;
  return s;
}

// -- the form -----------------------------------------------------------------------------
/** Seats of a body member as a number (weights are rounded to whole seats). */
function seatsOf(member) {
  const w = Number(member.weight ?? member.seats ?? member.votes ?? 0);
  return Number.isFinite(w) ? Math.max(0, Math.round(w)) : 0;
}

/** Fill the rows from the body being edited: its seats +- the percentage. */
function fillFromBody() {
  const sc = scenarioForApi();
  const pct = Math.max(0, Number($("#unc-pct").value) || 0) / 100;
  const seats = sc.members.map(seatsOf);
  const total = seats.reduce((a, b) => a + b, 0) || 1;
  form.rows = sc.members.map((m, i) => {
    const s = seats[i];
    const min = Math.max(0, Math.round(s * (1 - pct)));
    const max = Math.round(s * (1 + pct));
    return { name: String(m.name), kind: min === max ? "fixed" : "range", min, max, mid: s,
      sd: Math.max(1, Math.round((max - min) / 4)), share: Number(((100 * s) / total).toFixed(2)) };
  });
  const rule = sc.rule || {};
  const single = rule.quota !== undefined && (rule.type === undefined || rule.type === "weighted");
  $("#unc-quota").value = single ? String(rule.quota) : "majority";
  $("#unc-poll-seats").value = String(total);
  const absolute = single && /^\d+$/.test(String(rule.quota).trim());
  $("#unc-rule-note").textContent = !single
    ? "The body's rule is compound; this analysis takes one quota: write it here."
    : absolute
      ? "An absolute quota stays fixed as seats change; write a share (majority, 2/3, 60%) to scale it."
      : "A quota written as a share (majority, 2/3, 60%) is taken of each outcome's total seats.";
  form.filled = true;
  renderRows();
  fillAsk();
}

function fillAsk() {
  const ask = $("#unc-ask");
  const old = ask.value;
  clear(ask);
  const sorted = [...form.rows].sort((a, b) => b.mid - a.mid);
  for (const r of sorted) ask.append(h("option", { value: r.name }, r.name));
  if (form.rows.some((r) => r.name === old)) ask.value = old;
}

function numberInput(row, key, attrs = {}) {
  const input = h("input", { type: "text", size: 5, value: String(row[key] ?? ""), "data-key": key, ...attrs });
  input.addEventListener("input", () => { row[key] = input.value; });
  return input;
}

function renderRows() {
  const table = $("#unc-members");
  clear(table);
  if (form.mode === "poll") {
    table.append(h("thead", {}, h("tr", {}, h("th", {}, "party"), h("th", { class: "num" }, "poll share (%)"))));
    table.append(h("tbody", {}, ...form.rows.map((r) => h("tr", { "data-member": r.name },
      h("td", {}, r.name), h("td", { class: "num" }, numberInput(r, "share"))))));
    return;
  }
  table.append(h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", {}, "seats"),
    h("th", { class: "num" }, "min"), h("th", { class: "num" }, "max"),
    h("th", { class: "num" }, "mode / mean"), h("th", { class: "num" }, "sd"))));
  const body = h("tbody");
  for (const r of form.rows) {
    const kind = select("", KINDS, r.kind);
    kind.removeAttribute("id");
    kind.setAttribute("data-key", "kind");
    const tr = h("tr", { "data-member": r.name, "data-kind": r.kind }, h("td", {}, r.name), h("td", {}, kind),
      h("td", { class: "num" }, numberInput(r, "min")), h("td", { class: "num" }, numberInput(r, "max")),
      h("td", { class: "num" }, numberInput(r, "mid")), h("td", { class: "num" }, numberInput(r, "sd")));
    kind.addEventListener("change", () => { r.kind = kind.value; tr.dataset.kind = r.kind; });
    body.append(tr);
  }
  table.append(body);
}

/** A member's seats as an uncertain scenario writes them (docs/uncertainty.md). */
function seatSpec(r) {
  const num = (v) => Number(v);
  if (r.kind === "fixed") return num(r.min);
  if (r.kind === "range") return [num(r.min), num(r.max)];
  if (r.kind === "triangular") return { triangular: [num(r.min), num(r.mid), num(r.max)] };
  return { normal: { mean: num(r.mid), sd: num(r.sd), low: num(r.min), high: num(r.max) } };
}

/** The request of /api/jobs/uncertainty and /api/uncertainty/analyse. */
export function uncertaintyRequest() {
  const quotaText = $("#unc-quota").value.trim();
  const quota = /^\d+$/.test(quotaText) ? Number(quotaText) : quotaText;
  const scenario = { name: scenarioForApi().name || "body", rule: { quota }, index: [$("#unc-index").value] };
  if (form.mode === "poll") {
    const poll = {
      sample_size: Number($("#unc-sample").value),
      shares: Object.fromEntries(form.rows.map((r) => [r.name, Number(r.share)])),
      method: $("#unc-method").value,
      seats: Number($("#unc-poll-seats").value),
    };
    const threshold = $("#unc-threshold").value.trim();
    if (threshold) poll.threshold = threshold;
    scenario.poll = poll;
  } else {
    scenario.members = form.rows.map((r) => ({ name: r.name, seats: seatSpec(r) }));
  }
  return {
    scenario,
    draws: Number($("#unc-draws").value),
    seed: Number($("#unc-seed").value),
    level: Number($("#unc-level").value) / 100,
  };
}

// -- the answer ---------------------------------------------------------------------------
function question(result, name) {
  const m = result.members.find((x) => x.name === name) || result.members[0];
  const how = result.exact
    ? `exact: ${m.p_veto_exact}, all ${fmtInt(result.draws)} seat outcomes enumerated`
    : `from ${fmtInt(result.draws)} draws; ${fmtPct(result.level, 0)} interval ${fmtPct(m.p_veto_interval[0])}–${fmtPct(m.p_veto_interval[1])}`;
  return h("div", { class: "unc-question", id: "unc-question" },
    h("p", { class: "unc-ask" }, `How likely is a veto for ${m.name}? `,
      h("strong", { id: "unc-answer" }, fmtPct(m.p_veto)), ` (${how})`),
    h("p", { class: "small" }, `Its ${result.index} power: ${fmtPct(m.mean)} on average, `
      + `${fmtPct(m.low)}–${fmtPct(m.high)} in ${fmtPct(result.level, 0)} of the outcomes.`));
}

/** Horizontal interval bars: the central interval of each member's power, mean and median. */
function intervalPlot(result) {
  const members = result.members;
  const seatTotal = members.reduce((a, m) => a + m.seats.mean, 0) || 1;
  const top = Math.max(...members.map((m) => Math.max(m.high, m.seats.mean / seatTotal)), 0.05);
  const xmax = Math.min(1, Math.ceil(top * 10) / 10);
  const rowH = 22;
  const left = 130;
  const width = 560;
  const plotW = width - left - 16;
  const height = members.length * rowH + 40;
  const x = (v) => left + (Math.min(v, xmax) / xmax) * plotW;
  const y = (i) => 8 + i * rowH + rowH / 2;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart unc-chart", role: "img", id: "unc-plot" });
  chart.append(svg("title", {}, `${result.index} power of each member: mean and ${fmtPct(result.level, 0)} interval`));
  const bottom = height - 28;
  const step = xmax <= 0.2 ? 0.05 : xmax <= 0.6 ? 0.1 : 0.2;
  for (let t = 0; t * step <= xmax + 1e-9; t++) {
    const v = t * step;
    chart.append(svg("line", { x1: x(v), x2: x(v), y1: 4, y2: bottom, class: "grid" }));
    chart.append(svg("text", { x: x(v), y: bottom + 13, "text-anchor": "middle" }, fmtPct(v, 0)));
  }
  chart.append(svg("text", { x: left + plotW / 2, y: height - 2, "text-anchor": "middle" },
    `${result.index} power`));
  members.forEach((m, i) => {
    const g = svg("g", { class: "unc-row", "data-member": m.name });
    const label = m.name.length > 18 ? `${m.name.slice(0, 17)}…` : m.name;
    g.append(svg("text", { x: left - 6, y: y(i) + 4, "text-anchor": "end", class: "unc-name" }, label));
    const bar = svg("rect", { x: x(m.low), y: y(i) - 5, width: Math.max(1.5, x(m.high) - x(m.low)), height: 10,
      fill: POWER, "fill-opacity": 0.3, stroke: POWER, "stroke-width": 1, class: "unc-interval" });
    bar.append(svg("title", {}, `${m.name}: ${fmtPct(m.low)}–${fmtPct(m.high)} (mean ${fmtPct(m.mean)}, median ${fmtPct(m.median)})`));
    g.append(bar);
    g.append(svg("rect", { x: x(m.seats.mean / seatTotal) - 1, y: y(i) - 8, width: 2, height: 16, fill: SEATS }));
    g.append(svg("rect", { x: x(m.median) - 0.75, y: y(i) - 6, width: 1.5, height: 12, fill: MEDIAN }));
    g.append(svg("circle", { cx: x(m.mean), cy: y(i), r: 4, fill: POWER, class: "unc-mean" }));
    chart.append(g);
  });
  return chart;
}

function probCell(p, interval, exact, col) {
  const text = exact && exact !== "0" && exact !== "1" ? `${fmtPct(p)} (${exact})` : fmtPct(p);
  return [h("td", { class: "num", "data-col": col }, text),
    h("td", { class: "num small muted", "data-col": `${col}-interval` }, exact ? "exact" : `${fmtPct(interval[0])}–${fmtPct(interval[1])}`)];
}

function resultTable(result) {
  const lvl = fmtPct(result.level, 0);
  const head = ["member", "seats", "mean", "median", `${lvl} interval`, "P(veto)", "its interval", "P(dummy)", "its interval"];
  const rows = result.members.map((m) => {
    const seats = m.seats.low === m.seats.high ? String(m.seats.low) : `${m.seats.low}–${m.seats.high}`;
    return h("tr", { "data-member": m.name }, h("td", {}, m.name),
      h("td", { class: "num", "data-col": "seats" }, seats),
      h("td", { class: "num", "data-col": "mean" }, fmtPct(m.mean)),
      h("td", { class: "num", "data-col": "median" }, fmtPct(m.median)),
      h("td", { class: "num", "data-col": "interval" }, `${fmtPct(m.low)}–${fmtPct(m.high)}`),
      ...probCell(m.p_veto, m.p_veto_interval, result.exact ? m.p_veto_exact : null, "p_veto"),
      ...probCell(m.p_dummy, m.p_dummy_interval, result.exact ? m.p_dummy_exact : null, "p_dummy"));
  });
  return h("div", { class: "table-wrap" }, h("table", { class: "grid small", id: "unc-table" },
    h("thead", {}, h("tr", {}, ...head.map((c, i) => h("th", { class: i ? "num" : "" }, c)))),
    h("tbody", {}, ...rows)));
}

export function renderUncertainty(result, box, ask) {
  clear(box);
  box.append(question(result, ask));
  const how = result.exact
    ? h("span", { class: "badge exact", id: "unc-kind" }, "exact")
    : h("span", { class: "badge approx", id: "unc-kind" }, "sampled");
  const detail = result.exact
    ? `all ${fmtInt(result.draws)} seat outcomes enumerated with their probabilities`
    : `from ${fmtInt(result.draws)} draws (${fmtInt(result.distinct_seat_vectors)} distinct seat outcomes), seed ${result.seed}; `
      + `${result.interval === "wilson" ? "Wilson" : "Clopper-Pearson"} ${fmtPct(result.level, 0)} intervals on probabilities`;
  box.append(h("p", { class: "small", id: "unc-meta" }, how, ` ${detail}; ${result.seconds.toFixed(2)} s`));
  box.append(intervalPlot(result));
  box.append(h("p", { class: "small muted", id: "unc-legend" }, `Bar: the ${fmtPct(result.level, 0)} interval of the `
    + `member's ${result.index} power over the outcomes; dot: mean; black tick: median; green tick: mean seat share.`));
  box.append(resultTable(result));
  const imp = result.p_improper;
  const extra = [`P(rule improper: two disjoint coalitions can both win): ${fmtPct(imp.p)}`,
    "The power interval is the central interval of the member's power over the outcomes, not a confidence interval.",
    ...(result.notes || [])];
  box.append(h("ul", { class: "small muted" }, ...extra.map((n) => h("li", {}, n))));
}

// -- running ------------------------------------------------------------------------------
function checkRows() {
  if (!form.rows.length) return "Start from the current body first.";
  if (form.mode === "poll") return null;
  for (const r of form.rows) {
    const vals = r.kind === "fixed" ? [r.min] : r.kind === "range" ? [r.min, r.max] : [r.min, r.max, r.mid];
    if (r.kind === "normal") vals.push(r.sd);
    if (vals.some((v) => String(v).trim() === "" || !Number.isFinite(Number(v)))) return `${r.name}: write numbers for its seats.`;
  }
  return null;
}

async function run() {
  const problem = checkRows();
  if (problem) {
    status(problem, true);
    return;
  }
  if (stopJob) stopJob();
  const ask = $("#unc-ask").value;
  const box = $("#unc-job");
  delete box.dataset.status;
  status("starting…");
  try {
    const job = await api("POST", "/api/jobs/uncertainty", uncertaintyRequest());
    status("");
    stopJob = followJob(job, box, (result, out) => renderUncertainty(result, out, ask), (err) => status(err.message, true));
  } catch (err) {
    clear(box);
    status(err.message, true);
  }
}

function fillIndices() {
  const sel = $("#unc-index");
  if (sel.options.length) return;
  const specs = (getState().indices || []).filter((s) => !s.needs_blocs);
  const list = specs.length ? specs.map((s) => [s.key, s.label || s.key]) : [["banzhaf", "Banzhaf"], ["shapley", "Shapley-Shubik"]];
  for (const [k, label] of list) sel.append(h("option", { value: k }, label));
  sel.value = "banzhaf";
}

async function init() {
  const root = $("#unc-form");
  if (!root) return;
  const methods = select("unc-method", [["sainte-lague", "sainte-lague"]], "sainte-lague");
  root.append(
    h("div", { class: "row" },
      h("label", {}, "Seats from ", select("unc-mode", [["ranges", "ranges per member"], ["poll", "a poll"]], "ranges")),
      h("label", {}, "± ", h("input", { id: "unc-pct", type: "text", size: 3, value: "20" }), " % of the current seats"),
      h("button", { type: "button", id: "unc-from-body" }, "Start from the current body")),
    h("div", { class: "table-wrap" }, h("table", { class: "grid small", id: "unc-members" })),
    h("fieldset", { id: "unc-poll", hidden: true }, h("legend", {}, "Poll"),
      h("label", { class: "inline" }, "sample size ", h("input", { id: "unc-sample", type: "text", size: 6, value: "1000" })),
      h("label", { class: "inline" }, " method ", methods),
      h("label", { class: "inline" }, " seats ", h("input", { id: "unc-poll-seats", type: "text", size: 5, value: "100" })),
      h("label", { class: "inline" }, " threshold ", h("input", { id: "unc-threshold", type: "text", size: 5, value: "5%" }))),
    h("div", { class: "row" },
      h("label", {}, "Quota ", h("input", { id: "unc-quota", type: "text", size: 9, value: "majority" })),
      h("label", {}, "Index ", h("select", { id: "unc-index" })),
      h("label", {}, "Draws ", h("input", { id: "unc-draws", type: "text", size: 6, value: "2000" })),
      h("label", {}, "Seed ", h("input", { id: "unc-seed", type: "text", size: 4, value: "0" })),
      h("label", {}, "Level ", h("input", { id: "unc-level", type: "text", size: 3, value: "90" }), " %")),
    h("p", { class: "small muted", id: "unc-rule-note" }),
    h("div", { class: "row" },
      h("label", {}, "Ask about ", h("select", { id: "unc-ask" })),
      h("button", { type: "button", id: "unc-run", class: "primary" }, "Analyse"),
      h("span", { id: "unc-status", class: "muted small", role: "status" })));
  $("#unc-mode").addEventListener("change", (e) => {
    form.mode = e.target.value;
    $("#unc-poll").hidden = form.mode !== "poll";
    renderRows();
  });
  $("#unc-from-body").addEventListener("click", fillFromBody);
  $("#unc-run").addEventListener("click", run);
  const tab = document.querySelector('[data-tab="uncertainty"]');
  if (tab) tab.addEventListener("click", () => { fillIndices(); if (!form.filled) fillFromBody(); });
  try {
    const o = await api("GET", "/api/uncertainty");
    clear(methods);
    for (const m of o.methods) methods.append(h("option", { value: m }, m));
    methods.value = "sainte-lague";
    root.dataset.ready = "true";
  } catch (err) {
    status(err.message, true);
  }
}

init();
