// Small helpers: JSON requests to this server, downloads, element building, number formats.

export class ApiError extends Error {
  constructor(status, data) {
    super((data && (data.message || data.detail)) || `request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.data = data;
  }
}

/** A JSON request to this server; throws ApiError with the server's message on 4xx/5xx. */
export async function api(method, path, body, signal) {
  const init = { method, headers: {}, signal, credentials: "same-origin" };
  // The server accepts changes only as JSON (its guard against cross-site requests).
  if (method !== "GET") init.headers["content-type"] = "application/json";
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** POST a JSON body and save the response as a file. */
export async function download(path, body, filename) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    throw new ApiError(response.status, data);
  }
  const disposition = response.headers.get("content-disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = match ? match[1] : filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Build an element: h("td", {class: "num"}, "text", child). Text is never parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value") el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}

export function fmtPct(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return "–";
  return `${(value * 100).toFixed(digits)}%`;
}

export function fmtNum(value, digits = 2) {
  if (value === undefined || value === null || Number.isNaN(value)) return "–";
  if (Number.isInteger(value)) return String(value);
  return Number(value).toFixed(digits);
}

/** A cell's text as a number when it is one written plainly, else the text (read exactly by the server). */
export function parseCell(text) {
  const t = String(text).trim();
  if (t === "") return undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n) && String(n) === t && (!Number.isInteger(n) || Number.isSafeInteger(n))) return n;
  }
  return t;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const WORDS = [
  ["Field required", "is missing"],
  ["Extra inputs are not permitted", "is not a known field"],
  ["Input should be a valid number", "must be a number"],
  ["Input should be a valid string", "must be text"],
  ["Input should be a valid list", "must be a list"],
  ["Input should be a valid dictionary", "must be a mapping"],
];

/**
 * A message in plain words: key paths such as `members[0].name` or `scenario.members.0.name`
 * become "member 1: name" (the server already words its own messages so; this covers the
 * request checks).
 */
export function plainWords(message) {
  let text = String(message).trim().replace(/^(scenario|body)(: |\.)/, "");
  for (const [raw, plain] of WORDS) text = text.split(raw).join(plain);
  text = text.replace(/\bmembers(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?/g, (_, a, b, col) =>
    `member ${Number(a ?? b) + 1}${col ? `: ${col}` : ""}`);
  text = text.replace(/(member \d+: \w+): (is missing|is not a known field|must be)/g, "$1 $2");
  text = text.replace(/(?:\.criteria)(?:\[(\d+)\]|\.(\d+))/g, (_, a, b) => `, criterion ${Number(a ?? b) + 1}`);
  return text;
}
