// powershare web app: the page's behaviour.  Plain JavaScript, no framework, no build step.
// Every request goes to this server; nothing is fetched from anywhere else.
import { api, download, ApiError, h, clear, fmtNum, parseCell, debounce } from "./util.js";
import { renderRuleEditor, ruleIsWeighted, RULE_TYPES } from "./rule.js";
import { initAnalysis } from "./analysis.js";
import { renderResults, drawBars, loadStructure } from "./results.js";
import { initSaved, refreshSaved } from "./saved.js";

// -- state --------------------------------------------------------------------------------
const state = {
  scenario: emptyScenario(),
  approximate: false,
  lastResult: null,
  seq: 0,
  controller: null,
  indices: [],
  showIndex: "banzhaf",
};

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
  for (const key of ["name", "description", "source"]) {
    if (sc[key]) result[key] = sc[key];
  }
  if (Object.keys(blocs).length) result.blocs = blocs;
  return result;
}

/** Replace the whole scenario (from a dataset, a file or the store). */
export function setScenario(data) {
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
  $("#scenario-name").value = sc.name || "";
  $("#scenario-description").value = sc.description || "";
  $("#scenario-source").value = sc.source || "";
  renderMembers();
  renderRule();
  compute();
}

export function getState() {
  return state;
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
  showMessage(err instanceof ApiError ? err.message : String(err));
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
        onclick: () => { state.scenario.members.splice(i, 1); renderMembers(); changed(); } }, "×")),
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

/** Rows pasted from a spreadsheet: the first row names the columns. */
export function parsePasted(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new Error("paste a header row (e.g. name, weight) and at least one member");
  const sep = lines[0].includes("\t") ? "\t" : lines[0].includes(";") ? ";" : ",";
  const header = lines[0].split(sep).map((s) => s.trim().toLowerCase());
  if (!header.includes("name")) throw new Error(`the header row needs a 'name' column; it has: ${header.join(", ")}`);
  return lines.slice(1).map((line) => {
    const cells = line.split(sep);
    const member = {};
    header.forEach((col, i) => {
      const raw = (cells[i] || "").trim();
      if (!col || raw === "") return;
      if (col === "bloc") member._bloc = raw;
      else member[col] = col === "name" ? raw : parseCell(raw);
    });
    return member;
  });
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
  if (typeof rule.quota === "number") slider.value = String(rule.quota);
  $("#quota-info").textContent = `total weight ${fmtNum(total)}`;
}

// -- live results -------------------------------------------------------------------------
const changed = debounce(() => compute(), 180);

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
    const data = await api("POST", "/api/power", powerRequest(), state.controller.signal);
    if (seq !== state.seq) return;
    state.lastResult = data;
    $("#limit-box").hidden = true;
    showMessage("");
    state.showIndex = renderResults(data, state.showIndex);
    if ($("#structure-box").open) loadStructure(scenarioForApi());
  } catch (err) {
    if (seq !== state.seq || (err && err.name === "AbortError")) return;
    if (err instanceof ApiError && err.data && err.data.can_approximate) {
      $("#limit-text").textContent = err.message;
      $("#limit-box").hidden = false;
      showMessage("");
    } else {
      showError(err);
    }
    $("#result-meta").textContent = "";
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
  try {
    const d = await api("GET", `/api/datasets/${encodeURIComponent(name)}`);
    $("#dataset-notes").textContent = `${d.title}. ${d.caveats}`;
    state.extraColumns = [];
    setScenario(d.scenario);
  } catch (err) {
    showError(err);
  }
}

async function loadFile(file) {
  const text = await file.text();
  const format = file.name.toLowerCase().endsWith(".json") ? "json" : "yaml";
  try {
    const parsed = await api("POST", "/api/scenario/parse", { text, format, filename: file.name });
    state.extraColumns = [];
    setScenario(parsed.scenario);
    $("#dataset-notes").textContent = `${file.name}: ${parsed.n} members; ${parsed.rule}`;
  } catch (err) {
    showError(err);
  }
}

async function start() {
  if (new URLSearchParams(location.search).has("token")) {
    history.replaceState(null, "", location.pathname); // the cookie now carries the token
  }
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => selectTab(b.dataset.tab));
  $("#load-dataset").addEventListener("click", loadDataset);
  $("#scenario-file").addEventListener("change", (e) => e.target.files[0] && loadFile(e.target.files[0]));
  $("#new-body").addEventListener("click", () => { state.extraColumns = []; setScenario(emptyScenario()); });
  $("#add-member").addEventListener("click", addMember);
  $("#add-column").addEventListener("click", addColumn);
  $("#paste-apply").addEventListener("click", () => {
    try {
      state.scenario.members = parsePasted($("#paste").value);
      renderMembers();
      renderRule();
      changed();
    } catch (err) {
      showError(err);
    }
  });
  $("#scenario-name").addEventListener("input", () => { state.scenario.name = $("#scenario-name").value; });
  $("#scenario-description").addEventListener("input", (e) => { state.scenario.description = e.target.value; });
  $("#scenario-source").addEventListener("input", (e) => { state.scenario.source = e.target.value; });
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
  initSaved({ getState, scenarioForApi, setScenario, selectTab, selectedIndices, showError, showMessage });
  $("#show-index").addEventListener("change", (e) => { state.showIndex = e.target.value; if (state.lastResult) drawBars(state.lastResult, state.showIndex); });
  $("#approximate").addEventListener("click", () => { state.approximate = true; compute(); });
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
  setScenario(emptyScenario());
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
