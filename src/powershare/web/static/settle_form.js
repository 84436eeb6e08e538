// The settlement form: parties and their seat ranges, demands picked from a list, the rule
// families, the ranking and the time budget; the search runs as a background job, and each
// result can be put in the editor ("Use this rule", after asking).
import { api, h, clear, fmtPct, fmtNum } from "./util.js";
import { followJob } from "./jobview.js";

let ctx = null;
const $ = (sel) => document.querySelector(sel);

// Every demand kind of docs/design.md: what the form asks for each.
export const DEMANDS = [
  { kind: "min_share", label: "at least a share of power", party: true, value: true, index: true },
  { kind: "max_share", label: "at most a share of power", party: true, value: true, index: true },
  { kind: "cap", label: "no member above a share (cap)", value: true, index: true },
  { kind: "veto", label: "must hold a veto", party: true },
  { kind: "no_veto", label: "must NOT hold a veto", party: true },
  { kind: "block_with", label: "can block together with", party: true, allies: true },
  { kind: "cannot_block_with", label: "cannot block together with", party: true, allies: true },
  { kind: "not_dummy", label: "must not be a dummy", party: true },
  { kind: "min_decisiveness", label: "at least a share of coalitions can decide", value: true },
];
const SPEC = Object.fromEntries(DEMANDS.map((d) => [d.kind, d]));

const form = {
  parties: [], // {name, min, max, bloc, population}
  demands: [], // {kind, party, value, allies: [], index}
};

export function initSettleForm(context) {
  ctx = context;
  buildSettleForm();
  const tab = document.querySelector('[data-tab="settle"]');
  if (tab) tab.addEventListener("click", () => { if (!form.parties.length) fillFromBody(); });
}

// -- the form -----------------------------------------------------------------------------
function select(name, options, value, attrs = {}) {
  const s = h("select", { name, ...attrs });
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    s.append(h("option", { value: v }, label));
  }
  if (value !== undefined) s.value = value;
  return s;
}

function check(name, checked, label, attrs = {}) {
  return h("label", { class: "inline" }, h("input", { type: "checkbox", name, checked: checked || undefined, ...attrs }), ` ${label}`);
}

function buildSettleForm() {
  const root = $("#settle-form");
  clear(root);
  const indexOptions = () => {
    const keys = (ctx.getState().indices || []).filter((s) => !s.needs_blocs).map((s) => [s.key, s.label || s.key]);
    return keys.length ? keys : [["banzhaf", "banzhaf"], ["shapley", "shapley"]];
  };
  root.append(
    h("fieldset", {}, h("legend", {}, "Parties and seats"),
      h("p", { class: "small muted" }, "Seats fixed (min = max) or a range with a fixed total; a bloc for the bloc-consent and two-tier families; a population to rank by it. ",
        h("button", { type: "button", id: "settle-from-body", onclick: fillFromBody }, "Start from the current body")),
      h("div", { class: "table-wrap" }, h("table", { class: "grid small", id: "settle-parties" })),
      h("div", { class: "row" },
        h("button", { type: "button", id: "settle-add-party", onclick: () => { form.parties.push({ name: `P${form.parties.length + 1}`, min: 1, max: 1, bloc: "", population: "" }); renderParties(); } }, "Add party"),
        h("label", {}, "Total seats (needed with ranges) ", h("input", { name: "total_seats", type: "text", size: 6, id: "settle-total" })))),
    h("fieldset", {}, h("legend", {}, "Demands"),
      h("ul", { id: "settle-demands", class: "demand-list" }),
      h("div", { class: "row" },
        select("new_demand", DEMANDS.map((d) => [d.kind, d.label]), "min_share", { id: "settle-new-kind" }),
        h("button", { type: "button", id: "settle-add-demand", onclick: () => addDemand($("#settle-new-kind").value) }, "Add demand"))),
    h("fieldset", {}, h("legend", {}, "Rule families searched"),
      h("div", { class: "family" }, check("fam_weighted", true, "weighted: [quota; seats], every quota")),
      h("div", { class: "family" }, check("fam_veto", true, "weighted plus vetoes"),
        h("label", { class: "inline" }, " for sets of at most ", h("input", { name: "veto_max_size", type: "text", size: 2, value: "2" }), " of "),
        h("input", { name: "veto_members", type: "text", size: 24, placeholder: "the parties demanding a veto or block" })),
      h("div", { class: "family" }, check("fam_bloc", false, "bloc consent: weighted plus the consent of k blocs"),
        h("label", { class: "inline" }, " k ", h("input", { name: "bloc_required", type: "text", size: 6, placeholder: "every k" })),
        h("label", { class: "inline" }, " each bloc by ", h("input", { name: "bloc_quota", type: "text", size: 12, value: "majority" }))),
      h("div", { class: "family" }, check("fam_two_tier", false, "two tiers: blocs decide, then vote as blocks"),
        h("label", { class: "inline" }, " blocs by ", h("input", { name: "tt_quota", type: "text", size: 12, value: "majority" })),
        check("tt_seats", true, "upper body by seats"), check("tt_equal", true, "one bloc one vote")),
      h("label", {}, "Quotas searched ", h("input", { name: "quota_lo", type: "text", size: 8, value: "majority" }), " to ", h("input", { name: "quota_hi", type: "text", size: 6, value: "100%" }))),
    h("fieldset", {}, h("legend", {}, "Ranking and budget"),
      h("label", { class: "inline" }, "Index ", select("index", indexOptions(), "banzhaf")),
      h("label", { class: "inline" }, " Rank by ", select("rank_by", [["equal", "closeness to equal power"], ["seats", "closeness to seat shares"], ["population", "closeness to population shares"], ["decisiveness", "decisiveness"]], "equal")),
      h("label", { class: "inline" }, " distance ", select("rank_distance", ["max_abs", "l1", "l2", "max_rel"], "max_abs")),
      h("div", { class: "row" },
        h("label", { class: "inline" }, "Best results to show ", h("input", { name: "top", type: "text", value: "10", size: 4 })),
        h("label", { class: "inline" }, " Time budget (s) ", h("input", { name: "max_seconds", type: "text", value: "60", size: 5 })))),
    h("button", { type: "submit", class: "primary", id: "settle-run" }, "Search"),
    h("details", { id: "settle-file" }, h("summary", {}, "The demands as a file (YAML or JSON)"),
      h("p", { class: "small muted" }, "The same problem as a demands file (",
        h("code", {}, "powershare settle FILE"), " reads it); edit it for what the form does not ask."),
      h("div", { class: "row" },
        h("button", { type: "button", id: "settle-to-text", onclick: () => { $("#settle-text").value = `${JSON.stringify(problemFromForm(), null, 2)}\n`; } }, "Write the form as a file"),
        h("button", { type: "button", id: "settle-run-text", onclick: () => run({ text: $("#settle-text").value }) }, "Search this file")),
      h("textarea", { name: "text", rows: 14, cols: 70, spellcheck: "false", id: "settle-text" })),
  );
  root.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.parties.length) fillFromBody();
    let problem;
    try {
      problem = problemFromForm();
    } catch (err) {
      ctx.showError(err.message);
      return;
    }
    run({ problem });
  });
  renderParties();
}

function fillFromBody() {
  const sc = ctx.scenarioForApi();
  const blocOf = {};
  for (const [b, names] of Object.entries(sc.blocs || {})) for (const n of names) blocOf[n] = b;
  form.parties = sc.members.map((m) => {
    const w = Number(m.weight);
    const seats = Number.isInteger(w) && w >= 1 ? w : 1;
    return { name: String(m.name), min: seats, max: seats, bloc: blocOf[m.name] || "", population: m.population ?? "" };
  });
  form.demands = [];
  if (form.parties.length) {
    const smallest = form.parties.reduce((a, b) => (b.min < a.min ? b : a));
    form.demands.push({ kind: "not_dummy", party: smallest.name, value: "", allies: [], index: "" });
  }
  form.demands.push({ kind: "cap", party: "", value: "40%", allies: [], index: "" });
  $("#settle-total").value = "";
  $("#settle-form").elements.fam_bloc.checked = Object.keys(sc.blocs || {}).length > 0;
  renderParties();
}

function renderParties() {
  const table = $("#settle-parties");
  clear(table);
  table.append(h("thead", {}, h("tr", {}, h("th", {}, "party"), h("th", { class: "num" }, "min seats"), h("th", { class: "num" }, "max seats"), h("th", {}, "bloc"), h("th", { class: "num" }, "population"), h("th", {}, ""))));
  const body = h("tbody");
  form.parties.forEach((p, i) => {
    const cell = (key, attrs = {}) => h("input", {
      type: "text", value: String(p[key] ?? ""), "data-col": key, size: key === "name" ? 12 : 6, ...attrs,
      oninput: (e) => {
        p[key] = ["min", "max"].includes(key) ? e.target.value.trim() : e.target.value;
        if (key === "min" && Number(p.max) < Number(p.min)) { p.max = p.min; e.target.closest("tr").querySelector('[data-col="max"]').value = p.max; }
      },
      onchange: key === "name" ? () => renderDemands() : undefined,
    });
    body.append(h("tr", { "data-party": p.name },
      h("td", {}, cell("name")), h("td", { class: "num" }, cell("min")), h("td", { class: "num" }, cell("max")),
      h("td", {}, cell("bloc")), h("td", { class: "num" }, cell("population")),
      h("td", {}, h("button", { type: "button", class: "danger", title: "remove party", onclick: () => { form.parties.splice(i, 1); renderParties(); } }, "×"))));
  });
  table.append(body);
  renderDemands();
}

function addDemand(kind) {
  const spec = SPEC[kind];
  const first = form.parties[0] ? form.parties[0].name : "";
  const value = { min_share: "20%", max_share: "40%", cap: "40%", min_decisiveness: "10%" }[kind] || "";
  form.demands.push({ kind, party: spec.party ? first : "", value, allies: [], index: "" });
  renderDemands();
}

function renderDemands() {
  const list = $("#settle-demands");
  clear(list);
  const names = form.parties.map((p) => p.name);
  const indexKeys = (ctx.getState().indices || []).filter((s) => !s.needs_blocs).map((s) => s.key);
  form.demands.forEach((d, i) => {
    const spec = SPEC[d.kind];
    const li = h("li", { class: "demand", "data-kind": d.kind, "data-demand": String(i) });
    if (spec.party) {
      if (!names.includes(d.party)) d.party = names[0] || "";
      li.append(select("demand_party", names, d.party, { class: "demand-party", onchange: (e) => { d.party = e.target.value; renderDemands(); } }));
    }
    li.append(h("span", { class: "demand-kind" }, ` ${spec.label} `));
    if (spec.value) {
      li.append(h("input", { type: "text", size: 6, value: d.value, class: "demand-value", placeholder: "25%", oninput: (e) => { d.value = e.target.value; } }));
    }
    if (spec.index) {
      li.append(" on ", select("demand_index", [["", "the default index"], ...indexKeys.map((k) => [k, k])], d.index, { class: "demand-index", onchange: (e) => { d.index = e.target.value; } }));
    }
    if (spec.allies) {
      const box = h("span", { class: "demand-allies" });
      for (const n of names) {
        if (n === d.party) continue;
        box.append(h("label", { class: "inline" }, h("input", { type: "checkbox", value: n, checked: d.allies.includes(n) || undefined,
          onchange: (e) => { d.allies = e.target.checked ? [...d.allies, n] : d.allies.filter((a) => a !== n); } }), ` ${n} `));
      }
      li.append(box);
    }
    li.append(" ", h("button", { type: "button", class: "danger", title: "remove demand", onclick: () => { form.demands.splice(i, 1); renderDemands(); } }, "×"));
    list.append(li);
  });
  if (!form.demands.length) list.append(h("li", { class: "muted small" }, "No demands yet: every rule of the families qualifies."));
}

// -- the problem as a demands-file mapping -----------------------------------------------------
const share = (text) => {
  const t = String(text).trim();
  if (t === "") throw new Error("a demand's share is empty; write e.g. 25%");
  return /^[0-9.]+$/.test(t) ? `${t}%` : t;
};
const list = (text) => String(text || "").split(",").map((s) => s.trim()).filter(Boolean);

function seatNumber(value, what) {
  const n = Number(String(value).trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} is ${JSON.stringify(value)}; give a whole number of seats, at least 1`);
  return n;
}

/** The form as the mapping of a demands file (docs/design.md). */
export function problemFromForm() {
  const f = $("#settle-form").elements;
  const members = {};
  const blocs = {};
  for (const p of form.parties) {
    const name = p.name.trim();
    if (!name) throw new Error("a party has no name");
    const lo = seatNumber(p.min, `min seats of ${name}`);
    const hi = seatNumber(p.max === "" ? p.min : p.max, `max seats of ${name}`);
    const pop = String(p.population ?? "").trim();
    let entry = lo === hi ? lo : { min: lo, max: hi };
    if (pop) entry = lo === hi ? { seats: lo, population: pop } : { ...entry, population: pop };
    members[name] = entry;
    if (p.bloc && p.bloc.trim()) (blocs[p.bloc.trim()] = blocs[p.bloc.trim()] || []).push(name);
  }
  const problem = { title: ctx.scenarioForApi().name || "Settlement", index: f.index.value, members };
  if (f.total_seats.value.trim()) problem.total_seats = seatNumber(f.total_seats.value, "total seats");
  if (Object.keys(blocs).length) problem.blocs = blocs;
  const quota = [f.quota_lo.value.trim() || "majority", f.quota_hi.value.trim() || "100%"];
  const withQuota = (fam) => (quota[0] === "majority" && quota[1] === "100%" ? fam : { ...fam, quota });
  const families = [];
  if (f.fam_weighted.checked) families.push(withQuota({ type: "weighted" }));
  if (f.fam_veto.checked) {
    const fam = { type: "veto", max_size: seatNumber(f.veto_max_size.value || "2", "veto set size") };
    if (list(f.veto_members.value).length) fam.members = list(f.veto_members.value);
    families.push(withQuota(fam));
  }
  if (f.fam_bloc.checked) {
    const fam = { type: "bloc_consent", bloc_quota: list(f.bloc_quota.value).length ? list(f.bloc_quota.value) : ["majority"] };
    if (list(f.bloc_required.value).length) fam.required = list(f.bloc_required.value).map((k) => seatNumber(k, "blocs required"));
    families.push(withQuota(fam));
  }
  if (f.fam_two_tier.checked) {
    const upper = [...(f.tt_seats.checked ? ["seats"] : []), ...(f.tt_equal.checked ? ["equal"] : [])];
    families.push(withQuota({ type: "two_tier", bloc_quota: list(f.tt_quota.value).length ? list(f.tt_quota.value) : ["majority"], upper: upper.length ? upper : ["seats"] }));
  }
  if (!families.length) throw new Error("choose at least one rule family to search");
  problem.families = families;
  problem.demands = form.demands.map((d) => {
    const spec = SPEC[d.kind];
    const out = spec.party ? { party: d.party } : {};
    if (d.kind === "veto" || d.kind === "no_veto") out.veto = d.kind === "veto";
    else if (d.kind === "not_dummy") out.not_dummy = true;
    else if (spec.allies) out[d.kind] = d.allies.slice();
    else out[d.kind] = share(d.value);
    if (spec.index && d.index) out.index = d.index;
    return out;
  });
  problem.rank = { by: f.rank_by.value, distance: f.rank_distance.value };
  return problem;
}

async function run(body) {
  const f = $("#settle-form").elements;
  const req = { ...body, top: Number(f.top.value || 10), max_seconds: Number(f.max_seconds.value || 60) };
  const blocs = req.problem && req.problem.blocs;
  try {
    const job = await api("POST", "/api/jobs/settle", req);
    followJob(job, $("#settle-job"), (r, box) => renderSettlement(r, box, blocs), ctx.showError);
  } catch (err) {
    ctx.showError(err);
  }
}

// -- the results --------------------------------------------------------------------------------
function blockingText(s) {
  const b = s.blocking;
  if (!b || !b.smallest || !b.smallest.length) return "nobody can block";
  const shown = b.smallest.slice(0, 4).map((c) => c.join("+")).join(", ");
  const who = b.smallest_size === 1 ? "one member alone" : `${b.smallest_size} together`;
  return `${who}: ${shown}${b.smallest.length > 4 ? `, … (${b.smallest.length})` : ""}`;
}

function weightedText(s) {
  if (s.weighted_vote) {
    const names = Object.keys(s.seats);
    const w = s.weighted_vote.weights;
    const same = names.every((n, i) => w[i] === s.seats[n]);
    return `a weighted vote: [${s.weighted_vote.quota}; ${w.join(", ")}]${same ? " (the seats)" : ""}`;
  }
  return s.weighted || "";
}

function memberTable(s) {
  const indices = Object.keys(s.shares);
  const table = h("table", { class: "grid small settle-members" },
    h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", { class: "num" }, "seats"), ...indices.map((i) => h("th", { class: "num" }, `${i} %`)), h("th", {}, "veto"))));
  const body = h("tbody");
  for (const name of Object.keys(s.seats)) {
    body.append(h("tr", { "data-member": name },
      h("td", {}, name), h("td", { class: "num seats" }, String(s.seats[name])),
      ...indices.map((i) => h("td", { class: "num" }, fmtPct(s.shares[i][name]))),
      h("td", { class: s.vetoes.includes(name) ? "neg veto" : "veto" }, s.vetoes.includes(name) ? "veto" : "")));
  }
  table.append(body);
  return table;
}

export function renderSettlement(r, box, blocs) {
  box.append(h("p", { id: "settle-statement" }, r.statement));
  if (!r.complete) {
    box.append(h("p", { id: "settle-coverage", class: "warn" }, `${r.coverage.charAt(0).toUpperCase()}${r.coverage.slice(1)}.`));
  }
  if (r.found) {
    const table = h("table", { class: "grid small", id: "settle-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "rule"), h("th", {}, "seats and power"), h("th", { class: "num" }, "decisive"), h("th", {}, "vetoes"), h("th", {}, "blocking"), h("th", {}, ""))));
    const body = h("tbody");
    r.results.forEach((s, k) => {
      const head = s.descriptions[0] || s.rule;
      const ruleCell = h("td", { class: "settle-rule" }, h("strong", {}, head), h("div", { class: "small" }, `Rule: ${s.rule}`));
      if (s.warnings.length) ruleCell.append(h("div", { class: "neg small" }, `Degenerate: ${s.warnings.join("; ")}`));
      if (s.descriptions.length > 1) ruleCell.append(h("div", { class: "small also" }, `Also written as: ${s.descriptions.slice(1).join("; ")}`));
      if (s.writings > 1) ruleCell.append(h("div", { class: "small muted" }, `${s.writings.toLocaleString()} rules of the family are this same game.`));
      const wv = weightedText(s);
      if (wv) ruleCell.append(h("div", { class: "small weighted" }, `Weighted? ${wv}`));
      ruleCell.append(h("div", { class: "small muted" }, `score ${fmtNum(s.score, 4)}`));
      body.append(h("tr", { "data-result": String(k + 1) },
        h("td", { class: "num" }, String(k + 1)),
        ruleCell,
        h("td", {}, memberTable(s)),
        h("td", { class: "num decisive", title: `${s.decisiveness_exact} of all coalitions can pass a decision (Coleman)` }, fmtPct(s.decisiveness)),
        h("td", { class: s.vetoes.length ? "neg vetoes" : "vetoes" }, s.vetoes.join(", ") || "none"),
        h("td", { class: "blocking" }, blockingText(s)),
        h("td", {}, h("button", { type: "button", class: "settle-use", onclick: () => useSettlement(s, k + 1, blocs) }, "Use this rule"))));
    });
    table.append(body);
    box.append(h("div", { class: "table-wrap", id: "settle-results" }, table));
  } else {
    const conflict = h("div", { id: "settle-conflict", class: "conflict" },
      h("h4", {}, `No rule meets every demand. ${r.conflict_proven_minimum ? "The smallest set of demands that conflict" : "A small set of demands that conflict (smallest found)"}:`),
      h("ul", {}, ...r.conflict.map((c) => h("li", {}, c))));
    if (r.irreducible_infeasible_subset.length && r.irreducible_infeasible_subset.join("|") !== r.conflict.join("|")) {
      conflict.append(h("p", { class: "small" }, "An irreducible set (dropping any one of them leaves the rest satisfiable):"),
        h("ul", { class: "small" }, ...r.irreducible_infeasible_subset.map((c) => h("li", {}, c))));
    }
    conflict.append(h("p", { class: "small muted" }, r.complete ? "This is a proof about the families searched: drop or soften one of these demands, or search more families." : "The search was stopped by the time budget: this covers only the rules searched."));
    box.append(conflict);
  }
  const demands = h("table", { class: "grid small", id: "settle-demand-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "demand"), h("th", { class: "num" }, "rules failing it"))));
  const body = h("tbody");
  for (const d of r.demands) body.append(h("tr", {}, h("td", {}, d.demand), h("td", { class: "num" }, d.failed_by.toLocaleString())));
  demands.append(body);
  box.append(h("details", {}, h("summary", {}, `Each demand: how many of the ${r.evaluated.toLocaleString()} rules searched fail it`), demands));
  if (r.notes && r.notes.length) box.append(h("p", { class: "small muted" }, `Note: ${r.notes.join(" ")}`));
  box.append(h("p", { class: "small muted" }, `${r.coverage}; ${fmtNum(r.seconds, 2)} s (estimated ${fmtNum(r.estimate_seconds, 2)} s).`));
}

function useSettlement(s, k, blocs) {
  const seats = Object.entries(s.seats).map(([n, v]) => `${n} ${v}`).join(", ");
  const ok = window.confirm(`Replace the body's members and rule with settlement ${k}?\n\nSeats: ${seats}\nRule: ${s.descriptions[0] || s.rule}\n\nThe current body and rule are replaced (save them first to keep them).`);
  if (!ok) return;
  const current = ctx.scenarioForApi();
  const before = Object.fromEntries(current.members.map((m) => [m.name, m]));
  const members = s.scenario.members.map((m) => ({ ...(before[m.name] || {}), ...m }));
  const names = new Set(members.map((m) => m.name));
  const scenario = { ...current, members, rule: s.scenario.rule };
  const kept = blocs || current.blocs;
  if (kept) {
    const filtered = Object.fromEntries(Object.entries(kept).map(([b, ms]) => [b, ms.filter((n) => names.has(n))]).filter(([, ms]) => ms.length));
    if (Object.keys(filtered).length) scenario.blocs = filtered;
    else delete scenario.blocs;
  }
  ctx.setScenario(scenario);
  ctx.showMessage(`Settlement ${k} is now the body and rule: ${s.descriptions[0] || s.rule}.`, "info");
}
