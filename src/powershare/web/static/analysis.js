// Quota curve, what-if table, design and settlement (background jobs with progress and cancel).
import { api, h, clear, fmtPct, fmtNum } from "./util.js";
import { lineChart } from "./chart.js";
import { followJob } from "./jobview.js";
import { renderFrontier } from "./frontier.js";
import { initSettleForm } from "./settle_form.js";

let ctx = null;
const $ = (sel) => document.querySelector(sel);

export function initAnalysis(context) {
  ctx = context;
  const indexSelect = $("#curve-index");
  // every registered index that needs no blocs (the curve and what-if are over the plain body)
  for (const spec of ctx.getState().indices || []) {
    if (!spec.needs_blocs) indexSelect.append(h("option", { value: spec.key }, spec.label));
  }
  $("#curve-run").addEventListener("click", runCurve);
  $("#whatif-run").addEventListener("click", runWhatIf);
  buildDesignForm();
  initSettleForm(ctx);
}

// -- quota curve --------------------------------------------------------------------------
async function runCurve() {
  const out = $("#curve");
  clear(out);
  out.append(h("p", { class: "muted small" }, "computing the curve…"));
  try {
    const c = await api("POST", "/api/audit/quota-curve", { scenario: ctx.scenarioForApi(), index: $("#curve-index").value });
    clear(out);
    const names = Object.keys(c.points[0].power);
    const current = c.points.find((p) => p.quota === c.current_quota) || c.points[0];
    const top = names.slice().sort((a, b) => current.power[b] - current.power[a]).slice(0, 7);
    const series = top.map((n) => ({ name: n, points: c.points.map((p) => [p.quota, p.power[n]]) }));
    out.append(
      h("p", { class: "small" }, c.note),
      lineChart(series, { xLabel: `quota (of ${c.total_weight})`, yLabel: c.index, marker: c.current_quota }),
      h("p", { class: "small muted" }, `The dashed line is the rule's quota. ${top.length < names.length ? `The ${top.length} most powerful members are drawn.` : ""}`),
    );
    const table = h("table", { class: "grid small", id: "curve-table" });
    table.append(h("thead", {}, h("tr", {}, h("th", { class: "num" }, "quota"), h("th", { class: "num" }, "Gini"), h("th", { class: "num" }, "effective number"), ...top.map((n) => h("th", { class: "num" }, n)))));
    const body = h("tbody");
    for (const p of c.points) {
      body.append(h("tr", {}, h("td", { class: "num" }, String(p.quota)), h("td", { class: "num" }, fmtNum(p.gini, 3)), h("td", { class: "num" }, fmtNum(p.effective_number, 2)), ...top.map((n) => h("td", { class: "num" }, fmtPct(p.power[n])))));
    }
    table.append(body);
    out.append(h("details", {}, h("summary", {}, "The curve as a table"), h("div", { class: "table-wrap" }, table)));
  } catch (err) {
    clear(out);
    ctx.showError(err);
  }
}

// -- what-if ------------------------------------------------------------------------------
async function runWhatIf() {
  const out = $("#whatif");
  clear(out);
  out.append(h("p", { class: "muted small" }, "computing what-ifs…"));
  try {
    const t = await api("POST", "/api/audit/what-if", { scenario: ctx.scenarioForApi(), index: $("#curve-index").value });
    clear(out);
    const table = h("table", { class: "grid small", id: "whatif-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "what if"), h("th", {}, "biggest gain"), h("th", {}, "biggest loss"), h("th", { class: "num" }, "Gini"), h("th", { class: "num" }, "effective number"))));
    const body = h("tbody");
    for (const r of t.rows) {
      body.append(h("tr", {},
        h("td", {}, r.label),
        h("td", { class: "pos" }, r.biggest_gain ? `${r.biggest_gain.member} ${signedPts(r.biggest_gain.change)}` : "–"),
        h("td", { class: "neg" }, r.biggest_loss ? `${r.biggest_loss.member} ${signedPts(r.biggest_loss.change)}` : "–"),
        h("td", { class: "num" }, fmtNum(r.gini, 3)),
        h("td", { class: "num" }, fmtNum(r.effective_number, 2))));
    }
    table.append(body);
    out.append(h("h3", {}, "What if…"), table);
    if (t.notes && t.notes.length) out.append(h("p", { class: "small muted" }, t.notes.join(" ")));
  } catch (err) {
    clear(out);
    ctx.showError(err);
  }
}

function signedPts(delta) {
  const pts = delta * 100;
  return `${pts > 0 ? "+" : ""}${pts.toFixed(1)} pts`;
}

// -- design -------------------------------------------------------------------------------
function buildDesignForm() {
  const form = $("#design-form");
  const select = (name, options, value) => {
    const s = h("select", { name });
    for (const o of options) s.append(h("option", { value: o }, o));
    s.value = value;
    return s;
  };
  form.append(
    h("label", {}, "Target power ", select("target", ["equal", "proportional", "sqrt", "explicit"], "equal"),
      h("span", { class: "hint" }, " equal; proportional to a column; square root of a column (Penrose); or explicit values")),
    h("label", {}, "Column (for proportional/sqrt) ", h("input", { name: "column", type: "text", value: "population", size: 14 })),
    h("label", {}, "Explicit target values (comma-separated, one per member) ", h("input", { name: "values", type: "text", size: 40 })),
    h("label", {}, "Index ", select("index", ["banzhaf", "shapley"], "banzhaf")),
    h("label", {}, "Distance ", select("distance", ["max_abs", "l1", "l2", "max_rel"], "max_abs")),
    h("label", {}, "Total weight (fixed seats; empty: free) ", h("input", { name: "total_weight", type: "text", size: 8 })),
    h("label", {}, "Quota (empty: free) ", h("input", { name: "quota", type: "text", size: 8 })),
    h("label", {}, "Method ", select("method", ["auto", "exhaustive", "iterative", "local"], "auto")),
    h("label", {}, "Floor on decisiveness (choose the closest rule letting at least this share of coalitions pass; empty: show the frontier only) ", h("input", { name: "min_decisiveness", type: "text", size: 6, placeholder: "10%", id: "design-floor" })),
    h("label", {}, "Tie weights to the target's values within (e.g. 0.2 = ±20%; proportional, sqrt or explicit targets) ", h("input", { name: "bounds", type: "text", size: 5 })),
    h("label", {}, "Time budget (s) ", h("input", { name: "max_seconds", type: "text", value: "30", size: 5 })),
    h("button", { type: "submit", class: "primary", id: "design-run" }, "Design"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const req = { scenario: ctx.scenarioForApi(), target: f.get("target"), index: f.get("index"), distance: f.get("distance"), method: f.get("method") };
    if (f.get("column")) req.column = f.get("column");
    if (f.get("values")) req.values = String(f.get("values")).split(",").map(Number);
    if (f.get("total_weight")) req.total_weight = Number(f.get("total_weight"));
    if (f.get("quota")) req.quota = String(f.get("quota"));
    if (f.get("max_seconds")) req.max_seconds = Number(f.get("max_seconds"));
    if (String(f.get("min_decisiveness") || "").trim()) {
      const t = String(f.get("min_decisiveness")).trim();
      req.min_decisiveness = /^[0-9.]+$/.test(t) && Number(t) > 1 ? `${t}%` : t;
    }
    if (f.get("bounds")) req.bounds = Number(f.get("bounds"));
    try {
      const job = await api("POST", "/api/jobs/design", req);
      followJob(job, $("#design-job"), renderDesign, ctx.showError);
    } catch (err) {
      ctx.showError(err);
    }
  });
}

function renderDesign(f, box) {
  renderFrontier(f, box, (rule) => {
    const weights = Object.entries(rule.weights).map(([n, w]) => `${n} ${w}`).join(", ");
    const ok = window.confirm(`Replace the members' weights and the rule with ${rule.rule}?\n\nWeights: ${weights}\nQuota: ${rule.quota}\n\nThe current weights and rule are replaced (save them first to keep them).`);
    if (!ok) return;
    const state = ctx.getState();
    const members = state.scenario.members.map((m) => {
      const copy = { ...m };
      if (m.name in rule.weights) copy.weight = rule.weights[m.name];
      return copy;
    });
    ctx.setScenario({ ...state.scenario, members, rule: { quota: rule.quota } });
    ctx.showMessage(`The weights and quota of ${rule.rule} are now the body and rule.`, "info");
  });
}
