// Saved scenarios (save, load, versions, undo, restore, delete) and the side-by-side comparison.
import { api, h, clear, fmtPct, fmtNum } from "./util.js";

let ctx = null;
const $ = (sel) => document.querySelector(sel);

/** Wire the Saved and Compare panels; `context` gives the page's state and actions. */
export function initSaved(context) {
  ctx = context;
  $("#save").addEventListener("click", save);
  $("#saved-refresh").addEventListener("click", refreshSaved);
  $("#compare-run").addEventListener("click", runCompare);
}

// -- saving -------------------------------------------------------------------------------
async function save() {
  const name = $("#scenario-name").value.trim();
  if (!name) {
    ctx.showMessage("give the scenario a name before saving");
    return;
  }
  ctx.getState().scenario.name = name;
  try {
    const saved = await api("PUT", `/api/scenarios/${encodeURIComponent(name)}`, { scenario: ctx.scenarioForApi() });
    $("#save-status").textContent = `saved as version ${saved.version}`;
    ctx.markSaved();
    ctx.clearError();
    refreshSaved();
  } catch (err) {
    ctx.showError(err);
  }
}

export async function refreshSaved() {
  let list = [];
  try {
    list = await api("GET", "/api/scenarios");
  } catch (err) {
    ctx.showError(err);
    return;
  }
  const body = $("#saved-list tbody");
  clear(body);
  for (const s of list) {
    const enc = encodeURIComponent(s.name);
    body.append(
      h("tr", { "data-saved": s.name },
        h("td", {}, s.name),
        h("td", { class: "num" }, `${s.version} (${s.versions} kept)`),
        h("td", { class: "small" }, s.updated.replace("T", " ").slice(0, 19)),
        h("td", {},
          h("button", { type: "button", class: "load-saved", onclick: () => loadSaved(s.name) }, "Load"), " ",
          h("button", { type: "button", onclick: () => showVersions(s.name) }, "Versions"), " ",
          h("button", { type: "button", title: "go back to the previous version", onclick: () => undoSaved(s.name) }, "Undo"), " ",
          h("a", { href: `/api/scenarios/${enc}/download.yaml`, download: `${s.name}.yaml` }, "YAML"), " ",
          h("button", { type: "button", class: "danger", onclick: () => deleteSaved(s.name) }, "Delete"))),
    );
  }
  fillScenarioChoices(list.map((s) => s.name));
}

async function loadSaved(name, version) {
  try {
    const q = version ? `?version=${version}` : "";
    const s = await api("GET", `/api/scenarios/${encodeURIComponent(name)}${q}`);
    const hadChanges = ctx.getState().dirty;
    ctx.setScenario({ ...s.scenario, name: s.name }, `load saved ${name}`);
    $("#save-status").textContent = `loaded version ${s.version}`;
    if (hadChanges) ctx.showMessage(`Your unsaved changes were replaced by ${name}; Undo brings them back.`, "info");
    else ctx.clearError();
    ctx.selectTab("body");
  } catch (err) {
    ctx.showError(err);
  }
}

async function showVersions(name) {
  const out = $("#versions");
  clear(out);
  try {
    const versions = await api("GET", `/api/scenarios/${encodeURIComponent(name)}/versions`);
    out.append(h("h3", {}, `Versions of ${name}`));
    const ul = h("ul");
    for (const v of versions) {
      ul.append(
        h("li", {}, `version ${v.version}, ${v.saved.replace("T", " ").slice(0, 19)}${v.current ? " (current)" : ""} `,
          h("button", { type: "button", onclick: () => loadSaved(name, v.version) }, "Open"), " ",
          v.current ? "" : h("button", { type: "button", onclick: () => restoreSaved(name, v.version) }, "Make current")),
      );
    }
    out.append(ul);
  } catch (err) {
    ctx.showError(err);
  }
}

async function undoSaved(name) {
  try {
    const s = await api("POST", `/api/scenarios/${encodeURIComponent(name)}/undo`);
    ctx.showMessage(`${name}: back to version ${s.version}`, "info");
    refreshSaved();
  } catch (err) {
    ctx.showError(err);
  }
}

async function restoreSaved(name, version) {
  try {
    await api("POST", `/api/scenarios/${encodeURIComponent(name)}/restore/${version}`);
    refreshSaved();
    showVersions(name);
  } catch (err) {
    ctx.showError(err);
  }
}

async function deleteSaved(name) {
  if (!window.confirm(`Delete ${name} and all its versions?`)) return;
  try {
    await api("DELETE", `/api/scenarios/${encodeURIComponent(name)}`);
    refreshSaved();
  } catch (err) {
    ctx.showError(err);
  }
}

// -- compare ------------------------------------------------------------------------------
function fillScenarioChoices(saved) {
  for (const id of ["#compare-a", "#compare-b"]) {
    const select = $(id);
    const keep = select.value;
    clear(select);
    select.append(h("option", { value: "current" }, "current (this page)"));
    for (const name of saved) select.append(h("option", { value: `saved:${name}` }, `saved: ${name}`));
    for (const d of ctx.getState().datasets || []) select.append(h("option", { value: `dataset:${d.name}` }, `dataset: ${d.name}`));
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }
}

export async function resolveChoice(value) {
  if (value === "current") return ctx.scenarioForApi();
  if (value.startsWith("saved:")) {
    const s = await api("GET", `/api/scenarios/${encodeURIComponent(value.slice(6))}`);
    return { ...s.scenario, name: s.name };
  }
  const d = await api("GET", `/api/datasets/${encodeURIComponent(value.slice(8))}`);
  return d.scenario;
}

async function runCompare() {
  const out = $("#compare-out");
  clear(out);
  try {
    const a = await resolveChoice($("#compare-a").value);
    const b = await resolveChoice($("#compare-b").value);
    const res = await api("POST", "/api/compare", { a, b, indices: ctx.selectedIndices() });
    const key = res.a.index[0];
    const names = [...new Set([...res.a.members.map((m) => m.name), ...res.b.members.map((m) => m.name)])];
    const byName = (t) => Object.fromEntries(t.members.map((m) => [m.name, m]));
    const A = byName(res.a);
    const B = byName(res.b);
    const table = h("table", { class: "grid", id: "compare-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", { class: "num" }, `A ${key}`), h("th", { class: "num" }, `B ${key}`), h("th", { class: "num" }, "B − A"))));
    const body = h("tbody");
    for (const n of names) {
      const va = A[n] ? A[n][key] : null;
      const vb = B[n] ? B[n][key] : null;
      const d = va !== null && vb !== null ? vb - va : null;
      body.append(h("tr", {}, h("td", {}, n), h("td", { class: "num" }, va === null ? "–" : fmtPct(va)),
        h("td", { class: "num" }, vb === null ? "–" : fmtPct(vb)),
        h("td", { class: `num ${d > 0 ? "pos" : d < 0 ? "neg" : ""}` }, d === null ? "–" : `${d > 0 ? "+" : ""}${fmtNum(d * 100, 2)} pts`)));
    }
    table.append(body);
    out.append(
      h("div", { class: "compare-grid" },
        h("div", {}, h("strong", {}, "A: "), a.name || "", h("p", { class: "small" }, `${res.a.rule} (${res.a.method}${res.a.exact ? ", exact" : ", approximate"})`)),
        h("div", {}, h("strong", {}, "B: "), b.name || "", h("p", { class: "small" }, `${res.b.rule} (${res.b.method}${res.b.exact ? ", exact" : ", approximate"})`))),
      table,
    );
  } catch (err) {
    ctx.showError(err);
  }
}
