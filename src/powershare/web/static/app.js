// powershare web app: the page's behaviour.  Plain JavaScript, no framework, no build step.
// Every request goes to this server; nothing is fetched from anywhere else.
import { api, download, ApiError, h, clear, fmtNum, fmtPct, parseCell, debounce, plainWords } from "./util.js";
import { renderRuleEditor, ruleIsWeighted, RULE_TYPES } from "./rule.js";
import { initAnalysis } from "./analysis.js";
import { renderResults, drawBars, loadStructure, clearResults, markStale, renderWarnings } from "./results.js";
import { initSaved, refreshSaved } from "./saved.js";
import { initMap, refreshMap } from "./map.js";

// -- state --------------------------------------------------------------------------------
const state = {
  scenario: emptyScenario(),
  approximate: false,
  lastResult: null,
  seq: 0,
  controller: null,
  indices: [],
  showIndex: "banzhaf",
  dirty: false, // edits since the last load or save
  undo: [], // [{label, scenario, extraColumns}], newest last
};

const UNDO_KEEP = 30;

function emptyScenario() {
  return {
    name: "New body",
    members: [
      { name: "A", weight: 3 },
      { name: "B", weight: 2 },
      { name: "C", weight: 2 },
    ],
    rule: { quota: "majority" },
  };
}

const $ = (sel) => document.querySelector(sel);

/** The scenario as the API takes it: bloc column turned into `blocs`, empty keys dropped. */
export function scenarioForApi() {
  const sc = state.scenario;
  const blocs = {};
  const members = sc.members.map((m) => {
    const out = {};
    for (const [k, v] of Object.entries(m)) {
      if (k === "_bloc") {
        if (v) (blocs[v] = blocs[v] || []).push(m.name);
      } else if (v !== undefined && v !== "") {
        out[k] = v;
      }
    }
    return out;
  });
  const result = { members, rule: sc.rule };
  for (const key of ["name", "dataset", "description", "source"]) {
    if (sc[key]) result[key] = sc[key];
  }
  if (Object.keys(blocs).length) result.blocs = blocs;
  return result;
}

/** A copy of the editor's scenario (with its extra empty columns), for undo. */
function snapshot(label) {
  return { label, scenario: JSON.parse(JSON.stringify(state.scenario)), extraColumns: [...(state.extraColumns || [])], dirty: state.dirty };
}

/** Remember the editor before a destructive edit, so that Undo can bring it back. */
export function pushUndo(label) {
  state.undo.push(snapshot(label));
  if (state.undo.length > UNDO_KEEP) state.undo.shift();
  updateUndo();
}

function updateUndo() {
  const button = $("#undo");
  const last = state.undo[state.undo.length - 1];
  button.disabled = !last;
  button.textContent = last ? `Undo ${last.label}` : "Undo";
}

function undo() {
  const last = state.undo.pop();
  if (!last) return;
  state.scenario = last.scenario;
  state.extraColumns = last.extraColumns;
  state.approximate = false;
  fillNotes();
  renderMembers();
  renderRule();
  updateUndo();
  showMessage(`Undone: ${last.label}.`, "info");
  state.dirty = last.dirty;
  markStale("recomputing after undo…");
  compute();
}

/** Whether the user agrees to replace unsaved edits (asked only when there are some). */
function mayReplace(what) {
  if (!state.dirty) return true;
  const name = state.scenario.name || "this body";
  return window.confirm(`${what} replaces your unsaved changes to "${name}". Replace them? (Undo can bring them back.)`);
}

/** Replace the whole scenario (from a dataset, a file or the store); Undo brings the old one back. */
export function setScenario(data, label = "replace the body") {
  pushUndo(label);
  state.extraColumns = [];
  const sc = JSON.parse(JSON.stringify(data));
  sc.members = (sc.members || []).map((m) => ({ ...m }));
  if (sc.blocs) {
    for (const [bloc, names] of Object.entries(sc.blocs)) {
      for (const m of sc.members) if (names.includes(m.name)) m._bloc = bloc;
    }
    delete sc.blocs;
  }
  if (!sc.rule) sc.rule = { quota: "majority" };
  state.scenario = sc;
  state.approximate = false;
  state.dirty = false;
  fillNotes();
  renderMembers();
  renderRule();
  markStale("computing the new body…");
  compute();
}

function fillNotes() {
  const sc = state.scenario;
  $("#scenario-name").value = sc.name || "";
  $("#scenario-description").value = sc.description || "";
  $("#scenario-source").value = sc.source || "";
  const from = $("#dataset-from");
  from.textContent = sc.dataset ? `From the shipped dataset ${sc.dataset}: its caveats, sources and populations go into every download and report.` : "";
}

export function getState() {
  return state;
}

/** The editor's scenario is saved: no unsaved changes. */
export function markSaved() {
  state.dirty = false;
}

// -- messages -----------------------------------------------------------------------------
export function showMessage(text, kind = "error") {
  const box = $("#message");
  box.textContent = text;
  box.className = kind === "info" ? "message info" : "message";
  box.hidden = !text;
}

export function showError(err) {
  if (err && err.name === "AbortError") return;
  showMessage(plainWords(err instanceof ApiError || err instanceof Error ? err.message : String(err)));
}

/** Clear an error banner after a later success (info messages stay until replaced). */
export function clearError() {
  const box = $("#message");
  if (!box.classList.contains("info")) showMessage("");
}

// -- body editor --------------------------------------------------------------------------
function columns() {
  const cols = [];
  for (const m of state.scenario.members) {
    for (const k of Object.keys(m)) if (k !== "name" && k !== "_bloc" && !cols.includes(k)) cols.push(k);
  }
  for (const k of state.extraColumns || []) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function renderMembers() {
  const table = $("#members");
  const cols = columns();
  const thead = table.querySelector("thead");
  const tbody = table.querySelector("tbody");
  clear(thead);
  clear(tbody);
  const head = h("tr", {}, h("th", {}, "name"));
  for (const c of cols) {
    head.append(
      h("th", { class: "num" }, c, " ",
        h("button", { type: "button", class: "small danger", title: `remove column ${c}`,
          onclick: () => removeColumn(c) }, "×")),
    );
  }
  head.append(h("th", { title: "a-priori union (Owen, Banzhaf-Owen indices)" }, "bloc"), h("th", {}, ""));
  thead.append(head);
  state.scenario.members.forEach((m, i) => {
    const tr = h("tr", { "data-row": String(i), "data-member": m.name });
    tr.append(h("td", {}, cellInput(m, "name", i)));
    for (const c of cols) tr.append(h("td", { class: "num" }, cellInput(m, c, i)));
    tr.append(h("td", {}, cellInput(m, "_bloc", i)));
    tr.append(
      h("td", {}, h("button", { type: "button", class: "danger", title: "remove member",
        onclick: () => {
          pushUndo(`delete member ${m.name || i + 1}`);
          state.scenario.members.splice(i, 1);
          renderMembers();
          changed();
        } }, "×")),
    );
    tbody.append(tr);
  });
}

function cellInput(member, key, row) {
  const value = member[key];
  const input = h("input", {
    type: "text",
    value: value === undefined || value === null ? "" : String(value),
    "data-col": key,
    "aria-label": `${key} of row ${row + 1}`,
    size: key === "name" ? 16 : 8,
  });
  input.addEventListener("input", () => {
    if (key === "name" || key === "_bloc") {
      member[key] = input.value;
      if (key === "name") input.closest("tr").dataset.member = input.value;
    } else {
      const parsed = parseCell(input.value);
      if (parsed === undefined) delete member[key];
      else member[key] = parsed;
    }
    changed();
  });
  return input;
}

function removeColumn(col) {
  pushUndo(`delete column ${col}`);
  for (const m of state.scenario.members) delete m[col];
  state.extraColumns = (state.extraColumns || []).filter((c) => c !== col);
  renderMembers();
  changed();
}

function addColumn() {
  const name = $("#new-column").value.trim();
  if (!name || name === "name") return;
  state.extraColumns = [...(state.extraColumns || []), name];
  $("#new-column").value = "";
  renderMembers();
  renderRule();
}

function addMember() {
  const n = state.scenario.members.length + 1;
  const member = { name: `Member ${n}` };
  if (columns().includes("weight")) member.weight = 1;
  state.scenario.members.push(member);
  renderMembers();
  changed();
}

/**
 * Rows pasted from a spreadsheet or a CSV file, read by the server's one table reader
 * (games/columns.py): any header (name, party, state...), comma, semicolon or tab.
 */
export async function readMembers(text, filename) {
  const read = await api("POST", "/api/members/parse", { text, filename });
  const members = read.members.map((m) => {
    const out = { ...m };
    if ("bloc" in out) {
      out._bloc = String(out.bloc);
      delete out.bloc;
    }
    return out;
  });
  return { ...read, members };
}

/** Replace the members with rows read from text (paste or CSV file); Undo brings them back. */
async function replaceMembers(text, filename) {
  const read = await readMembers(text, filename);
  pushUndo(`replace the members (${filename})`);
  state.scenario.members = read.members;
  delete state.scenario.dataset; // the shipped body's notes no longer describe these members
  state.extraColumns = [];
  // A share (majority, 2/3, 65%) keeps its meaning for the new members; an absolute quota or
  // a compound rule belonged to the previous body, so the rule becomes a majority.
  const rule = state.scenario.rule;
  const keep = ruleIsWeighted(rule) && typeof rule.quota === "string" && read.columns.includes(rule.weight || "weight");
  const note = keep ? "" : ` The rule is now a majority of ${read.weight_column ? `'${read.weight_column}'` : "the weights"} (it belonged to the previous body); change it on the Rule tab.`;
  if (!keep) state.scenario.rule = { quota: "majority" };
  state.approximate = false;
  fillNotes();
  renderMembers();
  renderRule();
  const from = read.name_column ? `names from '${read.name_column}'` : "names from the first column";
  const weights = read.weight_column ? `, weights from '${read.weight_column}'` : "";
  $("#dataset-notes").textContent = `${filename}: ${read.members.length} members (${from}${weights}).${note}`;
  clearError();
  state.dirty = true;
  markStale("computing the new members…");
  compute();
}

// -- rule editor --------------------------------------------------------------------------
function renderRule() {
  const editor = $("#rule-editor");
  clear(editor);
  editor.append(
    renderRuleEditor(state.scenario.rule, {
      columns: () => columns(),
      members: () => state.scenario.members.map((m) => m.name),
      onChange: () => { syncRuleJson(); updateQuotaBox(); changed(); },
      rerender: () => { renderRule(); changed(); },
    }, (rule) => { state.scenario.rule = rule; }),
  );
  syncRuleJson();
  updateQuotaBox();
}

function syncRuleJson() {
  $("#rule-json").value = JSON.stringify(state.scenario.rule, null, 2);
}

function totalWeight(column) {
  let total = 0;
  for (const m of state.scenario.members) {
    const v = m[column];
    if (typeof v !== "number") return null;
    total += v * (typeof m.count === "number" ? m.count : 1);
  }
  return total;
}

function updateQuotaBox() {
  const rule = state.scenario.rule;
  const box = $("#quota-box");
  $("#rule-summary").textContent = "";
  if (!ruleIsWeighted(rule)) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const input = $("#quota-input");
  if (document.activeElement !== input) input.value = rule.quota === undefined ? "" : String(rule.quota);
  const total = totalWeight(rule.weight || "weight");
  const slider = $("#quota-slider");
  if (total === null || total <= 0) {
    slider.hidden = true;
    $("#quota-info").textContent = "";
    return;
  }
  slider.hidden = false;
  const step = Number.isInteger(total) ? 1 : total / 1000;
  slider.min = String(step);
  slider.max = String(total);
  slider.step = String(step);
  const facts = state.lastResult && state.lastResult.quota_facts;
  const current = facts && Number(facts.total) === total && quotaMatches(facts, rule.quota);
  let info;
  if (typeof rule.quota === "number") {
    slider.value = String(rule.quota);
    info = `at least ${fmtNum(rule.quota)} of ${fmtNum(total)} (${fmtPct(rule.quota / total)})`;
    if (rule.quota * 2 <= total) info += " · below half";
  } else if (current) {
    slider.value = String(Number(facts.absolute));
    info = `${facts.text}: at least ${facts.absolute} of ${facts.total} (${fmtPct(facts.share)}); stays ${facts.text} when weights change`;
  } else {
    info = `${rule.quota || "(no quota)"} of the total weight ${fmtNum(total)}`;
  }
  $("#quota-info").textContent = info;
  $("#rule-summary").textContent = `Quota: ${info}.`;
}

function quotaMatches(facts, quota) {
  return String(facts.text).trim().toLowerCase() === String(quota).trim().toLowerCase();
}

// -- live results -------------------------------------------------------------------------
const recompute = debounce(() => compute(), 180);

/** Something in the editor changed: the results no longer match until recomputed. */
function changed() {
  state.dirty = true;
  markStale("updating for your last change…");
  updateQuotaBox();
  recompute();
}

function powerRequest(extra = {}) {
  const req = { scenario: scenarioForApi(), indices: selectedIndices(), exact: true };
  if (state.approximate) req.approximate = {};
  return { ...req, ...extra };
}

function selectedIndices() {
  const chosen = [...document.querySelectorAll("#index-choice input:checked")].map((i) => i.value);
  return chosen.length ? chosen : ["banzhaf", "shapley"];
}

export async function compute() {
  state.scenario.name = $("#scenario-name").value;
  const seq = ++state.seq;
  if (state.controller) state.controller.abort();
  state.controller = new AbortController();
  $("#busy").hidden = false;
  try {
    const request = powerRequest();
    const data = await api("POST", "/api/power", request, state.controller.signal);
    if (seq !== state.seq) return;
    state.lastResult = data;
    $("#limit-box").hidden = true;
    clearError();
    state.showIndex = renderResults(data, state.showIndex);
    renderWarnings(data.warnings || []);
    updateQuotaBox();
    if ($("#structure-box").open) loadStructure(scenarioForApi());
    refreshMap();
  } catch (err) {
    if (seq !== state.seq || (err && err.name === "AbortError")) return;
    state.lastResult = null;
    if (err instanceof ApiError && err.data && err.data.can_approximate && !state.approximate) {
      $("#limit-text").textContent = `${plainWords(err.message)} You can ask for an estimate instead.`;
      $("#limit-box").hidden = false;
      clearResults("Not computed exactly: too much work for the time budget (see the box above).");
      clearError();
    } else {
      $("#limit-box").hidden = true;
      clearResults(`No results for the current input: ${plainWords(err.message || String(err))}`);
      showError(err);
    }
    renderWarnings([]);
    updateQuotaBox();
  } finally {
    if (seq === state.seq) $("#busy").hidden = true;
  }
}

// -- downloads ----------------------------------------------------------------------------
async function runDownload(kind) {
  $("#downloads").open = false;
  const base = (state.scenario.name || "scenario").replace(/[^A-Za-z0-9._-]+/g, "-");
  try {
    if (kind === "scenario.yaml" || kind === "scenario.json") {
      await download(`/api/export/${kind}`, scenarioForApi(), `${base}.${kind.split(".")[1]}`);
    } else if (kind === "report.html") {
      await download("/api/audit/report.html", { scenario: scenarioForApi() }, `${base}-report.html`);
    } else {
      await download(`/api/export/${kind}`, powerRequest(), `${base}-power.${kind.split(".")[1]}`);
    }
    clearError();
  } catch (err) {
    showError(err);
  }
}

// -- tabs and start-up --------------------------------------------------------------------
export function selectTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.dataset.panel !== name;
  if (name === "saved") refreshSaved();
}

async function loadDataset() {
  const name = $("#dataset-select").value;
  if (!name) return;
  if (!mayReplace(`Loading ${name}`)) return;
  try {
    const d = await api("GET", `/api/datasets/${encodeURIComponent(name)}`);
    $("#dataset-notes").textContent = `${d.title}. ${d.caveats}`;
    setScenario(d.scenario, `load dataset ${name}`);
    clearError();
  } catch (err) {
    showError(err);
  }
}

const TABLE_FILE = /\.(csv|tsv|txt)$/i;

async function loadFile(file) {
  const text = await file.text();
  const isTable = TABLE_FILE.test(file.name);
  if (!mayReplace(`Opening ${file.name}`)) return;
  try {
    if (isTable) {
      await replaceMembers(text, file.name);
      return;
    }
    const format = file.name.toLowerCase().endsWith(".json") ? "json" : "yaml";
    const parsed = await api("POST", "/api/scenario/parse", { text, format, filename: file.name });
    setScenario(parsed.scenario, `open ${file.name}`);
    $("#dataset-notes").textContent = `${file.name}: ${parsed.n} members; ${parsed.rule}`;
    clearError();
  } catch (err) {
    showError(err);
  } finally {
    $("#scenario-file").value = "";
  }
}

async function start() {
  if (new URLSearchParams(location.search).has("token")) {
    history.replaceState(null, "", location.pathname); // the cookie now carries the token
  }
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => selectTab(b.dataset.tab));
  $("#load-dataset").addEventListener("click", loadDataset);
  $("#scenario-file").addEventListener("change", (e) => e.target.files[0] && loadFile(e.target.files[0]));
  $("#new-body").addEventListener("click", () => {
    if (!mayReplace("A new empty body")) return;
    setScenario(emptyScenario(), "new empty body");
  });
  $("#undo").addEventListener("click", undo);
  $("#add-member").addEventListener("click", addMember);
  $("#add-column").addEventListener("click", addColumn);
  $("#paste-apply").addEventListener("click", async () => {
    try {
      await replaceMembers($("#paste").value, "pasted rows");
    } catch (err) {
      showError(err);
    }
  });
  $("#scenario-name").addEventListener("input", () => { state.scenario.name = $("#scenario-name").value; state.dirty = true; });
  $("#scenario-description").addEventListener("input", (e) => { state.scenario.description = e.target.value; state.dirty = true; });
  $("#scenario-source").addEventListener("input", (e) => { state.scenario.source = e.target.value; state.dirty = true; });
  $("#quota-input").addEventListener("input", (e) => {
    state.scenario.rule.quota = parseCell(e.target.value) ?? "";
    syncRuleJson();
    changed();
  });
  $("#quota-slider").addEventListener("input", (e) => {
    const v = Number(e.target.value);
    state.scenario.rule.quota = Number.isInteger(v) ? v : Number(v.toPrecision(6));
    $("#quota-input").value = String(state.scenario.rule.quota);
    syncRuleJson();
    changed();
  });
  $("#rule-json-apply").addEventListener("click", () => {
    try {
      state.scenario.rule = JSON.parse($("#rule-json").value);
      renderRule();
      changed();
    } catch (err) {
      showError(`the rule is not valid JSON: ${err.message}`);
    }
  });
  initSaved({ getState, scenarioForApi, setScenario, selectTab, selectedIndices, showError, showMessage, clearError, mayReplace, markSaved });
  $("#show-index").addEventListener("change", (e) => { state.showIndex = e.target.value; if (state.lastResult) drawBars(state.lastResult, state.showIndex); });
  $("#approximate").addEventListener("click", () => {
    state.approximate = true;
    $("#limit-box").hidden = true;
    markStale("estimating by Monte Carlo (this takes up to the time budget)…");
    compute();
  });
  $("#structure-box").addEventListener("toggle", (e) => { if (e.target.open) loadStructure(scenarioForApi()); });
  for (const b of document.querySelectorAll("[data-download]")) b.addEventListener("click", () => runDownload(b.dataset.download));

  try {
    state.datasets = await api("GET", "/api/datasets");
    for (const d of state.datasets) $("#dataset-select").append(h("option", { value: d.name }, `${d.name}: ${d.title}`));
    state.indices = await api("GET", "/api/indices");
    buildIndexChoice();
  } catch (err) {
    showError(err);
  }
  initAnalysis({ scenarioForApi, showError, showMessage, getState, setScenario, refreshSaved });
  initMap({ scenarioForApi });
  setScenario(emptyScenario());
  state.undo = [];
  updateUndo();
  refreshSaved();
  document.body.dataset.ready = "true";
}

function buildIndexChoice() {
  const box = h("details", { id: "index-choice" }, h("summary", { class: "small" }, "Indices"));
  for (const spec of state.indices) {
    const input = h("input", { type: "checkbox", value: spec.key });
    input.checked = spec.key === "banzhaf" || spec.key === "shapley";
    input.addEventListener("change", () => compute());
    box.append(h("label", { class: "block small", title: spec.needs_blocs ? "needs blocs (the bloc column)" : "" }, input, ` ${spec.label}`));
  }
  $("#results-panel .results-head").append(box);
}

export { RULE_TYPES, refreshSaved };
start();
