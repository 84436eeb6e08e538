// The rule editor: one form per rule kind (docs/rules.md), nesting freely.
import { h, parseCell } from "./util.js";

export const RULE_TYPES = {
  weighted: "at least a quota of a weight column",
  all_of: "every criterion must pass (several criteria)",
  any_of: "at least one criterion must pass",
  veto: "each listed member must approve (vetoes)",
  at_least: "at least k members approve",
  bloc_consent: "at least m blocs approve, each by its own rule",
  two_tier: "units decide, then vote in an upper body",
  minimal_winning: "any rule, by its minimal winning coalitions",
};

export function ruleIsWeighted(rule) {
  return rule && (rule.type === undefined || rule.type === "weighted") && "quota" in rule;
}

function ruleType(rule) {
  return rule.type || ("quota" in rule ? "weighted" : "weighted");
}

function defaultRule(type, columns) {
  const weight = columns.includes("weight") ? "weight" : columns[0] || "weight";
  switch (type) {
    case "weighted": return { type: "weighted", weight, quota: "majority" };
    case "all_of": return { type: "all_of", criteria: [{ type: "weighted", weight, quota: "majority" }] };
    case "any_of": return { type: "any_of", criteria: [{ type: "weighted", weight, quota: "majority" }] };
    case "veto": return { type: "veto", members: [] };
    case "at_least": return { type: "at_least", count: 1 };
    case "bloc_consent": return { type: "bloc_consent", required: "all", group_by: columns.find((c) => c !== weight) || "bloc" };
    case "two_tier": return { type: "two_tier", group_by: columns.find((c) => c !== weight) || "unit", units: [], upper: { type: "at_least", count: 1 } };
    case "minimal_winning": return { type: "minimal_winning", coalitions: [] };
    default: return { type: "weighted", weight, quota: "majority" };
  }
}

const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

/**
 * The editor of one rule node.  `ctx` has columns(), members(), onChange() (a value changed in
 * place) and rerender() (the shape changed); `replace(r)` puts another rule in this node's place.
 */
export function renderRuleEditor(rule, ctx, replace) {
  const type = ruleType(rule);
  const node = h("div", { class: "rule-node", "data-rule-type": type });
  const typeSelect = h("select", { "aria-label": "rule kind", class: "rule-type" });
  for (const [key, label] of Object.entries(RULE_TYPES)) typeSelect.append(h("option", { value: key }, `${key}: ${label}`));
  typeSelect.value = type;
  typeSelect.addEventListener("change", () => { replace(defaultRule(typeSelect.value, ctx.columns())); ctx.rerender(); });
  node.append(h("div", { class: "row" }, h("label", {}, "Kind ", typeSelect)));

  const field = (label, key, { size = 10, parse = parseCell, fmt = (v) => (v === undefined ? "" : String(v)), hint = "" } = {}) => {
    const input = h("input", { type: "text", size, value: fmt(rule[key]), "data-field": key });
    input.addEventListener("input", () => {
      const v = parse(input.value);
      if (v === undefined || (Array.isArray(v) && !v.length && key !== "members" && key !== "coalitions")) delete rule[key];
      else rule[key] = v;
      ctx.onChange();
    });
    return h("label", { title: hint }, `${label} `, input);
  };
  const columnSelect = (label, key, fallback) => {
    const select = h("select", { "data-field": key });
    const cols = ctx.columns();
    for (const c of cols) select.append(h("option", { value: c }, c));
    const current = rule[key] || fallback;
    if (current && !cols.includes(current)) select.append(h("option", { value: current }, `${current} (missing)`));
    select.value = current;
    select.addEventListener("change", () => { rule[key] = select.value; ctx.onChange(); });
    return h("label", {}, `${label} `, select);
  };
  const child = (key, label, fallbackType = "weighted") => {
    const wrap = h("div", { class: "children" }, h("div", { class: "small muted" }, label));
    if (rule[key] === undefined) {
      wrap.append(h("button", { type: "button", onclick: () => { rule[key] = defaultRule(fallbackType, ctx.columns()); ctx.rerender(); } }, `Set ${label}`));
      return wrap;
    }
    wrap.append(
      renderRuleEditor(rule[key], ctx, (r) => { rule[key] = r; }),
      h("button", { type: "button", class: "danger small", onclick: () => { delete rule[key]; ctx.rerender(); } }, "use the default"),
    );
    return wrap;
  };

  const fields = h("div", { class: "row" });
  node.append(fields);
  switch (type) {
    case "weighted":
      fields.append(columnSelect("weight column", "weight", "weight"), field("quota (at least)", "quota", { hint: "12, 2/3, 65%, 50%+1 or majority" }), field("label", "label", { size: 14, parse: (t) => t.trim() || undefined }));
      break;
    case "all_of":
    case "any_of": {
      const kids = h("div", { class: "children" });
      (rule.criteria || []).forEach((c, i) => {
        kids.append(
          renderRuleEditor(c, ctx, (r) => { rule.criteria[i] = r; }),
          h("button", { type: "button", class: "danger small", onclick: () => { rule.criteria.splice(i, 1); ctx.rerender(); } }, "remove criterion"),
        );
      });
      node.append(kids, h("button", { type: "button", class: "add-criterion", onclick: () => {
        rule.criteria = [...(rule.criteria || []), defaultRule("weighted", ctx.columns())];
        ctx.rerender();
      } }, "Add criterion"));
      break;
    }
    case "veto": {
      const box = h("div", { class: "row small" }, "Veto holders: ");
      for (const name of ctx.members()) {
        const cb = h("input", { type: "checkbox", value: name });
        cb.checked = (rule.members || []).includes(name);
        cb.addEventListener("change", () => {
          const set = new Set(rule.members || []);
          if (cb.checked) set.add(name); else set.delete(name);
          rule.members = ctx.members().filter((m) => set.has(m));
          ctx.onChange();
        });
        box.append(h("label", {}, cb, ` ${name}`));
      }
      node.append(box);
      break;
    }
    case "at_least":
      fields.append(field("count", "count", { size: 5 }), field("among (names, comma-separated; empty: all)", "among", { size: 30, parse: (t) => list(t), fmt: (v) => (v || []).join(", ") }));
      break;
    case "bloc_consent":
      fields.append(
        field("required (a number or all)", "required", { size: 5 }),
        columnSelect("blocs by column", "group_by", rule.group_by),
        field("groups (optional)", "groups", { size: 20, parse: (t) => (list(t).length ? list(t) : undefined), fmt: (v) => (v || []).join(", ") }),
      );
      node.append(child("bloc_rule", "each bloc's rule (default: majority of its members)"));
      break;
    case "two_tier": {
      fields.append(columnSelect("units by column", "group_by", rule.group_by));
      const split = h("input", { type: "checkbox" });
      split.checked = !!rule.split;
      split.addEventListener("change", () => { rule.split = split.checked; ctx.onChange(); });
      fields.append(h("label", {}, split, " split each unit's votes in proportion"));
      const units = h("textarea", { rows: 4, cols: 50, spellcheck: "false", "data-field": "units" });
      units.value = JSON.stringify(rule.units || [], null, 1);
      units.addEventListener("change", () => {
        try {
          rule.units = JSON.parse(units.value);
          units.classList.remove("invalid");
          ctx.onChange();
        } catch {
          units.classList.add("invalid");
        }
      });
      node.append(h("label", { class: "block small" }, "Units of the upper body (JSON list: name, columns such as votes, optional rule)", units));
      node.append(child("unit_rule", "each unit's rule (default: majority of its members)"));
      node.append(child("upper", "the upper body's rule (over the units' columns)", "at_least"));
      break;
    }
    case "minimal_winning": {
      const area = h("textarea", { rows: 4, cols: 50, "data-field": "coalitions" });
      area.value = (rule.coalitions || []).map((c) => c.join(", ")).join("\n");
      area.addEventListener("input", () => {
        rule.coalitions = area.value.split(/\n/).map(list).filter((c) => c.length);
        ctx.onChange();
      });
      node.append(h("label", { class: "block small" }, "One coalition per line, names separated by commas", area));
      break;
    }
    default:
      break;
  }
  return node;
}

