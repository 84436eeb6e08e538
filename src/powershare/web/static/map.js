// The "Map" section of the results: the audit's choropleth maps (seats, power and citizen power
// per person), drawn by the server (powershare.audit.maps, the report's figure) and shown as an
// image; an uploaded GeoJSON file is read here and sent as text, joined by member name there.
import { api, h, clear, plainWords } from "./util.js";

const $ = (sel) => document.querySelector(sel);
let ctx = null;
let upload = null; // {text, filename} of an uploaded GeoJSON file, else the shipped boundaries
let seq = 0;
let maxBytes = 2 * 1024 * 1024;

export function initMap(context) {
  ctx = context;
  $("#map-box").addEventListener("toggle", (e) => { if (e.target.open) refreshMap(); });
  $("#map-file").addEventListener("change", (e) => e.target.files[0] && readUpload(e.target.files[0]));
  $("#map-key").addEventListener("change", () => refreshMap());
  $("#map-forget").addEventListener("click", () => {
    upload = null;
    $("#map-forget").hidden = true;
    $("#map-file").value = "";
    refreshMap();
  });
  api("GET", "/api/limits").then((l) => { maxBytes = l.max_request_bytes; }, () => {});
}

async function readUpload(file) {
  const out = $("#map");
  if (file.size > maxBytes - 100_000) {
    clear(out);
    out.append(h("p", { class: "small map-error" }, `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; this server takes requests up to ${(maxBytes / 1e6).toFixed(1)} MB. Simplify the boundaries first (e.g. with mapshaper).`));
    $("#map-file").value = "";
    return;
  }
  upload = { text: await file.text(), filename: file.name };
  $("#map-forget").hidden = false;
  refreshMap();
}

/** Redraw the maps for the current scenario (when the section is open). */
export async function refreshMap() {
  if (!ctx || !$("#map-box").open) return;
  const mine = ++seq;
  const out = $("#map");
  out.classList.add("stale");
  if (!out.firstChild) out.append(h("p", { class: "muted small" }, "drawing the maps…"));
  const req = { scenario: ctx.scenarioForApi() };
  if (upload) Object.assign(req, { geojson: upload.text, filename: upload.filename });
  const key = $("#map-key").value.trim();
  if (key) req.key = key;
  try {
    const m = await api("POST", "/api/audit/map", req);
    if (mine !== seq) return;
    clear(out);
    if (!m.svg) {
      out.append(h("p", { class: "small", id: "map-note" }, m.note));
      return;
    }
    const titles = m.panels.map((t) => t.charAt(0).toLowerCase() + t.slice(1));
    // an image, not inline markup: the page's CSP forbids the SVG's style attributes inline
    const image = h("img", { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(m.svg)}`, alt: `Maps of ${titles.join(", ")}, by region (ratio to the average)`, id: "map-image", title: "Click to enlarge (and again to close)" });
    const figure = h("figure", { class: "map-figure" }, image,
      h("figcaption", { class: "small" },
        h("ul", { class: "map-panels" }, ...m.panels.map((t) => h("li", {}, t))),
        "Each region is coloured by its ratio to the average (1× = average): orange below, blue above, the same scale in every panel; hatched: no figure. Click the maps to enlarge them."));
    image.addEventListener("click", () => figure.classList.toggle("wide"));
    out.append(figure);
    if (m.missing && m.missing.length) out.append(h("p", { class: "small muted" }, `Not on the map (no boundary): ${m.missing.join(", ")}.`));
    out.append(h("p", { class: "small muted", id: "map-source" }, `Boundaries: ${m.source} (joined by the property '${m.key}'); ${m.regions} regions.`));
  } catch (err) {
    if (mine !== seq) return;
    clear(out);
    out.append(h("p", { class: "small map-error", role: "alert" }, plainWords(err.message || String(err))));
  } finally {
    if (mine === seq) out.classList.remove("stale");
  }
}
