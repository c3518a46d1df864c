/* A scorecard's content: its canonical form, differences between two copies, and merging.
 *
 * Pure functions only (no DOM, no network), so `node --test` can check them. The shape is the
 * one the server sends and accepts: ratings, evidence, probes, observed, flag_decisions, notes,
 * recommendation.
 */

export const TEXT_FIELDS = Object.freeze(["notes", "evidence"]);

/** The marker placed between the two texts when both are kept. */
export const BOTH_MARKER = "--- kept from the version saved elsewhere ---";

export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function sortKeys(value) {
  if (Array.isArray(value)) { return value.map(sortKeys); }
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) { out[key] = sortKeys(value[key]); }
    return out;
  }
  return value;
}

/** One string per content: equal strings mean equal content, whatever the key order. */
export function canonical(content) { return JSON.stringify(sortKeys(content)); }

function nonEmpty(map) {
  const out = {};
  for (const [key, value] of Object.entries(map || {})) {
    if (value) { out[key] = value; }
  }
  return out;
}

/** Return a scorecard's content in the shape the form produces, for comparing. */
export function contentOf(card) {
  const source = card || {};
  return {
    ratings: clone(source.ratings || {}),
    evidence: nonEmpty(source.evidence),
    probes: nonEmpty(source.probes),
    observed: (source.observed || []).slice().sort(),
    flag_decisions: clone(source.flag_decisions || {}),
    notes: source.notes || "",
    recommendation: source.recommendation || null,
  };
}

/** Keep both texts: nothing either copy holds is lost, and the join is marked. */
export function mergeText(mine, theirs) {
  const a = mine || "";
  const b = theirs || "";
  if (!a) { return b; }
  if (!b || a.includes(b)) { return a; }
  if (b.includes(a)) { return b; }
  return `${a.replace(/\s+$/, "")}\n\n${BOTH_MARKER}\n${b.replace(/^\s+/, "")}`;
}

const has = (map, key) => Object.prototype.hasOwnProperty.call(map, key);

/**
 * List where two contents differ, one row per field, in page order.
 *
 * `page` describes the form: {criteria: [{id, name}], probes: [{id, question}]}. Each row has
 * a `path` (e.g. "evidence.modeling"), a `label`, both values, and `mergeable` when keeping
 * both makes sense (free text).
 */
export function diffContent(mine, theirs, page) {
  const rows = [];
  const add = (path, label, a, b, mergeable) => {
    if (canonical(a === undefined ? "unset" : a) !== canonical(b === undefined ? "unset" : b)) {
      rows.push({ path, label, mine: a, theirs: b, mergeable: Boolean(mergeable) });
    }
  };
  for (const c of page.criteria || []) {
    add(`ratings.${c.id}`, `Rating: ${c.name}`,
      has(mine.ratings, c.id) ? mine.ratings[c.id] : undefined,
      has(theirs.ratings, c.id) ? theirs.ratings[c.id] : undefined, false);
    add(`evidence.${c.id}`, `Evidence: ${c.name}`,
      mine.evidence[c.id] || "", theirs.evidence[c.id] || "", true);
  }
  for (const p of page.probes || []) {
    add(`probes.${p.id}`, `Probe: ${p.question}`, mine.probes[p.id] || "",
      theirs.probes[p.id] || "", false);
  }
  add("observed", "Weak signals you noticed", mine.observed, theirs.observed, false);
  add("flag_decisions", "Answers to proposed flags", mine.flag_decisions,
    theirs.flag_decisions, false);
  add("notes", "Notes", mine.notes, theirs.notes, true);
  add("recommendation", "Overall recommendation", mine.recommendation,
    theirs.recommendation, false);
  return rows;
}

/**
 * Build the content to save from the rows and a choice per row: "mine", "theirs" or "both".
 *
 * Fields that do not differ keep the page's value. "both" on a field that cannot be merged
 * (a rating, say) keeps mine.
 */
export function resolveContent(mine, theirs, rows, choices) {
  const out = contentOf(mine);
  rows.forEach((row, index) => {
    const choice = choices[index] || "mine";
    if (choice === "mine") { return; }
    const [field, key] = row.path.split(".");
    let value;
    if (choice === "both" && row.mergeable) {
      value = mergeText(row.mine, row.theirs);
    } else if (choice === "theirs") {
      value = row.theirs;
    } else {
      return;
    }
    if (key === undefined) {
      out[field] = clone(value);
    } else if (value === undefined || value === "") {
      delete out[field][key];
    } else {
      out[field][key] = clone(value);
    }
  });
  if (out.observed) { out.observed.sort(); }
  return out;
}

/** Order error keys as their fields appear on the page; unknown keys go last, in input order. */
export function orderErrors(errors, pageOrder) {
  const rank = new Map(pageOrder.map((key, index) => [key, index]));
  return Object.keys(errors)
    .map((key, index) => ({ key, index, rank: rank.has(key) ? rank.get(key) : Infinity }))
    .sort((a, b) => (a.rank - b.rank) || (a.index - b.index))
    .map((item) => item.key);
}

/** A random version-4 UUID from a Web Crypto object (works on plain http too). */
export function uuid(crypto) {
  if (crypto && typeof crypto.randomUUID === "function") {
    try { return crypto.randomUUID(); } catch (_) { /* not a secure context */ }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** "14:02" for an ISO time, in the given IANA zone (or the browser's when none is given). */
export function clockTime(iso, timeZone) {
  if (!iso) { return ""; }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) { return ""; }
  const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (timeZone) { options.timeZone = timeZone; }
  try {
    return new Intl.DateTimeFormat("en-GB", options).format(date);
  } catch (_) {
    return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" }).format(date);
  }
}
