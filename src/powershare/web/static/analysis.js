// Quota curve, what-if table, design and settlement (background jobs with progress and cancel).
import { api, h, clear, fmtPct, fmtNum } from "./util.js";
import { lineChart } from "./chart.js";

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
  buildSettleForm();
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

// -- jobs ---------------------------------------------------------------------------------
function followJob(job, box, render) {
  clear(box);
  const bar = h("progress", { max: "1" });
  const status = h("p", { class: "small job-status" }, "starting…");
  const cancel = h("button", { type: "button", class: "danger job-cancel" }, "Cancel");
  const result = h("div", { class: "job-result" });
  box.append(bar, status, cancel, result);
  let stopped = false;
  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      await api("DELETE", `/api/jobs/${job.id}`);
    } catch (err) {
      ctx.showError(err);
    }
  });
  const poll = async () => {
    if (stopped) return;
    let j;
    try {
      j = await api("GET", `/api/jobs/${job.id}`);
    } catch (err) {
      ctx.showError(err);
      return;
    }
    if (j.fraction !== null) bar.value = j.fraction;
    else bar.removeAttribute("value");
    status.textContent = `${j.status}: ${j.message || ""} (${fmtNum(j.elapsed_seconds, 1)} s)`;
    box.dataset.status = j.status;
    if (j.status === "done") {
      bar.value = 1;
      cancel.remove();
      render(j.result, result);
    } else if (j.status === "failed") {
      cancel.remove();
      result.append(h("p", { class: "neg" }, j.error ? j.error.message : "failed"));
    } else if (j.status === "cancelled") {
      cancel.remove();
    } else {
      setTimeout(poll, 300);
    }
  };
  poll();
  return () => { stopped = true; };
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
    try {
      const job = await api("POST", "/api/jobs/design", req);
      followJob(job, $("#design-job"), renderDesign);
    } catch (err) {
      ctx.showError(err);
    }
  });
}

function renderDesign(r, box) {
  box.append(
    h("p", {}, h("strong", {}, "Rule: "), r.rule, ` (quota ${fmtPct(r.quota_share)} of ${r.total_weight})`),
    h("p", { class: "small" }, `distance ${r.distance_kind} = ${fmtNum(r.distance, 5)} · ${r.proven_optimal ? "proven optimal" : "not proven optimal"}${r.stopped_by_budget ? " · stopped by the time budget" : ""} · ${r.searched}`),
  );
  const table = h("table", { class: "grid small", id: "design-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", { class: "num" }, "weight"), h("th", { class: "num" }, "power"), h("th", { class: "num" }, "target"), h("th", { class: "num" }, "gap"))));
  const body = h("tbody");
  for (const m of r.members) {
    body.append(h("tr", {}, h("td", {}, m.name), h("td", { class: "num" }, String(m.weight)), h("td", { class: "num" }, fmtPct(m.power, 2)), h("td", { class: "num" }, fmtPct(m.target, 2)), h("td", { class: "num" }, signedPts(m.gap))));
  }
  table.append(body);
  box.append(table, h("button", { type: "button", id: "design-apply", onclick: () => {
    const state = ctx.getState();
    const byName = Object.fromEntries(r.members.map((m) => [m.name, m.weight]));
    const members = state.scenario.members.map((m) => {
      const copy = { ...m };
      if (m.name in byName) copy.weight = byName[m.name];
      return copy;
    });
    ctx.setScenario({ ...state.scenario, members, rule: { quota: r.quota } });
  } }, "Use these weights and quota"));
}

// -- settlement ---------------------------------------------------------------------------
function buildSettleForm() {
  const form = $("#settle-form");
  const area = h("textarea", { name: "text", rows: 16, cols: 70, spellcheck: "false", id: "settle-text" });
  form.append(
    h("p", { class: "small" }, "The demands file (YAML or JSON): members and their seats, the families of rules to search, each party's demands and the ranking. ",
      h("button", { type: "button", id: "settle-from-body", onclick: () => { area.value = demandsFromBody(); } }, "Start from the current body")),
    area,
    h("label", {}, "Best rules to show ", h("input", { name: "top", type: "text", value: "10", size: 4 })),
    h("label", {}, "Time budget (s) ", h("input", { name: "max_seconds", type: "text", value: "60", size: 5 })),
    h("button", { type: "submit", class: "primary", id: "settle-run" }, "Search"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    if (!area.value.trim()) area.value = demandsFromBody();
    try {
      const job = await api("POST", "/api/jobs/settle", { text: area.value, top: Number(f.get("top") || 10), max_seconds: Number(f.get("max_seconds") || 60) });
      followJob(job, $("#settle-job"), renderSettlement);
    } catch (err) {
      ctx.showError(err);
    }
  });
}

function demandsFromBody() {
  const sc = ctx.scenarioForApi();
  const lines = [`title: ${JSON.stringify(sc.name || "Settlement")}`, "index: banzhaf", "members:"];
  for (const m of sc.members) lines.push(`  ${JSON.stringify(m.name)}: ${Number.isInteger(m.weight) ? m.weight : 1}`);
  lines.push("families:", "  - weighted", "  - {type: veto, max_size: 2}", "demands:");
  if (sc.members.length) lines.push(`  - {party: ${JSON.stringify(sc.members[sc.members.length - 1].name)}, not_dummy: true}`);
  lines.push("  - {cap: 40%}", "rank: {by: equal, distance: max_abs}");
  return `${lines.join("\n")}\n`;
}

function renderSettlement(r, box) {
  box.append(h("p", { id: "settle-statement" }, r.statement));
  if (r.settlements.length) {
    const list = h("ol", { class: "small" });
    for (const s of r.settlements) list.append(h("li", {}, h("code", {}, String(s.rule)), ` (${s.family}; score ${fmtNum(s.score, 4)}) `, s.members.map((m) => `${m.name} ${m.seats} seats ${fmtPct(m.power)}`).join(" · ")));
    box.append(list);
  }
  const table = h("table", { class: "grid small" }, h("thead", {}, h("tr", {}, h("th", {}, "demand"), h("th", { class: "num" }, "rules failing it"))));
  const body = h("tbody");
  for (const d of r.demands) body.append(h("tr", {}, h("td", {}, d.demand), h("td", { class: "num" }, String(d.failed_by))));
  table.append(body);
  box.append(table);
  if (r.notes && r.notes.length) box.append(h("p", { class: "small muted" }, r.notes.join(" ")));
}
