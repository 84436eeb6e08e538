// The Packages panel: a whole settlement (several institutions, cabinets, rotation), party by
// party.  Pick a shipped package, see each party's power per institution and issue area (a table
// and small multiples, one panel per institution), the package summary beside seats, the
// portfolios, the verdict; download the audit report.  Plain JavaScript, no framework.
import { api, download, h, clear, fmtPct } from "./util.js";

const $ = (sel) => document.querySelector(sel);
const NS = "http://www.w3.org/2000/svg";
// the Okabe-Ito colours of src/powershare/audit/palette.py, in the order the report gives areas
const AREA_COLOURS = ["#0072B2", "#D55E00", "#CC79A7", "#56B4E9", "#E69F00", "#000000"];
const SEATS = "#009E73";
let current = null;

function status(text, isError = false) {
  const box = $("#package-status");
  box.textContent = text;
  box.classList.toggle("error", isError);
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sorted parties: most powerful across the package first. */
function partiesOf(data) {
  return [...data.parties].sort((a, b) => (b.summary ?? -1) - (a.summary ?? -1));
}

/** One small dot plot per institution: rows are parties, a dot per issue area, a tick for seats. */
function institutionCharts(data) {
  const parties = partiesOf(data);
  const areas = data.areas.map((a) => a.name);
  const colour = (area) => AREA_COLOURS[areas.indexOf(area) % AREA_COLOURS.length];
  const wrap = h("div", { class: "package-charts", id: "package-chart" });
  // swatches as tiny SVGs (presentation attributes: the page's CSP allows no inline styles)
  const swatch = (shape) => {
    const s = svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12", class: "pkg-swatch" });
    s.append(shape);
    return s;
  };
  const legend = h("p", { class: "legend small" },
    ...areas.map((a) => h("span", { class: "pkg-key" }, swatch(svg("circle", { cx: 6, cy: 6, r: 4.5, fill: colour(a) })), a)),
    h("span", { class: "pkg-key" }, swatch(svg("rect", { x: 5, y: 0, width: 2.5, height: 12, fill: SEATS })), "seat share in the institution"));
  wrap.append(legend);
  const rowH = 20;
  const left = 150;
  const width = 360;
  const plotW = width - left - 12;
  for (const inst of data.institutions.filter((i) => i.areas.length)) {
    const height = parties.length * rowH + 34;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart pkg-chart", role: "img", "data-institution": inst.name });
    chart.append(svg("title", {}, `${inst.name}: power of each party per issue area`));
    chart.append(svg("text", { x: 4, y: 14, class: "pkg-title" }, inst.name));
    const x = (v) => left + v * plotW;
    const y = (i) => 26 + i * rowH + rowH / 2;
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      chart.append(svg("line", { x1: x(t), x2: x(t), y1: 22, y2: height - 10, class: "grid" }));
      chart.append(svg("text", { x: x(t), y: height - 1, "text-anchor": "middle", class: "tickl" }, `${t * 100}%`));
    }
    parties.forEach((p, i) => {
      chart.append(svg("text", { x: left - 6, y: y(i) + 4, "text-anchor": "end" }, p.name));
      const seat = p.seat_share_by_institution[inst.name];
      if (seat !== null && seat !== undefined) {
        chart.append(svg("rect", { x: x(seat) - 1, y: y(i) - 6, width: 2.5, height: 12, fill: SEATS }));
      }
      for (const area of inst.areas) {
        const v = p.by_institution[inst.name][area];
        if (v === null || v === undefined) continue;
        const dot = svg("circle", { cx: x(v), cy: y(i), r: 4.5, fill: colour(area), "fill-opacity": 0.85 });
        dot.append(svg("title", {}, `${p.name}, ${inst.name}, ${area}: ${fmtPct(v)}`));
        chart.append(dot);
      }
    });
    wrap.append(chart);
  }
  return wrap;
}

function table(id, header, rows) {
  return h("div", { class: "table-wrap" },
    h("table", { class: "grid small", id },
      h("thead", {}, h("tr", {}, ...header.map((c) => h("th", {}, c)))),
      h("tbody", {}, ...rows)));
}

function render(data) {
  const out = $("#package-out");
  clear(out);
  const parties = partiesOf(data);
  out.append(h("h3", {}, data.package));
  if (data.illustrative) out.append(h("p", { class: "limit" }, "ILLUSTRATIVE: not a real or proposed settlement."));
  out.append(h("p", { class: "words", id: "package-verdict" }, data.verdict));
  out.append(h("h4", {}, "Power per institution and issue area"));
  out.append(institutionCharts(data));
  const cols = data.institutions.flatMap((i) => i.areas.map((a) => [i.name, a]));
  out.append(table("package-institutions", ["party", ...cols.map(([i, a]) => `${i}: ${a}`)],
    parties.map((p) => h("tr", { "data-party": p.name }, h("td", {}, p.name),
      ...cols.map(([i, a]) => h("td", { class: "num", "data-col": `${i}: ${a}` }, fmtPct(p.by_institution[i][a])))))));
  out.append(h("h4", {}, "Across the package"));
  const areas = data.areas.map((a) => a.name);
  const pops = parties.some((p) => p.population_share !== null);
  out.append(table("package-summary",
    ["party", "summary", "seats", ...(pops ? ["population"] : []), ...areas],
    parties.map((p) => h("tr", { "data-party": p.name }, h("td", {}, p.name),
      h("td", { class: "num", "data-col": "summary" }, fmtPct(p.summary)),
      h("td", { class: "num" }, fmtPct(p.seat_share)),
      ...(pops ? [h("td", { class: "num" }, fmtPct(p.population_share))] : []),
      ...areas.map((a) => h("td", { class: "num", "data-col": a }, fmtPct(p.by_area[a])))))));
  for (const cab of data.cabinets) {
    out.append(h("h4", {}, `Portfolios: ${cab.name} (${cab.method}, from ${cab.from})`));
    out.append(table("package-portfolios", ["party", "portfolios", "share of portfolios", "seat share"],
      parties.filter((p) => p.portfolios[cab.name] && p.portfolios[cab.name].count).map((p) => {
        const info = p.portfolios[cab.name];
        return h("tr", { "data-party": p.name }, h("td", {}, p.name), h("td", {}, info.portfolios.join(", ")),
          h("td", { class: "num" }, fmtPct(info.weight_share)), h("td", { class: "num" }, fmtPct(p.seat_share_by_institution[cab.from])));
      })));
  }
  if (data.findings.length) {
    out.append(h("h4", {}, "Findings"));
    out.append(h("ul", { class: "small" }, ...data.findings.map((f) => h("li", {}, f))));
  }
  const notes = [...data.caveats, ...data.notes];
  if (notes.length) out.append(h("ul", { class: "small muted" }, ...notes.map((n) => h("li", {}, n))));
}

async function analyse() {
  const name = $("#package-select").value;
  if (!name) {
    status("Choose a package first.", true);
    return;
  }
  status("computing…");
  try {
    const data = await api("POST", "/api/packages/analyse", { name });
    current = name;
    render(data);
    status(`${data.exact ? "exact" : "approximate"}; ${data.seconds.toFixed(2)} s`);
    $("#package-report").disabled = false;
  } catch (err) {
    status(err.message, true);
  }
}

async function report() {
  if (!current) return;
  status("writing the report…");
  try {
    await download("/api/packages/report", { name: current, format: "html" }, `${current}-audit.html`);
    status("report downloaded");
  } catch (err) {
    status(err.message, true);
  }
}

async function init() {
  const select = $("#package-select");
  if (!select) return;
  $("#package-run").addEventListener("click", analyse);
  $("#package-report").addEventListener("click", report);
  select.addEventListener("change", () => {
    const note = select.selectedOptions[0] ? select.selectedOptions[0].title : "";
    $("#package-notes").textContent = note;
  });
  try {
    const list = await api("GET", "/api/packages");
    for (const p of list) select.append(h("option", { value: p.name, title: `${p.title}. ${p.caveats}` }, p.name));
    select.dataset.ready = "true";
  } catch (err) {
    status(err.message, true);
  }
}

init();
