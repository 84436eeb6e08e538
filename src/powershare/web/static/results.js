// Live results: the power bars, the table of values and the structure of the rule.
import { api, h, clear, fmtPct, fmtNum, plainWords } from "./util.js";

const $ = (sel) => document.querySelector(sel);

/** The results no longer match the editor (a change is being computed): grey them, say why. */
export function markStale(reason) {
  const panel = $("#results-panel");
  if (!$("#bars").childElementCount) return;
  panel.classList.add("stale");
  $("#stale-note").textContent = reason;
  $("#stale-note").hidden = false;
}

/** No result matches the editor: remove the bars and values and say why. */
export function clearResults(reason) {
  $("#results-panel").classList.remove("stale");
  $("#stale-note").hidden = true;
  clear($("#bars"));
  clear($("#values"));
  clear($("#result-meta"));
  $("#result-meta").append(h("span", { id: "no-results", class: "no-results" }, reason));
  clear($("#structure"));
}

/** Plain-language warnings about the rule (not proper, vetoes, a dictator), always visible. */
export function renderWarnings(warnings) {
  const box = $("#warnings");
  clear(box);
  for (const w of warnings) box.append(h("p", { class: "warn small" }, "⚠ ", w));
  box.hidden = !warnings.length;
}

/** Draw a power result; returns the index shown (the one chosen before, when still offered). */
export function renderResults(data, preferred) {
  $("#results-panel").classList.remove("stale");
  $("#stale-note").hidden = true;
  const select = $("#show-index");
  const current = select.value || preferred;
  clear(select);
  for (const key of data.index) select.append(h("option", { value: key }, data.labels[key] || key));
  select.value = data.index.includes(current) ? current : data.index[0];
  const shown = select.value;
  $("#rule-words").textContent = data.rule ? `Passes when: ${data.rule}` : "";
  const meta = $("#result-meta");
  clear(meta);
  meta.append(
    h("span", { class: `badge ${data.exact ? "exact" : "approx"}`, id: "exactness" }, data.exact ? "exact" : "approximate"),
    ` method: `, h("strong", { id: "method" }, data.method),
    ` · ${data.n} members · ${fmtNum(data.seconds * 1000, 1)} ms`,
  );
  if (!data.exact && data.approximation) {
    const bounds = Object.entries(data.approximation).map(([k, a]) =>
      `${data.labels[k] || k}: each value within ±${fmtPct(a.largest_halfwidth, 2)} (${fmtNum(a.confidence * 100, 0)}% confidence, ${a.samples.toLocaleString("en")} samples)`);
    meta.append(h("br"), h("span", { id: "interval" }, `Estimated by Monte Carlo. ${bounds.join("; ")}.`));
  }
  if (data.notes) meta.append(h("br"), data.notes.join(" "));
  drawBars(data, shown);
  drawValues(data);
  return shown;
}

/** The bars of one index, beside the weight and population shares. */
export function drawBars(data, key) {
  const bars = $("#bars");
  clear(bars);
  const weight = data.shares.weight || null;
  const pop = data.shares.population || null;
  let max = 0;
  data.members.forEach((m, i) => {
    max = Math.max(max, m[key] || 0, weight ? weight[i] : 0, pop ? pop[i] : 0);
  });
  if (max <= 0) max = 1;
  const order = data.members.map((_, i) => i);
  const shown = order.length > 80 ? order.sort((a, b) => data.members[b][key] - data.members[a][key]).slice(0, 80) : order;
  for (const i of shown) {
    const m = data.members[i];
    const track = h("div", { class: "bar-track" });
    const bar = (cls, value, title) => {
      const el = h("div", { class: `bar ${cls}`, title });
      el.style.width = `${Math.max(0, (value / max) * 100)}%`;
      return el;
    };
    const interval = m[`${key}_interval`];
    const range = interval ? ` (${fmtPct(interval[0])} to ${fmtPct(interval[1])})` : "";
    track.append(bar("power", m[key], `${data.labels[key] || key}: ${fmtPct(m[key])}${range}`));
    if (weight) track.append(bar("seats", weight[i], `weight share: ${fmtPct(weight[i])}`));
    if (pop) track.append(bar("pop", pop[i], `population share: ${fmtPct(pop[i])}`));
    bars.append(
      h("div", { class: "bar-row", "data-member": m.name },
        h("div", { class: "bar-name", title: m.name }, m.name),
        track,
        h("div", { class: "bar-value power-value", title: range.trim() }, `${interval ? "≈" : ""}${fmtPct(m[key])}`)),
    );
  }
  if (shown.length < order.length) bars.append(h("p", { class: "small muted" }, `${shown.length} largest of ${order.length} shown; all are in the table below.`));
}

function drawValues(data) {
  const table = $("#values");
  clear(table);
  const head = h("tr", {}, h("th", {}, "member"));
  const hasWeight = data.members.length && "weight" in data.members[0];
  if (hasWeight) head.append(h("th", { class: "num" }, "weight"));
  if (data.shares.weight) head.append(h("th", { class: "num" }, "weight share"));
  if (data.shares.population) head.append(h("th", { class: "num" }, "population share"));
  for (const key of data.index) head.append(h("th", { class: "num" }, data.labels[key] || key));
  table.append(h("thead", {}, head));
  const body = h("tbody");
  data.members.forEach((m, i) => {
    const tr = h("tr", {}, h("td", {}, m.name));
    if (hasWeight) tr.append(h("td", { class: "num" }, String(m.weight)));
    if (data.shares.weight) tr.append(h("td", { class: "num" }, fmtPct(data.shares.weight[i])));
    if (data.shares.population) tr.append(h("td", { class: "num" }, fmtPct(data.shares.population[i])));
    for (const key of data.index) {
      const exact = m[`${key}_exact`];
      const interval = m[`${key}_interval`];
      const text = interval ? `${fmtNum(m[key], 4)} [${fmtNum(interval[0], 4)}, ${fmtNum(interval[1], 4)}]` : fmtNum(m[key], 4);
      tr.append(h("td", { class: "num", title: exact ? `exactly ${exact}` : interval ? "estimate [confidence interval]" : "" }, text));
    }
    body.append(tr);
  });
  table.append(body);
}

/** Veto players, dummies, dictator and minimal coalitions of a scenario (as the API takes it). */
export async function loadStructure(scenario) {
  const out = $("#structure");
  clear(out);
  out.append(h("p", { class: "muted small" }, "computing…"));
  try {
    const s = await api("POST", "/api/structure", { scenario, limit: 10 });
    clear(out);
    const list = (items) => (items.length ? items.join(", ") : "none");
    const yes = (v) => (v === null || v === undefined ? "not checked" : v ? "yes" : "no");
    out.append(
      h("p", {}, h("strong", {}, "Veto players: "), h("span", { id: "structure-vetoes" }, list(s.veto_players))),
      h("p", {}, h("strong", {}, "Dummies (never decisive): "), h("span", { id: "structure-dummies" }, list(s.dummies))),
      h("p", {}, h("strong", {}, "Dictator: "), s.dictator || "none"),
    );
    if (s.enumerated === false) {
      out.append(h("p", { class: "small muted", id: "structure-note" }, s.note));
    } else {
      out.append(
        h("p", {}, h("strong", {}, "Minimal winning coalitions: "), String(s.minimal_winning_count)),
        h("ul", { class: "small" }, ...s.minimal_winning_coalitions.map((c) => h("li", {}, `{${c.join(", ")}}`))),
        h("p", {}, h("strong", {}, "Minimal blocking coalitions: "), String(s.minimal_blocking_count)),
      );
    }
    out.append(
      h("p", { class: "small" }, `Two opposite proposals can never both pass (proper): ${yes(s.proper)} · `
        + `of a proposal and its reverse, one always passes (strong): ${yes(s.strong)}`),
    );
  } catch (err) {
    clear(out);
    out.append(h("p", { class: "small" }, plainWords(err.message || String(err))));
  }
}
