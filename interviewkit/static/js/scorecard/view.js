/* The scorecard page's DOM: reading the form, writing it back, proposals, errors, conflicts. */

import { clone, orderErrors } from "./content.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

export function show(node, visible) { if (node) { node.classList.toggle("d-none", !visible); } }

export function cssEscape(text) {
  return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, "\\$&");
}

/** What the page shows, for diffing: criteria and probes in page order. */
export function pageShape() {
  return {
    criteria: Array.from(document.querySelectorAll(".criterion"),
      (node) => ({ id: node.dataset.criterion, name: node.dataset.name })),
    probes: Array.from(document.querySelectorAll(".probe"), (node) => ({
      id: node.dataset.probe,
      question: node.querySelector(".probe-question").textContent.trim(),
    })),
  };
}

/** Read the form into scorecard content. */
export function collect(decisions) {
  const ratings = {};
  document.querySelectorAll(".rating-input:checked").forEach((input) => {
    ratings[input.dataset.criterion] = input.value === "none" ? null : Number(input.value);
  });
  const evidence = {};
  document.querySelectorAll("textarea.evidence").forEach((area) => {
    if (area.value) { evidence[area.dataset.evidence] = area.value; }
  });
  const probes = {};
  document.querySelectorAll(".probe-input:checked").forEach((input) => {
    if (input.value) { probes[input.dataset.probe] = input.value; }
  });
  const observed = Array.from(document.querySelectorAll(".flag-input:checked"),
    (input) => input.value).sort();
  const rec = document.querySelector(".rec-input:checked");
  return {
    ratings, evidence, probes, observed,
    flag_decisions: clone(decisions),
    notes: document.getElementById("notes").value,
    recommendation: rec ? rec.value : null,
  };
}

/** Write content into the form. */
export function applyContent(content) {
  const has = (map, key) => Object.prototype.hasOwnProperty.call(map, key);
  document.querySelectorAll(".rating-input").forEach((input) => {
    const known = has(content.ratings, input.dataset.criterion);
    const value = known ? content.ratings[input.dataset.criterion] : undefined;
    input.checked = known && (value === null ? input.value === "none" : input.value === String(value));
  });
  document.querySelectorAll("textarea.evidence").forEach((area) => {
    area.value = content.evidence[area.dataset.evidence] || "";
  });
  document.querySelectorAll(".probe-input").forEach((input) => {
    input.checked = (content.probes[input.dataset.probe] || "") === input.value;
  });
  document.querySelectorAll(".flag-input").forEach((input) => {
    input.checked = content.observed.indexOf(input.value) !== -1;
  });
  document.querySelectorAll(".rec-input").forEach((input) => {
    input.checked = input.value === content.recommendation;
  });
  document.getElementById("notes").value = content.notes || "";
}

// --- how values read to a person --------------------------------------------------------------

const RATING_WORDS = { 1: "1 · Weak", 2: "2 · Mixed", 3: "3 · Strong", 4: "4 · Exceptional" };

export function describe(path, value) {
  const [field, key] = path.split(".");
  if (field === "ratings") {
    if (value === undefined) { return "Not rated"; }
    return value === null ? "No signal" : (RATING_WORDS[value] || String(value));
  }
  if (field === "evidence" || field === "notes") { return value || "(empty)"; }
  if (field === "probes") {
    if (!value) { return "Not asked"; }
    const input = document.getElementById(`probe-${key}-${value}`);
    return input ? input.dataset.label : value;
  }
  if (field === "observed") {
    if (!value.length) { return "None"; }
    return value.map((id) => {
      const input = document.getElementById(`flag-${id}`);
      return input ? input.dataset.label : id;
    }).join(", ");
  }
  if (field === "flag_decisions") {
    const ids = Object.keys(value).sort();
    if (!ids.length) { return "None"; }
    return ids.map((id) => {
      const input = document.getElementById(`flag-${id}`);
      const name = input ? input.dataset.label : (document.querySelector(
        `.proposal[data-flag="${cssEscape(id)}"] .proposal-label`) || {}).textContent || id;
      const d = value[id];
      return `${name}: ${d.decision}${d.reason ? ` (${d.reason})` : ""}`;
    }).join("; ");
  }
  if (field === "recommendation") {
    if (!value) { return "None"; }
    const input = document.getElementById(`rec-${value}`);
    return input && input.labels.length ? input.labels[0].textContent : value;
  }
  return String(value);
}

// --- errors at the fields -----------------------------------------------------------------------

export function fieldFor(key, proposalNodes) {
  const [field, id] = key.split(".");
  if (field === "evidence") { return document.getElementById(`evidence-${id}`); }
  if (field === "ratings") { return document.getElementById(`rating-${id}-1`); }
  if (field === "recommendation") { return document.querySelector(".rec-input"); }
  if (field === "flags") {
    const li = proposalNodes[id];
    return li ? li.querySelector("button, textarea") : null;
  }
  return null;
}

/** Every error key the page can show, in the order its field appears on the page. */
export function errorKeysInPageOrder() {
  return Array.from(document.querySelectorAll("[data-error-for]"), (node) => node.dataset.errorFor);
}

export function clearError(key) {
  const node = document.querySelector(`[data-error-for="${cssEscape(key)}"]`);
  if (node) { node.textContent = ""; node.classList.remove("shown"); }
  const list = document.getElementById("error-list");
  const item = list.querySelector(`[data-key="${cssEscape(key)}"]`);
  if (item) { item.remove(); }
  if (!list.children.length) { show(document.getElementById("error-summary"), false); }
}

export function showErrors(errors, proposalNodes) {
  const summary = document.getElementById("error-summary");
  const list = document.getElementById("error-list");
  document.querySelectorAll("[data-error-for]").forEach((node) => {
    node.textContent = "";
    node.classList.remove("shown");
  });
  document.querySelectorAll(".is-invalid").forEach((n) => n.classList.remove("is-invalid"));
  list.replaceChildren();
  for (const key of orderErrors(errors, errorKeysInPageOrder())) {
    const node = document.querySelector(`[data-error-for="${cssEscape(key)}"]`);
    if (node) { node.textContent = errors[key]; node.classList.add("shown"); }
    const field = fieldFor(key, proposalNodes);
    if (field && field.tagName === "TEXTAREA") { field.classList.add("is-invalid"); }
    const item = el("li");
    item.dataset.key = key;
    if (field) {
      const link = el("a", null, errors[key]);
      link.href = "#";
      link.addEventListener("click", (event) => {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
      item.appendChild(link);
    } else {
      item.textContent = errors[key];
    }
    list.appendChild(item);
  }
  const any = Object.keys(errors).length > 0;
  show(summary, any);
  if (any) {
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }
}

// --- conflicts -------------------------------------------------------------------------------

/** Draw one row per difference with "yours", "saved" and, for text, "keep both". */
export function drawConflict(rows, savedWhen) {
  const container = document.getElementById("conflict-rows");
  container.replaceChildren();
  rows.forEach((row, index) => {
    const fs = el("fieldset", "conflict-row");
    fs.appendChild(el("legend", "h6", row.label));
    const grid = el("div", "conflict-choices" + (row.mergeable ? " conflict-choices-3" : ""));
    const choices = [
      ["mine", "Yours, on this page", describe(row.path, row.mine)],
      ["theirs", `Saved version${savedWhen ? ` (saved ${savedWhen})` : ""}`,
        describe(row.path, row.theirs)],
    ];
    if (row.mergeable) {
      choices.push(["both", "Keep both", "Yours first, then the saved text, with a marked line between."]);
    }
    for (const [value, title, text] of choices) {
      const id = `conflict-${index}-${value}`;
      const input = el("input", "btn-check");
      input.type = "radio";
      input.name = `conflict-${index}`;
      input.id = id;
      input.value = value;
      input.checked = value === (row.mergeable ? "both" : "mine");
      const label = el("label", "btn btn-outline-dark conflict-choice");
      label.htmlFor = id;
      label.appendChild(el("span", "conflict-choice-title", title));
      label.appendChild(el("span", "conflict-choice-text", text));
      grid.appendChild(input);
      grid.appendChild(label);
    }
    fs.appendChild(grid);
    container.appendChild(fs);
  });
}

export function conflictChoices(rows) {
  return rows.map((_, index) => {
    const checked = document.querySelector(`input[name="conflict-${index}"]:checked`);
    return checked ? checked.value : "mine";
  });
}

export function chooseEverywhere(rows, which) {
  rows.forEach((row, index) => {
    const value = which === "both" && !row.mergeable ? "mine" : which;
    const input = document.getElementById(`conflict-${index}-${value}`);
    if (input) { input.checked = true; }
  });
}
